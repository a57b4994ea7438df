/* fs/overlayfs/readdir.c ovl_cache_update() as posted in v3 09/19: the
 * d_alloc_name() fallback is tested with IS_ERR() only (Amir's review) */
static int ovl_cache_update(const struct path *path, struct ovl_cache_entry *p)
{
	struct dentry *dir = path->dentry;
	struct dentry *this;

	this = d_alloc_noblock(dir, &QSTR_LEN(p->name, p->len));
	if (IS_ERR(this) && PTR_ERR(this) == -EWOULDBLOCK) {
		this = d_alloc_name(dir, p->name);
		if (IS_ERR(this))
			return PTR_ERR(this);
	}
	if (IS_ERR(this))
		return PTR_ERR(this);
	p->ino = ovl_ino(this);
	dput(this);
	return 0;
}
