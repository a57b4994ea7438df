/*
 * C1 in a helper: ->lookup hands its flags to a helper that drops the
 * parent by mode, and one error path of the helper returns without
 * taking it back.  The helper is only ever called from the ->lookup, so
 * it is checked as holding the parent too.
 */
#include "kernel.h"

static struct dentry *c1h_atsys(struct inode *dir, struct dentry *dentry,
				unsigned int flags)
{
	struct qstr sys = { "@sys", 4, 0 };
	struct dentry *ret;

	if (flags & LOOKUP_SHARED)
		inode_unlock_shared(dir);
	else
		inode_unlock(dir);
	ret = d_alloc_parallel(dentry->d_parent, &sys);
	if (!ret)
		return ERR_PTR(-ENOMEM);
	if (flags & LOOKUP_SHARED)
		inode_lock_shared(dir);
	else
		inode_lock_nested(dir, I_MUTEX_PARENT);
	return ret;
}

static struct dentry *c1h_lookup(struct inode *dir, struct dentry *dentry,
				 unsigned int flags)
{
	if (dentry->d_name.name[0] == '@')
		return c1h_atsys(dir, dentry, flags);
	return d_splice_alias(NULL, dentry);
}

const struct inode_operations c1h_dir_iops = {
	.lookup = c1h_lookup,
};

/*
 * check-name: C1: helper of ->lookup returns without the parent on error
 * check-exit-value: 1
 *
 * check-output-start
tests/lock/c1-helper.c:9: c1h_atsys: C1: context imbalance - different lock contexts for basic block (sparse)
tests/lock/c1-helper.c:21: c1h_atsys: C1: returns without the parent lock (parent held shared or exclusive)
 * check-output-end
 */
