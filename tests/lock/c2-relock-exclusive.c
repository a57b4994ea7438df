/*
 * C2: the parent is dropped in the mode ->lookup got it in, but always
 * taken back exclusive: a shared caller then unlocks a lock held
 * exclusive.
 */
#include "kernel.h"

static struct dentry *c2_lookup(struct inode *dir, struct dentry *dentry,
				unsigned int flags)
{
	struct dentry *alias;

	if (flags & LOOKUP_SHARED)
		inode_unlock_shared(dir);
	else
		inode_unlock(dir);
	alias = d_alloc_parallel(dentry->d_parent, &dentry->d_name);
	inode_lock_nested(dir, I_MUTEX_PARENT);
	return alias;
}

const struct inode_operations c2_dir_iops = {
	.lookup = c2_lookup,
};

/*
 * check-name: C2: shared drop retaken exclusive
 * check-exit-value: 1
 *
 * check-output-start
tests/lock/c2-relock-exclusive.c:18: c2_lookup: C2: the parent lock is acquired exclusively and shared in the same scope (parent held shared)
 * check-output-end
 */
