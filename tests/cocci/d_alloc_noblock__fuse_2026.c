/* fuse_direntplus_link(), 2026-era shape with try_lookup_noperm() */
static int fuse_direntplus_link(struct file *file,
				struct fuse_direntplus *direntplus,
				u64 attr_version, u64 evict_ctr)
{
	struct dentry *parent = file->f_path.dentry;
	struct qstr name = QSTR_LEN(dirent->name, dirent->namelen);
	struct dentry *dentry;

	dentry = try_lookup_noperm(&name, parent);
	if (!dentry) {
retry:
		dentry = d_alloc_parallel(parent, &name);
		if (IS_ERR(dentry))
			return PTR_ERR(dentry);
	}
	if (!d_in_lookup(dentry)) {
		d_invalidate(dentry);
		dput(dentry);
		goto retry;
	}
	return 0;
}

int fuse_readdir(struct file *file, struct dir_context *ctx)
{
	return fuse_direntplus_link(file, NULL, 0, 0);
}
