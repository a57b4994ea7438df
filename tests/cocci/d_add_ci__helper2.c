/* d_add_ci() two helpers below ->lookup(), whose flags are called lf */
static struct dentry *foo_splice_ci(struct dentry *dentry, struct inode *inode,
				    struct qstr *name)
{
	return d_add_ci(dentry, inode, name);
}

static struct dentry *foo_found(struct inode *dir, struct dentry *dentry,
				struct inode *inode, struct qstr *ci)
{
	if (!ci->name)
		return d_splice_alias(inode, dentry);
	return foo_splice_ci(dentry, inode, ci);
}

static struct dentry *foo_lookup(struct inode *dir, struct dentry *dentry,
				 unsigned int lf)
{
	struct inode *inode = foo_iget(dir, dentry);
	struct qstr ci = {};

	return foo_found(dir, dentry, inode, &ci);
}

static const struct inode_operations foo_dir_inode_operations = {
	.create		= foo_create,
	.lookup		= foo_lookup,
};
