/* fs/nfs/dir.c nfs_atomic_open(), 6.12 after d_alloc_parallel.cocci
 * (trimmed): the !O_CREAT && !d_in_lookup branch unhashes the dentry and
 * allocates a replacement */
int nfs_atomic_open(struct inode *dir, struct dentry *dentry,
		    struct file *file, unsigned open_flags,
		    umode_t mode)
{
	struct nfs_open_context *ctx;
	bool switched = false;
	int err;

	if (!(open_flags & O_CREAT) && !d_in_lookup(dentry)) {
		d_drop(dentry);
		switched = true;
		dentry = d_alloc_parallel(dentry->d_parent,
					  &dentry->d_name);
		if (IS_ERR(dentry))
			return PTR_ERR(dentry);
		if (unlikely(!d_in_lookup(dentry)))
			return finish_no_open(file, dentry);
	}

	ctx = create_nfs_open_context(dentry, open_flags, file);
	err = PTR_ERR(ctx);
	if (IS_ERR(ctx))
		goto out;
	err = nfs_finish_open(ctx, ctx->dentry, file, open_flags);
	put_nfs_open_context(ctx);
out:
	if (unlikely(switched)) {
		d_lookup_done(dentry);
		dput(dentry);
	}
	return err;
}
