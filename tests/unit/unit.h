/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers the cmocka unit tests share: scratch directories, files, and
 * capturing what the code under test prints on stderr.  Header-only so
 * that each u-*.c is one translation unit.
 */
#ifndef FSCONV_UNIT_H
#define FSCONV_UNIT_H

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "util.h"

/* a fresh directory under $TMPDIR; remove it with remove_tree() */
static inline char *unit_tmpdir(void)
{
	const char *base = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	char *dir = xasprintf("%s/fsconv-unit.XXXXXX", base);

	if (!mkdtemp(dir))
		fail_msg("mkdtemp %s failed", dir);
	return dir;
}

/* write text to dir/rel, making the directories on the way */
static inline void unit_write(const char *dir, const char *rel,
			      const char *text)
{
	char *path = path_join(dir, rel), *slash = strrchr(path, '/');
	FILE *fp;

	*slash = '\0';
	assert_int_equal(mkdirs(path, 0777), 0);
	*slash = '/';
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
	free(path);
}

/* stderr goes to a file until unit_stderr_end() returns what was written */
struct unit_capture {
	int saved;
	FILE *tmp;
};

static inline void unit_stderr_begin(struct unit_capture *c)
{
	fflush(stderr);
	c->tmp = tmpfile();
	assert_non_null(c->tmp);
	c->saved = dup(2);
	dup2(fileno(c->tmp), 2);
}

static inline char *unit_stderr_end(struct unit_capture *c)
{
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;

	fflush(stderr);
	dup2(c->saved, 2);
	close(c->saved);
	rewind(c->tmp);
	while ((n = fread(chunk, 1, sizeof(chunk), c->tmp)) > 0)
		buf_add(&b, chunk, n);
	fclose(c->tmp);
	return buf_detach(&b);
}

/* the number of lines of text that start with prefix */
static inline int unit_count_lines(const char *text, const char *prefix)
{
	int n = 0;

	for (const char *s = text; *s; s += strcspn(s, "\n"), s += !!*s)
		n += starts_with(s, prefix);
	return n;
}

#endif
