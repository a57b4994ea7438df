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
 * The command-line front end both `fsconv build` and `fsconv check-locks`
 * use: FS names (or --path directories), --before/--after/--fallback
 * revisions, --repo.  flags says which stages run.
 */
int verify_command(int argc, const char **argv, unsigned int flags,
		   const char *const *usage);

#endif
