// SPDX-License-Identifier: GPL-2.0
/* fakefs ->iterate_shared, with its directory operations chosen at run time. */
#include <linux/fs.h>
#include <linux/namei.h>
#include "fakefs.h"

/* reached only through the fakefs_fill_ops table: human (R9) */
static int fakefs_fill_one(struct file *file, struct dentry *parent,
			   const char *name, int len)
{
	struct dentry *d = lookup_one_len(name, parent, len);

	if (IS_ERR(d))
		return PTR_ERR(d);
	dput(d);
	return 0;
}

static const struct fakefs_fill_ops fakefs_fill_ops = {
	.fill = fakefs_fill_one,
};

static int fakefs_readdir(struct file *file, struct dir_context *ctx)
{
	const struct fakefs_fill_ops *ops = &fakefs_fill_ops;
	struct qstr name = QSTR_INIT("a", 1);

	fakefs_prime(file->f_dentry, &name);
	return ops->fill(file, file->f_dentry, "a", 1);
}

/* converted (R2): non-blocking priming, reached only through a helper */
static void fakefs_prime_noblock(struct dentry *parent, struct qstr *name)
{
	struct dentry *d = d_alloc_noblock(parent, name);

	if (IS_ERR(d))
		return;
	d_lookup_done(d);
	dput(d);
}

static int fakefs_readdir_ci(struct file *file, struct dir_context *ctx)
{
	struct qstr name = QSTR_INIT("b", 1);
	struct inode *dir = file->f_inode;

	fakefs_prime_noblock(file->f_dentry, &name);
	/* human (R3): ->lookup called under ->iterate_shared */
	dir->i_op->lookup(dir, file->f_dentry, 0);
	return 0;
}

const struct file_operations fakefs_dir_fops = {
	.iterate_shared = fakefs_readdir,
};

const struct file_operations fakefs_ci_fops = {
	.iterate_shared = fakefs_readdir_ci,
};

void fakefs_set_ops(struct inode *inode, bool ci)
{
	inode->i_fop = ci ? &fakefs_ci_fops : &fakefs_dir_fops;
}
