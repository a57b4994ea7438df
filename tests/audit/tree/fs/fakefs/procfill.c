// SPDX-License-Identifier: GPL-2.0
/* fakefs readdir that must instantiate: the procfs template (R3). */
#include <linux/fs.h>
#include <linux/dcache.h>
#include <linux/err.h>

void inode_lock_shared(struct inode *inode);
void inode_unlock_shared(struct inode *inode);

/*
 * converted R2 (d_alloc_noblock) and converted R3: the d_alloc_parallel()
 * waits between the unlock and the relock of the directory
 */
static struct dentry *fakefs_proc_fill(struct file *file, struct qstr *name)
{
	struct dentry *dir = file->f_dentry, *child;

	child = d_alloc_noblock(dir, name);
	if (child == ERR_PTR(-EWOULDBLOCK)) {
		inode_unlock_shared(file->f_inode);
		child = d_alloc_parallel(dir, name);
		inode_lock_shared(file->f_inode);
	}
	return child;
}

/* MISSED R2: the same wait with the directory still locked */
static struct dentry *fakefs_proc_fill_locked(struct file *file,
					      struct qstr *name)
{
	return d_alloc_parallel(file->f_dentry, name);
}

static int fakefs_proc_readdir(struct file *file, struct dir_context *ctx)
{
	struct qstr name = QSTR_INIT("p", 1);

	fakefs_proc_fill(file, &name);
	fakefs_proc_fill_locked(file, &name);
	return 0;
}

const struct file_operations fakefs_proc_fops = {
	.iterate_shared = fakefs_proc_readdir,
};
