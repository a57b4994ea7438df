/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FSCONV_SERIES_H
#define FSCONV_SERIES_H

#include <stdbool.h>
#include <stdint.h>

#include "plan.h"
#include "results.h"
#include "util.h"

/*
 * A series on disk (<out>/<name>/vN/) and its text: the manifest a
 * version directory keeps, the cover letter's body and changelog.  The
 * hand-off stage (handoff.c) drives the commands; this file only reads
 * and writes text.
 */

/* one patch of a series, from git log */
struct patch_info {
	char *subject;
	uint64_t hash;		/* message and diff */
};

/* what a version directory's manifest says */
struct manifest {
	int version;
	char *base, *tip, *change_id;
	uint64_t fingerprint;
	struct strvec to, cc, checkpatch;
	int checkpatch_errors;
	struct patch_info *patches;
	size_t npatches;
};

/* one series being handed off: a filesystem's, or the fold patch */
struct series {
	const struct workspace *ws;
	struct fs_result *res;
	const char *name;	/* directory under the out dir */
	const char *base, *tip;
	bool cover;		/* with a cover letter (not the fold patch) */
	char *dir;		/* <out>/<name> */
	char *tmp;		/* the version being built */
	int version;		/* the one being built */
	struct manifest prev;	/* the latest version, if any */
	struct manifest cur;
	struct buf blurb;	/* cover letter body, without changelog */
	bool range_diff;	/* the previous version's commits still exist */
	bool build;		/* a new version is being built */
	char *diff;		/* base..tip as one diff, for get_maintainer */
	const char *save_dir;	/* where the result file goes */
	struct strvec notes;	/* pre-flight checks that did not pass */
};

/* the lifecycle of a manifest; load returns -1 when there is none */
void manifest_init(struct manifest *m);
void manifest_release(struct manifest *m);
int manifest_load(struct manifest *m, const char *dir);
int manifest_save(const struct manifest *m, const char *dir);
void manifest_add_patch(struct manifest *m, const char *subject,
			uint64_t hash);

/* the highest N of <dir>/vN, or 0 */
int latest_version(const char *dir);
/* the commits base..tip, oldest first, into m->patches */
int read_patches(const struct workspace *ws, const char *base,
		 const char *tip, struct manifest *m);


/* s->blurb: what the series does, depends on, ran, left for a human */
void cover_blurb(struct series *s);
/* fill format-patch's cover template at path: subject, blurb, changelog */
int cover_fill(struct series *s, const char *path);
/* what a reviewer would see, as one number */
uint64_t series_fingerprint(const struct series *s);
/* a b4-style change-id, kept from version to version */
char *series_change_id(const struct series *s);

#endif
