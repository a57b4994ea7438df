/*
 * Twin of c6-lookup.c: the lock is dropped by mode around the blocking
 * call and retaken before returning.
 */
#include "kernel.h"

static struct dentry *c6ok_lookup(struct inode *dir, struct dentry *dentry,
				  unsigned int flags)
{
	struct qstr sys = { "@sys", 4, 0 };
	struct dentry *d;

	if (flags & LOOKUP_SHARED)
		inode_unlock_shared(dir);
	else
		inode_unlock(dir);
	d = d_alloc_parallel(dentry->d_parent, &sys);
	if (flags & LOOKUP_SHARED)
		inode_lock_shared(dir);
	else
		inode_lock_nested(dir, I_MUTEX_PARENT);
	return d;
}

const struct inode_operations c6ok_dir_iops = {
	.lookup = c6ok_lookup,
};

/*
 * check-name: C6 twin: ->lookup drops the parent around d_alloc_parallel
 *
 * check-output-start
 * check-output-end
 */
