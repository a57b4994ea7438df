/*
 * C6: a ->lookup waits in d_alloc_parallel() on its own parent while
 * still holding the parent lock; once d_alloc_parallel() is lifted above
 * inode_lock() that is an ABBA deadlock.
 */
#include "kernel.h"

static struct dentry *c6_lookup(struct inode *dir, struct dentry *dentry,
				unsigned int flags)
{
	struct qstr sys = { "@sys", 4, 0 };

	return d_alloc_parallel(dentry->d_parent, &sys);
}

const struct inode_operations c6_dir_iops = {
	.lookup = c6_lookup,
};

/*
 * check-name: C6: ->lookup waits in d_alloc_parallel under the parent lock
 * check-exit-value: 1
 *
 * check-output-start
tests/lock/c6-lookup.c:13: c6_lookup: C6: cannot call function 'd_alloc_parallel' while the parent lock is held (parent held shared or exclusive)
 * check-output-end
 */
