/*
 * R10 gone wrong: the silly-rename loop of r10-sillyrename-ok.c, with its
 * ->lookup(pdir, sdentry, 0) (flags 0: "the parent is held exclusive"),
 * reached from a place that holds the parent shared: an ->atomic_open
 * without O_CREAT (here simply a ->lookup) and an ->iterate_shared
 * helper.  Both calls of ->lookup are reported, once per caller's mode,
 * although r10s_find() is also called from ->unlink: one shared caller is
 * enough (the twin is r10-sillyrename-ok.c).  The lookup
 * that passes LOOKUP_SHARED is fine in a shared holder.
 */
#include "kernel.h"

static int r10s_find(struct dentry *dentry, unsigned int flags)
{
	struct dentry *sdentry;

	sdentry = d_alloc_noblock(dentry->d_parent, &dentry->d_name);
	if (IS_ERR(sdentry))
		return PTR_ERR(sdentry);
	if (d_in_lookup(sdentry)) {
		struct inode *pdir = d_inode(dentry->d_parent);
		struct dentry *alias;

		if (flags)
			alias = pdir->i_op->lookup(pdir, sdentry,
						   LOOKUP_SHARED);
		else
			alias = pdir->i_op->lookup(pdir, sdentry, 0);
		d_lookup_done(sdentry);
		if (alias)
			dput(alias);
	}
	dput(sdentry);
	return 0;
}

static struct dentry *r10s_lookup(struct inode *dir, struct dentry *dentry,
				  unsigned int flags)
{
	if (r10s_find(dentry, flags & LOOKUP_SHARED))
		return ERR_PTR(-ENOMEM);
	return dir ? NULL : ERR_PTR(-ENOMEM);
}

static int r10s_readdir(struct file *file, struct dir_context *ctx)
{
	struct dentry *dir = file->f_path.dentry;
	struct inode *inode = d_inode(dir);
	struct dentry *child;

	child = d_alloc_noblock(dir, &dir->d_name);
	if (IS_ERR(child))
		return 0;
	if (d_in_lookup(child)) {
		struct dentry *alias = inode->i_op->lookup(inode, child, 0);

		d_lookup_done(child);
		if (alias)
			dput(alias);
	}
	dput(child);
	return ctx->pos ? 0 : 1;
}

static int r10s_unlink(struct inode *dir, struct dentry *dentry)
{
	return r10s_find(dentry, 0) ? 0 : dir != NULL;
}

const struct inode_operations r10s_dir_iops = {
	.lookup = r10s_lookup,
	.unlink = r10s_unlink,
};

const struct file_operations r10s_dir_fops = {
	.iterate_shared = r10s_readdir,
};

/*
 * check-name: R10: ->lookup(dir, d, 0) where the parent is held shared (->lookup, readdir)
 * check-exit-value: 1
 *
 * check-output-start
tests/lock/r10-sillyrename-shared.c:28: r10s_find: C2: ->lookup called with flags that say the parent is held exclusive (no LOOKUP_SHARED) when it is not
tests/lock/r10-sillyrename-shared.c:55: r10s_readdir: C2: ->lookup called with flags that say the parent is held exclusive (no LOOKUP_SHARED) when it is not
 * check-output-end
 */
