/* a NULL test after d_alloc_noblock(), and after d_duplicate() in
 * mm/shmem.c shmem_whiteout() as posted in v3 12/19 */
static void prime(struct dentry *parent, struct qstr *name)
{
	struct dentry *dentry;

	dentry = d_alloc_noblock(parent, name);
	if (dentry == NULL)
		return;
	dput(dentry);
}

static int shmem_whiteout(struct mnt_idmap *idmap,
			  struct inode *old_dir, struct dentry *old_dentry)
{
	struct dentry *whiteout;
	int error;

	whiteout = d_duplicate(old_dentry);
	if (!whiteout)
		return -ENOMEM;

	d_lookup_done(whiteout);
	error = shmem_mknod(idmap, old_dir, whiteout,
			    S_IFCHR | WHITEOUT_MODE, WHITEOUT_DEV);
	dput(whiteout);
	return error;
}
