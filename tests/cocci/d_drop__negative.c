/* d_drop() on an error exit, d_drop() then d_rehash(), d_drop() of one
 * dentry and instantiation of another: none is an early d_drop() */
static int error_exit(struct inode *dir, struct dentry *dentry)
{
	struct inode *inode;
	int err;

	err = foo_create(dir, dentry, &inode);
	if (err) {
		d_drop(dentry);
		return err;
	}
	d_instantiate(dentry, inode);
	return 0;
}

static int rehashed(struct inode *dir, struct dentry *dentry, struct inode *inode)
{
	d_drop(dentry);
	foo_rename_tmp(dir, dentry);
	d_rehash(dentry);
	d_add(dentry, inode);
	return 0;
}

static int other(struct dentry *old, struct dentry *dentry, struct inode *inode)
{
	d_drop(old);
	d_splice_alias(inode, dentry);
	return 0;
}
