/* already converted, v4 and v3 forms, and the 3-arg end-state prototype: left alone */
static struct dentry *xfs_vn_ci_lookup(struct inode *dir, struct dentry *dentry,
				       unsigned int flags)
{
	dentry = d_add_ci(dentry, VFS_I(ip), &dname, flags);
	return dentry;
}

static struct dentry *ntfs_lookup(struct inode *dir_ino, struct dentry *dent,
		unsigned int flags)
{
	return d_add_ci(dent, dent_inode, &nls_name, !!(flags & LOOKUP_SHARED));
}

extern struct dentry *d_add_ci(struct dentry *, struct inode *, struct qstr *);

static const struct inode_operations xfs_dir_ci_inode_operations = {
	.lookup			= xfs_vn_ci_lookup,
};
static const struct inode_operations ntfs_dir_inode_ops = {
	.lookup			= ntfs_lookup,
};
