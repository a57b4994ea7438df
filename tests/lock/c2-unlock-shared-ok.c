/*
 * Twin of c2-unlock-shared.c: both the drop and the relock follow
 * LOOKUP_SHARED.
 */
#include "kernel.h"

static struct dentry *c2sok_lookup(struct inode *dir, struct dentry *dentry,
				   unsigned int flags)
{
	struct dentry *alias;

	if (flags & LOOKUP_SHARED)
		inode_unlock_shared(d_inode(dentry->d_parent));
	else
		inode_unlock(d_inode(dentry->d_parent));
	alias = d_alloc_parallel(dentry->d_parent, &dentry->d_name);
	if (flags & LOOKUP_SHARED)
		inode_lock_shared(d_inode(dentry->d_parent));
	else
		inode_lock_nested(d_inode(dentry->d_parent), I_MUTEX_PARENT);
	return alias;
}

const struct inode_operations c2sok_dir_iops = {
	.lookup = c2sok_lookup,
};

/*
 * check-name: C2 twin: drop and relock both follow LOOKUP_SHARED
 *
 * check-output-start
 * check-output-end
 */
