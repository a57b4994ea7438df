/* both handled: fs/fuse/readdir.c fuse_direntplus_link() (2026 series:
 * NULL leads to the allocator, one IS_ERR() covers both) and the cephfs
 * shape */
static int fuse_direntplus_link(struct dentry *parent, struct qstr *name)
{
	struct dentry *dentry;

	dentry = try_lookup_noperm(name, parent);
	if (!dentry) {
retry:
		dentry = d_alloc_noblock(parent, name);
	}
	if (IS_ERR(dentry)) {
		if (PTR_ERR(dentry) == -EWOULDBLOCK)
			return 0;
		return PTR_ERR(dentry);
	}
	if (!d_in_lookup(dentry)) {
		update(d_inode(dentry));
		dput(dentry);
		return 0;
	}
	d_lookup_done(dentry);
	dput(dentry);
	return 0;
}

static int ceph_prepopulate(struct dentry *parent, struct qstr *dname)
{
	struct dentry *dn;

	dn = try_lookup_noperm(dname, parent);
	if (IS_ERR(dn))
		return PTR_ERR(dn);
	if (!dn)
		return 0;
	update(d_inode(dn));
	dput(dn);
	return 0;
}
