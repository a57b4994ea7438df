/*
 * d_add_ci() as [PATCH v4 7/7] posted it, before Neil's fix: the parent
 * lock is dropped before d_alloc_parallel()/d_alloc() and three early
 * returns (IS_ERR(found), !d_in_lookup(found), !found) leave without
 * retaking it, so lookup_slow() unlocks a lock it no longer holds.
 */
#include "kernel.h"

struct dentry *d_add_ci(struct dentry *dentry, struct inode *inode,
			struct qstr *name, unsigned int lookup_flags)
{
	struct dentry *found, *res;

	/*
	 * First check if a dentry matching the name already exists,
	 * if not go ahead and create it now.
	 */
	found = d_hash_and_lookup(dentry->d_parent, name);
	if (found) {
		iput(inode);
		return found;
	}
	if (lookup_flags & LOOKUP_SHARED)
		inode_unlock_shared(d_inode(dentry->d_parent));
	else
		inode_unlock(d_inode(dentry->d_parent));
	if (d_in_lookup(dentry)) {
		found = d_alloc_parallel(dentry->d_parent, name);
		if (IS_ERR(found) || !d_in_lookup(found)) {
			iput(inode);
			return found;
		}
	} else {
		found = d_alloc(dentry->d_parent, name);
		if (!found) {
			iput(inode);
			return ERR_PTR(-ENOMEM);
		}
	}
	if (lookup_flags & LOOKUP_SHARED)
		inode_lock_shared(d_inode(dentry->d_parent));
	else
		inode_lock_nested(d_inode(dentry->d_parent), I_MUTEX_PARENT);
	res = d_splice_alias(inode, found);
	if (res) {
		d_lookup_done(found);
		dput(found);
		return res;
	}
	return found;
}

/*
 * check-name: d_add_ci as in v4 7/7: three early returns without the parent
 * check-exit-value: 1
 *
 * check-output-start
tests/lock/d_add_ci-v4.c:9: d_add_ci: C1: context imbalance - different lock contexts for basic block (sparse)
tests/lock/d_add_ci-v4.c:31: d_add_ci: C1: returns without the parent lock (parent held shared or exclusive)
tests/lock/d_add_ci-v4.c:37: d_add_ci: C1: returns without the parent lock (parent held shared or exclusive)
 * check-output-end
 */
