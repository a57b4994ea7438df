/* d_alloc_parallel() outside readdir (namei, atomic_open, silly-rename): not ours */
static struct dentry *__lookup_slow(const struct qstr *name,
				    struct dentry *dir,
				    unsigned int flags)
{
	struct dentry *dentry;

	dentry = d_lookup(dir, name);
	if (!dentry) {
		dentry = d_alloc_parallel(dir, name);
		if (IS_ERR(dentry))
			return dentry;
	}
	return dentry;
}

int afs_silly_iput(struct dentry *dentry, struct inode *inode)
{
	struct dentry *alias;

	alias = d_alloc_parallel(dentry->d_parent, &dentry->d_name);
	if (IS_ERR(alias))
		return 0;
	d_lookup_done(alias);
	dput(alias);
	return 1;
}
