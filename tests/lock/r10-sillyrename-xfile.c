/*
 * Twin of r10-sillyrename-ok.c: the helper in the other file
 * (tests/lock/xfile/silly-bad.c) drops the parent before its search and
 * still calls ->lookup with flags 0, claiming an exclusive lock it no
 * longer holds: reported at that call.
 */
#include "kernel.h"

int r10x_sillyrename(struct inode *dir, struct dentry *dentry);

static int r10x_unlink(struct inode *dir, struct dentry *dentry)
{
	return r10x_sillyrename(dir, dentry);
}

static int r10x_rename(struct mnt_idmap *idmap, struct inode *old_dir,
			struct dentry *old_dentry, struct inode *new_dir,
			struct dentry *new_dentry, unsigned int flags)
{
	if (flags || old_dir != new_dir || !old_dentry)
		return -ENOMEM;
	return idmap ? r10x_sillyrename(new_dir, new_dentry) : 0;
}

const struct inode_operations r10x_dir_iops = {
	.unlink = r10x_unlink,
	.rename = r10x_rename,
};

/*
 * check-name: R10: silly-rename's ->lookup(dir, d, 0) with the parent dropped
 * check-command: fsconv check-locks --file $file --file tests/lock/xfile/silly-bad.c
 * check-exit-value: 1
 *
 * check-output-start
tests/lock/xfile/silly-bad.c:33: r10x_sillyrename: C2: ->lookup called with flags that say the parent is held exclusive (no LOOKUP_SHARED) when it is not
 * check-output-end
 */
