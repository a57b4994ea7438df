/*
 * C2, the other way round: the parent is always dropped shared (the
 * end-state form, too early) while the relock follows LOOKUP_SHARED, so
 * an exclusive holder releases its lock with up_read().
 */
#include "kernel.h"

static struct dentry *c2s_lookup(struct inode *dir, struct dentry *dentry,
				 unsigned int flags)
{
	struct dentry *alias;

	inode_unlock_shared(d_inode(dentry->d_parent));
	alias = d_alloc_parallel(dentry->d_parent, &dentry->d_name);
	if (flags & LOOKUP_SHARED)
		inode_lock_shared(d_inode(dentry->d_parent));
	else
		inode_lock_nested(d_inode(dentry->d_parent), I_MUTEX_PARENT);
	return alias;
}

const struct inode_operations c2s_dir_iops = {
	.lookup = c2s_lookup,
};

/*
 * check-name: C2: exclusive lock dropped shared
 * check-exit-value: 1
 *
 * check-output-start
tests/lock/c2-unlock-shared.c:13: c2s_lookup: C2: releasing the parent lock using shared access, expected exclusive access (parent held exclusive)
 * check-output-end
 */
