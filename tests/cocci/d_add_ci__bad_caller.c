/* a helper also called from outside ->lookup(): reported, not guessed */
static struct dentry *bar_splice_ci(struct dentry *dentry, struct inode *inode,
				    struct qstr *name)
{
	return d_add_ci(dentry, inode, name);
}

static struct dentry *bar_lookup(struct inode *dir, struct dentry *dentry,
				 unsigned int flags)
{
	return bar_splice_ci(dentry, bar_iget(dir, dentry), &bar_ci);
}

static int bar_fill_super_root(struct super_block *sb, struct dentry *d)
{
	return PTR_ERR(bar_splice_ci(d, sb->s_root_inode, &bar_root_name));
}

struct dentry *bar_exported(struct dentry *d, struct inode *i, struct qstr *q)
{
	return d_add_ci(d, i, q);
}

static const struct inode_operations bar_dir_iops = {
	.lookup		= bar_lookup,
};
