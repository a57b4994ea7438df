/* nfs_atomic_open() after v3 13/19: every dentry it gets is its own, the
 * branch and its cleanup are gone: not reported.  A ->lookup() that
 * drops and reallocates is not an ->atomic_open(): not this rule. */
int nfs_atomic_open(struct inode *dir, struct dentry *dentry,
		    struct file *file, unsigned open_flags,
		    umode_t mode)
{
	struct nfs_open_context *ctx;
	int err;

	ctx = create_nfs_open_context(dentry, open_flags, file);
	err = PTR_ERR(ctx);
	if (IS_ERR(ctx))
		goto out;
	err = nfs_finish_open(ctx, ctx->dentry, file, open_flags);
	put_nfs_open_context(ctx);
out:
	return err;
}

static struct dentry *foo_lookup(struct inode *dir, struct dentry *dentry,
				 unsigned int flags)
{
	struct dentry *alt;

	d_drop(dentry);
	alt = d_alloc_parallel(dentry->d_parent, &dentry->d_name);
	return alt;
}
