/* call under #ifdef and as a macro argument; flags named lookup_flags */
static struct dentry *baz_lookup(struct inode *dir, struct dentry *dentry,
				 unsigned int lookup_flags)
{
	struct qstr ci;
	struct dentry *res;

	res = NULL;
#ifdef CONFIG_BAZ_CI
	if (baz_ci_name(dir, dentry, &ci))
		res = BAZ_TRACE(d_add_ci(dentry, baz_iget(dir), &ci));
	else
#endif
		res = d_splice_alias(baz_iget(dir), dentry);
	return res;
}

static const struct inode_operations baz_iops = {
	.lookup = baz_lookup,
};
