/* the correct twin: d_splice_alias() accepts and ends an in-lookup dentry,
 * and the error path ends the lookup before dput() */
static int prime_one(struct dentry *parent, struct qstr *name,
		     struct inode *inode)
{
	struct dentry *dentry, *alias;

	dentry = d_alloc_noblock(parent, name);
	if (IS_ERR(dentry))
		return 0;
	if (!d_in_lookup(dentry)) {
		dput(dentry);
		return 0;
	}
	if (!inode) {
		d_lookup_done(dentry);
		dput(dentry);
		return -ENOENT;
	}
	alias = d_splice_alias(inode, dentry);
	if (alias) {
		dput(dentry);
		dentry = alias;
	}
	dput(dentry);
	return 0;
}
