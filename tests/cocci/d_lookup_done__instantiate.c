/* a fresh in-lookup dentry instantiated directly, and put on an error path */
static int prime_one(struct dentry *parent, struct qstr *name,
		     struct inode *inode)
{
	struct dentry *dentry;

	dentry = d_alloc_noblock(parent, name);
	if (IS_ERR(dentry))
		return 0;
	if (!d_in_lookup(dentry)) {
		dput(dentry);
		return 0;
	}
	if (!inode) {
		dput(dentry);
		return -ENOENT;
	}
	d_instantiate(dentry, inode);
	d_lookup_done(dentry);
	dput(dentry);
	return 0;
}
