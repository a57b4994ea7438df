/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FSCONV_UDIFF_H
#define FSCONV_UDIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

/* one file's part of a unified diff, and where its changes start */
struct diff_file {
	char *path;
	const char *start, *end;
	int *sites;		/* old-file line of each run of changes */
	size_t nsites;
	int (*hunks)[2];	/* old-file first and last line of each hunk */
	size_t nhunks;
};

/*
 * Split a unified diff into files.  Lines outside any file's diff are
 * noise (spatch's stderr shares the pipe) and are skipped; a hunk whose
 * line counts do not add up is garbage: -1 with *why set (the caller
 * frees it).  Paths lose their "a/", "b/" and "./" prefixes.
 */
int diff_parse(const char *text, struct diff_file **filesp, size_t *np,
	       char **why);
void diff_files_free(struct diff_file *v, size_t n);
/* old-file line `line` lies in a hunk of one of the files' diffs */
bool diff_touches_line(const struct diff_file *df, size_t n, int line);

#endif
