/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FSCONV_KBUILD_H
#define FSCONV_KBUILD_H

#include <stdbool.h>

#include "util.h"

/*
 * The verification stages build the kernel out of tree (O=) from a
 * scratch clone of the tree, so no file of the tree is ever written:
 *
 *   build/verify/<tree>/src         git clone --shared of the tree
 *   build/verify/<tree>/obj-<key>   O=, keyed by the configuration
 *
 * The configuration is defconfig plus every Kconfig symbol fstable lists;
 * `make prepare` runs when the O= directory is new or its .config
 * changed, and never otherwise.  One fsconv at a time uses a tree's
 * build (a lock file), and the clone is switched between the states to
 * compare: the revision the tree was given at, the converted branch, and
 * the base revision as a fallback.
 */
struct kbuild {
	char *tree;		/* the tree fsconv was given (absolute) */
	char *dir;		/* build/verify/<tree> */
	char *src;		/* scratch clone: the srctree make sees */
	char *obj;		/* O= */
	struct strvec missing;	/* requested symbols the config lacks */
	long long prepare_ms;	/* time make prepare took, 0 if reused */
	int jobs;
	int verbose;
	int lockfd;
};

/*
 * Set up (or reuse) the build of tree for the given CONFIG_ symbols under
 * root (NULL: build/verify in the fsconv directory).  -1 after an
 * error(): tree is not a git repository, or a make failed.
 */
int kbuild_open(struct kbuild *kb, const char *root, const char *tree,
		const struct strvec *symbols, int jobs, int verbose);
void kbuild_release(struct kbuild *kb);

/* where the contents of some files of a state come from */
struct overlay {
	char *repo;		/* a git repository holding rev */
	char *rev;		/* a commit, or NULL: take files from dir */
	char *dir;		/* a directory with the same layout */
	struct strvec files;	/* tree-relative; absent there = deleted */
};

/* the source a build sees: a commit of the tree plus overlays */
struct srcstate {
	char *name;		/* for the report: "tree", "base", ... */
	char *repo;
	char *rev;		/* a commit */
	struct overlay *ov;
	size_t nov;
};

void srcstate_init(struct srcstate *st, const char *name, const char *repo,
		   const char *rev);
void srcstate_add(struct srcstate *st, const char *repo, const char *rev,
		  const char *dir, const struct strvec *files);
void srcstate_release(struct srcstate *st);

/* make the clone show st; -1 after an error() */
int kbuild_checkout(struct kbuild *kb, const struct srcstate *st);

/* a compiler diagnostic, matched by file, function, kind and message */
struct diag {
	char *file;		/* tree-relative */
	int line, col;
	char *func;		/* "" at top level */
	char *kind;		/* "error" or "warning" */
	char *msg;
};

/* the outcome of one object in one state */
struct objres {
	char *obj;		/* fs/xfs/xfs_iops.o */
	char *src;		/* fs/xfs/xfs_iops.c */
	bool attempted;		/* make ran the compiler on it */
	bool built;		/* and the object exists */
	struct diag *diags;
	size_t ndiags;
	struct buf check;	/* what the checker (C=2) printed */
};

void objres_init(struct objres *r, const char *src);
void objres_clear(struct objres *r);
void diag_release(struct diag *d);

/*
 * Build the objects in the current state with make -k; with check, also
 * run that checker on each (C=2 CHECK=check).  Fills built, diags and
 * check of every result.  -1 after an error() only when make could not
 * be run at all; a failing compile is a result, not an error.
 */
int kbuild_make(struct kbuild *kb, struct objres *res, size_t n,
		const char *check, long long *ms);

/* the kbuild command line saved for an object, split; -1 if there is none */
int kbuild_cmd_args(const struct kbuild *kb, const char *obj,
		    struct strvec *args);

/* "git -C repo rev-parse --verify rev^{commit}" into *sha; -1 if none */
int git_resolve(const char *repo, const char *rev, char **sha);
/*
 * Files changed between two revisions (to NULL: the work tree of repo),
 * under paths (all if empty).
 */
int git_changed_files(const char *repo, const char *from, const char *to,
		      const struct strvec *paths, struct strvec *files);

/* whether dir is (inside) a git repository */
bool git_is_repo(const char *dir);

#endif
