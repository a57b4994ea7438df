/* try_lookup_noperm() handled for NULL only (the d_lookup() habit the
 * cephfs and fuse conversions had to unlearn), and for ERR_PTR only */
static void null_only(struct dentry *parent, struct qstr *dname)
{
	struct dentry *dn;

	dn = try_lookup_noperm(dname, parent);
	if (!dn)
		return;
	if (d_really_is_positive(dn))
		update(d_inode(dn));
	dput(dn);
}

static int err_only(struct dentry *parent, struct qstr *dname)
{
	struct dentry *dn;

	dn = try_lookup_noperm(dname, parent);
	if (IS_ERR(dn))
		return PTR_ERR(dn);
	update(d_inode(dn));
	dput(dn);
	return 0;
}
