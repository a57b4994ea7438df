/* already converted (the 53-series fuse form, smb and nfs): left alone */
static int fuse_direntplus_link(struct file *file, struct dir_context *ctx)
{
	struct qstr name = QSTR_LEN(dirent->name, dirent->namelen);
	struct dentry *dentry;

	dentry = try_lookup_noperm(&name, parent);
	if (!dentry) {
retry:
		dentry = d_alloc_noblock(parent, &name);
	}
	if (IS_ERR(dentry)) {
		if (PTR_ERR(dentry) == -EWOULDBLOCK)
			/* harmless */
			return 0;
		return PTR_ERR(dentry);
	}
	return 0;
}

static void nfs_prime_dcache(struct dentry *parent, struct dir_context *ctx)
{
	struct qstr filename = QSTR_INIT(entry->name, entry->len);
	struct dentry *dentry;

again:
	dentry = d_alloc_noblock(parent, &filename);
	if (IS_ERR(dentry))
		return;
	dput(dentry);
}
