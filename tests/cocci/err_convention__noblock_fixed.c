/* the same with IS_ERR(): not reported */
static void prime(struct dentry *parent, struct qstr *name)
{
	struct dentry *dentry;

	dentry = d_alloc_noblock(parent, name);
	if (IS_ERR(dentry))
		return;
	dput(dentry);
}

static int shmem_whiteout(struct mnt_idmap *idmap,
			  struct inode *old_dir, struct dentry *old_dentry)
{
	struct dentry *whiteout;
	int error;

	whiteout = d_duplicate(old_dentry);
	if (IS_ERR(whiteout))
		return PTR_ERR(whiteout);

	d_lookup_done(whiteout);
	error = shmem_mknod(idmap, old_dir, whiteout,
			    S_IFCHR | WHITEOUT_MODE, WHITEOUT_DEV);
	dput(whiteout);
	return error;
}
