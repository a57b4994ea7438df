/*
 * Twin of c2-relock-exclusive.c: the relock follows LOOKUP_SHARED too,
 * exclusive as inode_lock_nested(dir, I_MUTEX_PARENT).
 */
#include "kernel.h"

static struct dentry *c2ok_lookup(struct inode *dir, struct dentry *dentry,
				  unsigned int flags)
{
	struct dentry *alias;

	if (flags & LOOKUP_SHARED)
		inode_unlock_shared(dir);
	else
		inode_unlock(dir);
	alias = d_alloc_parallel(dentry->d_parent, &dentry->d_name);
	if (flags & LOOKUP_SHARED)
		inode_lock_shared(dir);
	else
		inode_lock_nested(dir, I_MUTEX_PARENT);
	return alias;
}

const struct inode_operations c2ok_dir_iops = {
	.lookup = c2ok_lookup,
};

/*
 * check-name: C2 twin: relock follows LOOKUP_SHARED
 *
 * check-output-start
 * check-output-end
 */
