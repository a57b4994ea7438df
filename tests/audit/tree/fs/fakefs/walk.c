// SPDX-License-Identifier: GPL-2.0
/* fakefs lookups the audit tells apart by the directory they look in. */
#include <linux/fs.h>
#include <linux/namei.h>
#include "fakefs.h"

struct fakefs_sb_info {
	struct dentry *root;
	struct dentry *lower_root;
};

static struct fakefs_sb_info fakefs_sbi;

/* a walk from the root down a path, as smb's open_cached_dir: manual C6 */
static struct dentry *fakefs_path_walk(struct fakefs_sb_info *sbi,
				       const char *path)
{
	struct dentry *dentry = sbi->root, *child;
	const char *s = path, *p;

	do {
		for (p = s; *s && *s != '/'; s++)
			;
		child = lookup_one_len(p, dentry, s - p);
		dput(dentry);
		dentry = child;
	} while (!IS_ERR(dentry) && *s++);
	return dentry;
}

static int fakefs_walk_readdir(struct file *file, struct dir_context *ctx)
{
	struct dentry *d = fakefs_path_walk(&fakefs_sbi, "a/b");

	return IS_ERR(d) ? PTR_ERR(d) : 0;
}

/* a lookup in a lower layer's directory, as overlayfs does: not R6 */
static struct dentry *fakefs_stacked_lookup(struct inode *dir,
					    struct dentry *dentry,
					    unsigned int flags)
{
	return lookup_one_len(dentry->d_name.name, fakefs_sbi.lower_root,
			      dentry->d_name.len);
}

/* a lookup in the parent, named through a variable: human (R6) */
static struct dentry *fakefs_parent_lookup(struct inode *dir,
					   struct dentry *dentry,
					   unsigned int flags)
{
	struct dentry *parent = dentry->d_parent;

	return lookup_one_len("x", parent, 1);
}

const struct inode_operations fakefs_stacked_iops = {
	.lookup = fakefs_stacked_lookup,
};

const struct inode_operations fakefs_parent_iops = {
	.lookup = fakefs_parent_lookup,
};

const struct file_operations fakefs_walk_fops = {
	.iterate_shared = fakefs_walk_readdir,
};
