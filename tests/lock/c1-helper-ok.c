/*
 * Twin of c1-helper.c: the helper takes the parent back before it looks
 * at the result.
 */
#include "kernel.h"

static struct dentry *c1hok_atsys(struct inode *dir, struct dentry *dentry,
				unsigned int flags)
{
	struct qstr sys = { "@sys", 4, 0 };
	struct dentry *ret;

	if (flags & LOOKUP_SHARED)
		inode_unlock_shared(dir);
	else
		inode_unlock(dir);
	ret = d_alloc_parallel(dentry->d_parent, &sys);
	if (flags & LOOKUP_SHARED)
		inode_lock_shared(dir);
	else
		inode_lock_nested(dir, I_MUTEX_PARENT);
	if (!ret)
		return ERR_PTR(-ENOMEM);
	return ret;
}

static struct dentry *c1hok_lookup(struct inode *dir, struct dentry *dentry,
				 unsigned int flags)
{
	if (dentry->d_name.name[0] == '@')
		return c1hok_atsys(dir, dentry, flags);
	return d_splice_alias(NULL, dentry);
}

const struct inode_operations c1hok_dir_iops = {
	.lookup = c1hok_lookup,
};

/*
 * check-name: C1 twin: helper retakes the parent before its error exit
 *
 * check-output-start
 * check-output-end
 */
