/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FSCONV_BUILD_H
#define FSCONV_BUILD_H

#include <stdbool.h>
#include <stdio.h>

#include "fstable.h"
#include "kbuild.h"
#include "util.h"

/* ---- the verification stages ------------------------------------------- */

enum verify_flags {
	VERIFY_COMPILE = (1 << 0),	/* compile before and after */
	VERIFY_SPARSE = (1 << 1),	/* sparse -Wcontext delta */
	VERIFY_CLANG = (1 << 2),	/* clang thread-safety delta */
};

/* one filesystem's conversion, as a stage receives it */
struct verify_target {
	const struct fs_entry *fs;
	char *repo;		/* repository holding after_rev */
	char *after_rev;	/* the converted state, or NULL and: */
	char *after_dir;	/* a worktree holding it */
	char *after_name;	/* for the report: "fsconv/xfs" */
	struct strvec touched;	/* tree-relative files it changed */
};

/* the states every target is compared in */
struct verify_setup {
	unsigned int flags;	/* enum verify_flags */
	char *repo;		/* where before and fallback are */
	char *before;		/* the tree as fsconv was given it */
	char *fallback;		/* compiled when before does not, or NULL */
	const char *before_name, *fallback_name;
};

/*
 * Verify targets on kb: compile each touched object before and after
 * (before falling back per object to the fallback state where the given
 * tree does not compile it), and with VERIFY_SPARSE / VERIFY_CLANG run the
 * lock checkers in both states.  Prints the report on out and returns
 * the number of targets that failed, or -1 after an error().
 */
int verify_stage(struct kbuild *kb, const struct verify_setup *setup,
		 struct verify_target *targets, size_t n, FILE *out);

void verify_target_release(struct verify_target *t);

/*
 * What to verify, as `fsconv run` or the command line asks it: the
 * filesystems by name (none: every one with a converted state), the
 * revisions, and --path directories for check-locks.
 */
struct verify_request {
	const char *tree;	/* the tree as given */
	const char *repo;	/* NULL: the tree, then the convert scratch */
	const char *before;	/* "HEAD" */
	const char *after;	/* "fsconv/%s", %s the filesystem */
	const char *after_dir;	/* or: a worktree, for one filesystem */
	const char *fallback;	/* "base", or "none" */
	const char *build_dir;	/* NULL: build/verify beside fsconv */
	unsigned int flags;	/* enum verify_flags */
	struct strvec names;
	struct strvec paths;
	int jobs, verbose;
};

#define VERIFY_REQUEST_INIT { .before = "HEAD", .after = "fsconv/%s", \
			      .fallback = "base", .names = STRVEC_INIT, \
			      .paths = STRVEC_INIT }

/*
 * Resolve the request, open (or prepare) the tree's build and run
 * verify_stage() and, for paths, the lock checkers on the tree as given.
 * Prints on out; returns 0, 1 when a filesystem failed or a finding was
 * printed, 2 after an error().
 */
int verify_run(const struct verify_request *rq, const struct fstable *table,
	       FILE *out);
void verify_request_release(struct verify_request *rq);

/*
 * The command-line front end both `fsconv build` and `fsconv check-locks`
 * use: FS names (or --path directories), --before/--after/--fallback
 * revisions, --repo.  flags says which stages run.
 */
int verify_command(int argc, const char **argv, unsigned int flags,
		   const char *const *usage);

#endif
