/*
 * C1: a ->lookup drops its parent to look up a fallback name and, when
 * that fails, returns before taking the parent back (the afs @sys shape).
 */
#include "kernel.h"

static struct dentry *c1_lookup(struct inode *dir, struct dentry *dentry,
				unsigned int flags)
{
	struct dentry *ret;

	if (flags & LOOKUP_SHARED)
		inode_unlock_shared(dir);
	else
		inode_unlock(dir);
	ret = d_alloc_parallel(dentry->d_parent, &dentry->d_name);
	if (IS_ERR(ret))
		return ret;
	if (flags & LOOKUP_SHARED)
		inode_lock_shared(dir);
	else
		inode_lock_nested(dir, I_MUTEX_PARENT);
	return ret;
}

const struct inode_operations c1_dir_iops = {
	.lookup = c1_lookup,
};

/*
 * check-name: C1: ->lookup returns early without the parent
 * check-exit-value: 1
 *
 * check-output-start
tests/lock/c1-lookup-early-return.c:7: c1_lookup: C1: context imbalance - wrong count at exit (sparse)
tests/lock/c1-lookup-early-return.c:18: c1_lookup: C1: returns without the parent lock (parent held shared or exclusive)
 * check-output-end
 */
