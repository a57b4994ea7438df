/* mm/shmem.c shmem_whiteout() as posted in v3 12/19: the in-lookup copy
 * reaches shmem_mknod(), which d_instantiate()s it (syzbot: WARNING in
 * __d_instantiate), and d_lookup_done() comes only after */
static int shmem_mknod(struct mnt_idmap *idmap, struct inode *dir,
		       struct dentry *dentry, umode_t mode, dev_t dev)
{
	struct inode *inode;

	inode = shmem_get_inode(idmap, dir->i_sb, dir, mode, dev, VM_NORESERVE);
	if (IS_ERR(inode))
		return PTR_ERR(inode);
	d_instantiate(dentry, inode);
	dget(dentry);
	return 0;
}

static int shmem_whiteout(struct mnt_idmap *idmap,
			  struct inode *old_dir, struct dentry *old_dentry)
{
	struct dentry *whiteout;
	int error;

	whiteout = d_duplicate(old_dentry);
	if (!whiteout)
		return -ENOMEM;

	error = shmem_mknod(idmap, old_dir, whiteout,
			    S_IFCHR | WHITEOUT_MODE, WHITEOUT_DEV);
	d_lookup_done(whiteout);
	dput(whiteout);
	if (error)
		return error;
	d_rehash(whiteout);
	return 0;
}
