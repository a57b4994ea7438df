/*
 * Twin of c1-lookup-early-return.c: the parent is taken back before
 * the error is looked at, so every path returns holding it.
 */
#include "kernel.h"

static struct dentry *c1ok_lookup(struct inode *dir, struct dentry *dentry,
				unsigned int flags)
{
	struct dentry *ret;

	if (flags & LOOKUP_SHARED)
		inode_unlock_shared(dir);
	else
		inode_unlock(dir);
	ret = d_alloc_parallel(dentry->d_parent, &dentry->d_name);
	if (flags & LOOKUP_SHARED)
		inode_lock_shared(dir);
	else
		inode_lock_nested(dir, I_MUTEX_PARENT);
	return ret;
}

const struct inode_operations c1ok_dir_iops = {
	.lookup = c1ok_lookup,
};

/*
 * check-name: C1 twin: ->lookup retakes the parent before looking at the error
 *
 * check-output-start
 * check-output-end
 */
