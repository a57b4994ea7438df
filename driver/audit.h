/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FSCONV_AUDIT_H
#define FSCONV_AUDIT_H

#include "util.h"

/*
 * The audit (issue 6): after the semantic patches ran, find every site of
 * the dcache API in a filesystem with libclang, work out which of them run
 * with the parent directory locked (reachable inside the filesystem from
 * an installed ->lookup, ->atomic_open or ->iterate_shared), lint the
 * converted code (C3, C4), and classify each site:
 *
 *   converted   in the new form (2-argument d_alloc_parallel, 4-argument
 *               d_add_ci, d_alloc_noblock under ->iterate_shared, ...)
 *   manual      a rule covers it and said so: a line of a --reports file
 *               on the same line (or, for a human case, in the same
 *               function); or a manual: entry of fstable names its
 *               function, which covers every site there but converted
 *               and pending ones
 *   MISSED      a rule covers it and it is still in the old form
 *   human       only a human can convert it (R3, R6, R8, R9, R10) and
 *               nothing reported it
 *   pending     the tree lacks the API the rule converts to
 *   unaffected  no rule concerns it
 *   inactive    in code this configuration leaves out; not classified
 *
 * Report files are what the convert stage leaves per filesystem, one
 * finding a line:
 *
 *   FILE:LINE:COL: TYPE: message
 *
 * FILE relative to the tree (or absolute inside it), LINE and COL 1-based,
 * TYPE an UPPER_SNAKE word (WAITQUEUE_FIELD, MANUAL_CONVERSION, ...).
 * An optional level (ERROR, WARNING, INFO, CHECK) may come before TYPE.
 * Blank lines and lines starting with '#' are ignored; anything else that
 * does not parse is an error (exit 2).  The convert stage's results files
 * ("fsconv-results 1") are read too, for their "manual" records, and a
 * directory means every file in it.
 */
struct fs_entry;

struct audit_opts {
	const char *tree;
	const char *obj;	/* O= directory with .cmd files, or NULL */
	struct strvec reports;	/* report files */
	int jobs;		/* parallel parsers */
	int no_pch;		/* parse every header in every file */
	int pch_min;		/* files a precompiled header needs */
	int verbose;		/* list unaffected and inactive sites too */
	int diag;		/* print each file's first parse error */
};

#define AUDIT_OPTS_INIT { .reports = STRVEC_INIT, .jobs = 1, .pch_min = 8 }

/*
 * Audit the filesystems: append a Markdown section per filesystem to text
 * and, when json is not NULL, the whole result as one JSON object.
 * Returns the number of MISSED sites and lint findings, or -1 after an
 * error() (not a kernel tree, a bad report file).
 */
int audit_run(const struct audit_opts *o, struct fs_entry *const *fs,
	      size_t nfs, struct buf *text, struct buf *json);

#endif
