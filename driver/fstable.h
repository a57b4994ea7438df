/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FSCONV_FSTABLE_H
#define FSCONV_FSTABLE_H

#include "util.h"

/* a site a human must convert, with the reason (from fstable's manual:) */
struct manual_site {
	char *where;		/* "fs/nfs/dir.c:nfs_atomic_open" */
	char *rule;		/* rule or report TYPE it concerns */
	char *reason;
};

enum fs_flags {
	/* never relies on its directory lock and never marks a dir S_DEAD */
	FS_NO_DIRLOCK = (1 << 0),
};

/* one filesystem of fstable/filesystems.yaml */
struct fs_entry {
	char *name;		/* "nfs" */
	struct strvec paths;	/* tree-relative files or directories */
	char *prefix;		/* subject prefix, "smb: client:" */
	struct strvec kconfig;	/* Kconfig symbols that build it */
	struct strvec skip;	/* rules not to run on it */
	struct manual_site *manual;
	size_t nmanual;
	unsigned int flags;	/* enum fs_flags */
	int line, col;		/* where the entry starts, 1-based */
};

struct fstable {
	char *path;
	struct fs_entry *fs;
	size_t nfs;
};

/*
 * Load and validate path.  tree, when not NULL, is the kernel tree the
 * paths (and manual sites' files) must exist in; skip names must be rules,
 * cocci/NAME.cocci under fsconv_home().  On any problem prints one error
 * per problem as "path:line:col: message" with the source line and a
 * caret, and returns -1 (the caller exits 2) with t empty.
 */
int fstable_load(struct fstable *t, const char *path, const char *tree);
void fstable_release(struct fstable *t);
/* NULL when there is no such filesystem */
struct fs_entry *fstable_find(const struct fstable *t, const char *name);
/* like fstable_find(), but an unknown name is an error() with a guess */
struct fs_entry *fstable_lookup(const struct fstable *t, const char *name);

/*
 * Write a table for tree: one entry per fs/<dir> whose sources have a
 * ->lookup initializer or call an API a rule converts, with its files
 * outside fs/ that MAINTAINERS lists and that use such an API, Kconfig
 * symbols from its Makefiles and Kconfig, and "<dir>:" as the prefix.
 * The text is valid input for fstable_load().  Returns the number of
 * entries, or -1 after an error().
 */
int fstable_discover(const char *tree, struct buf *out);

#endif
