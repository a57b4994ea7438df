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
 * Each filesystem is audited in a state of its own (struct audit_fs):
 * after `fsconv run`, as its fsconv/<fs> branch has it, the files the
 * branch changed standing in for the tree's (auditstage.c); otherwise,
 * or with --on-disk, as the tree is on disk.
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
struct fstable;
struct workspace;

/* what an audit counts per filesystem, in the order it lists them */
enum audit_count {
	AUDIT_MISSED,
	AUDIT_HUMAN,
	AUDIT_MANUAL,
	AUDIT_CONVERTED,
	AUDIT_PENDING,
	AUDIT_UNAFFECTED,
	AUDIT_INACTIVE,
	AUDIT_LINT,
	NR_AUDIT_COUNTS,
};

extern const char *const audit_count_names[NR_AUDIT_COUNTS];

/* a finding of the convert stage: a report line or a results record */
struct audit_report {
	char *rule;		/* "R8", "d_duplicate", or NULL */
	char *file;		/* tree-relative; "FILE:FUNC" when line is 0 */
	unsigned int line, col;
	char *type, *msg;
};

/* one filesystem to audit, in which state, and what the audit found */
struct audit_fs {
	struct fs_entry *fs;
	char *state;		/* the state audited, in words */
	/*
	 * The files a converted branch changed (tree-relative) and their
	 * text on it, parsed in place of the tree's; a file the branch
	 * deleted has no text ("").
	 */
	struct strvec overlay, texts;
	/* the convert stage's reports, on the lines of this state */
	struct audit_report *reports;
	size_t nreports;
	/* out */
	unsigned int count[NR_AUDIT_COUNTS];
	struct strvec lines;	/* the sites and lint findings it lists */
};

void audit_fs_init(struct audit_fs *af, struct fs_entry *fs);
void audit_fs_release(struct audit_fs *af);
void audit_report_add(struct audit_fs *af, const char *rule, const char *file,
		      unsigned int line, unsigned int col, const char *type,
		      const char *msg);

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
 * Audit the filesystems, each in its state: fill in what each one's audit
 * found, append a Markdown section per filesystem to text and, when json
 * is not NULL, the whole result as one JSON object.  Returns the number
 * of MISSED sites and lint findings, or -1 after an error() (not a kernel
 * tree, a bad report file).
 */
int audit_run(const struct audit_opts *o, struct audit_fs *v, size_t n,
	      struct buf *text, struct buf *json);

/*
 * Set af up to audit what `fsconv run` made of its filesystem: the
 * fsconv/<fs> branch its results file names, with the convert stage's
 * manual sites as reports, their lines carried over to the branch tip.
 * The tree on disk instead when there is no such branch, or when the run
 * was on another commit than head (the tree's HEAD).  0, or -1 after an
 * error() (git failed on the scratch repository).
 */
int audit_fs_converted(const struct workspace *ws, const char *head,
		       struct audit_fs *af);

/*
 * The audit stage of `fsconv run`, between verify and hand-off: audit
 * every named filesystem in its converted state and keep the counts and
 * lines in its results file (STAGE_AUDIT, ->audit*).  A filesystem whose
 * branch, reports and fsconv are those of the audit on record keeps that
 * audit, unless force.  Returns the number of filesystems with a MISSED
 * site (their stage fails; lint and human sites warn), or whose audit
 * could not run.
 */
int run_audit(const struct workspace *ws, const struct fstable *table,
	      const struct strvec *names, bool force);

#endif
