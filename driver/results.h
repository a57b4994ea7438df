/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FSCONV_RESULTS_H
#define FSCONV_RESULTS_H

#include <stdbool.h>

#include "audit.h"
#include "util.h"

/*
 * What each stage found for one filesystem, kept on disk between
 * commands in <cache>/results/<fs> (a line format: one record per line,
 * tab-separated fields, '\t' '\n' '\\' escaped).  convert writes it,
 * handoff adds its part, report reads it; a stage never reaches back
 * into the one before it other than through this file and the scratch
 * repository's branches.
 */

enum stage {
	STAGE_PLAN,
	STAGE_CONVERT,
	STAGE_VERIFY,	/* written by `fsconv run` only (verify.c) */
	STAGE_AUDIT,	/* written by `fsconv run` only (auditstage.c) */
	STAGE_HANDOFF,
	NR_STAGES,
};

/* the state a stage left a filesystem in */
struct stage_status {
	char *status;	/* "ok", "failed", "skipped", "unchanged", or NULL */
	char *message;	/* one line, for a human */
};

/* a converted site or one reported for a human */
struct site {
	char *rule;
	char *file;
	int line, col;
	char *type;	/* report TYPE; "CONVERTED" for a converted site */
	char *message;
};

/* one rule's commit on fsconv/<fs> */
struct rule_result {
	char *rule;
	char *subject;	/* the whole commit subject */
	char *commit;	/* NULL when the rule changed nothing */
	int sites;
	bool signature;	/* fold into the VFS commit */
};

struct fs_result {
	char *fs;
	char *prefix;
	char *base;		/* the commit the branch starts from */
	char *tip;		/* fsconv/<fs>; == base when nothing changed */
	char *memo;		/* what the conversion depended on */
	char *api;		/* API profile, one line */
	struct stage_status stage[NR_STAGES];
	struct rule_result *rules;
	size_t nrules;
	struct site *converted;
	size_t nconverted;
	struct site *manual;	/* from report mode and fstable's manual: */
	size_t nmanual;
	char *series;		/* patches-out/<fs>/vN, relative to the out dir */
	struct strvec to, cc;
	struct strvec checkpatch;	/* "FILE:LINE: LEVEL: TYPE: message" */
	int checkpatch_errors;
	/* verify_run()'s report for this filesystem, as it printed it */
	struct strvec verify;
	char *verify_note;	/* the cover letter's paragraph on it */
	/* the audit of the branch (auditstage.c); no audit_state: none */
	char *audit_key;	/* what it audited: branch, reports, fsconv */
	char *audit_state;	/* which state, in words */
	unsigned int audit_count[NR_AUDIT_COUNTS];
	struct strvec audit;	/* its MISSED, human, manual ... lines */
};

void result_init(struct fs_result *r, const char *fs);
void result_release(struct fs_result *r);
/* 0, or -1 when there is no such file; a corrupt file is a warning and -1 */
int result_load(struct fs_result *r, const char *dir, const char *fs);
/* write atomically; 0 or -1 after an error() */
int result_save(const struct fs_result *r, const char *dir);
void result_set_stage(struct fs_result *r, enum stage s, const char *status,
		      const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void site_add(struct site **v, size_t *n, const char *rule, const char *file,
	      int line, int col, const char *type, const char *message);
/* the names of every filesystem with a results file, sorted */
void result_list(const char *dir, struct strvec *names);
/* a stage failed for this filesystem */
/*
 * stage (enum stage) failed on record.  A stage counts its own failures
 * only: a later stage's status in the file may be a previous run's.
 */
bool result_stage_failed(const struct fs_result *r, int stage);
bool result_failed(const struct fs_result *r);

extern const char *const stage_names[NR_STAGES];

/* write_file_atomic(), skipped (no fsync) when the bytes are the same */
int write_file_if_changed(const char *path, const void *p, size_t len);

#endif
