/*
 * d_add_ci() after Neil's fix to [PATCH v4 7/7]: the unlock/relock
 * brackets only d_alloc_parallel(), in the mode LOOKUP_SHARED says, so
 * every return holds the parent again.  Twin of d_add_ci-v4.c.
 */
#include "kernel.h"

struct dentry *d_add_ci(struct dentry *dentry, struct inode *inode,
			struct qstr *name, unsigned int lookup_flags)
{
	struct dentry *found, *res;

	found = d_hash_and_lookup(dentry->d_parent, name);
	if (found) {
		iput(inode);
		return found;
	}
	if (d_in_lookup(dentry)) {
		if (lookup_flags & LOOKUP_SHARED)
			inode_unlock_shared(d_inode(dentry->d_parent));
		else
			inode_unlock(d_inode(dentry->d_parent));
		found = d_alloc_parallel(dentry->d_parent, name);
		if (lookup_flags & LOOKUP_SHARED)
			inode_lock_shared(d_inode(dentry->d_parent));
		else
			inode_lock_nested(d_inode(dentry->d_parent),
					  I_MUTEX_PARENT);
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
	res = d_splice_alias(inode, found);
	if (res) {
		d_lookup_done(found);
		dput(found);
		return res;
	}
	return found;
}

/*
 * check-name: d_add_ci after the fix: relock brackets d_alloc_parallel only
 *
 * check-output-start
 * check-output-end
 */
