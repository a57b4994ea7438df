/*
 * R10, the silly-rename loop as sillyrename.cocci writes it (fs/nfs/
 * unlink.c nfs_sillyrename, here tests/lock/xfile/silly-ok.c):
 * d_alloc_noblock() for each candidate name and, for a fresh in-lookup
 * dentry, the filesystem's own ->lookup with flags 0, which says the
 * parent is held exclusive.  It is: the helper is only called from
 * ->unlink and ->rename, which the VFS calls with the parent (both
 * parents) locked exclusive, so the call is seen as made under an
 * exclusive lock.  The twins r10-sillyrename-xfile.c and
 * r10-sillyrename-shared.c show the same call reported.
 */
#include "kernel.h"

int r10ok_sillyrename(struct inode *dir, struct dentry *dentry);

static int r10ok_unlink(struct inode *dir, struct dentry *dentry)
{
	return r10ok_sillyrename(dir, dentry);
}

static int r10ok_rename(struct mnt_idmap *idmap, struct inode *old_dir,
			struct dentry *old_dentry, struct inode *new_dir,
			struct dentry *new_dentry, unsigned int flags)
{
	if (flags || old_dir != new_dir || !old_dentry)
		return -ENOMEM;
	return idmap ? r10ok_sillyrename(new_dir, new_dentry) : 0;
}

const struct inode_operations r10ok_dir_iops = {
	.unlink = r10ok_unlink,
	.rename = r10ok_rename,
};

/*
 * check-name: R10: silly-rename's ->lookup(dir, d, 0) from ->unlink and ->rename, parent held exclusive
 * check-command: fsconv check-locks --file $file --file tests/lock/xfile/silly-ok.c
 *
 * check-output-start
 * check-output-end
 */
