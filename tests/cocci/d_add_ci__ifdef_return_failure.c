/* KNOWN FAILURE: spatch 1.1.1 does not match the enclosing function when
 * "if (...) return d_add_ci(...);" sits directly between #ifdef and #endif */
static struct dentry *baz_lookup(struct inode *dir, struct dentry *dentry,
				 unsigned int lookup_flags)
{
	struct qstr ci;

#ifdef CONFIG_BAZ_CI
	if (baz_ci_name(dir, dentry, &ci))
		return BAZ_TRACE(d_add_ci(dentry, baz_iget(dir), &ci));
#endif
	return d_splice_alias(baz_iget(dir), dentry);
}

static const struct inode_operations baz_iops = {
	.lookup = baz_lookup,
};
