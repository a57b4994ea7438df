/* fs/overlayfs/readdir.c ovl_cache_update() as posted in v3 09/19: the
 * inverted d_unhashed() test sends in-lookup dentries past ovl_lookup() and
 * d_lookup_done() to the final dput() (KASAN in __dentry_kill) */
static int ovl_cache_update(const struct path *path, struct ovl_cache_entry *p,
			    bool update_ino)
{
	struct dentry *dir = path->dentry;
	struct dentry *this = NULL;
	int err = 0;

	this = d_alloc_noblock(dir, &QSTR_LEN(p->name, p->len));
	if (IS_ERR(this)) {
		if (PTR_ERR(this) != -EWOULDBLOCK)
			return PTR_ERR(this);
		this = d_alloc_name(dir, p->name);
		if (!this)
			return -ENOMEM;
	}
	/* in-lookup or unhashed: do the lookup ourselves */
	if (!d_unhashed(this)) {
		struct dentry *res = ovl_lookup(dir->d_inode, this, 0);

		d_lookup_done(this);
		if (res) {
			dput(this);
			this = res;
		}
	}
	p->ino = ovl_ino(this);
	dput(this);
	return err;
}
