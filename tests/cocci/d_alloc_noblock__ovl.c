/* fs/overlayfs/readdir.c, 6.12: full lookups under readdir, reported only */
static int ovl_cache_update(const struct path *path, struct ovl_cache_entry *p, bool update_ino)
{
	struct dentry *dir = path->dentry;
	struct dentry *this = NULL;

	this = lookup_one(mnt_idmap(path->mnt), p->name, dir, p->len);
	if (IS_ERR_OR_NULL(this) || !this->d_inode) {
		p->is_whiteout = true;
		this = NULL;
	}
	dput(this);
	return 0;
}

static int ovl_iterate(struct file *file, struct dir_context *ctx)
{
	return ovl_cache_update(&file->f_path, NULL, true);
}

/* not under readdir: left alone */
static struct dentry *ovl_lookup_temp(struct ovl_fs *ofs, struct dentry *workdir)
{
	return lookup_one(ovl_upper_mnt_idmap(ofs), name, workdir, strlen(name));
}
