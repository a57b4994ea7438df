/* the fix: NULL from d_alloc_name() becomes -ENOMEM */
static int ovl_cache_update(const struct path *path, struct ovl_cache_entry *p)
{
	struct dentry *dir = path->dentry;
	struct dentry *this;

	this = d_alloc_noblock(dir, &QSTR_LEN(p->name, p->len));
	if (IS_ERR(this) && PTR_ERR(this) == -EWOULDBLOCK) {
		this = d_alloc_name(dir, p->name);
		if (!this)
			return -ENOMEM;
	}
	if (IS_ERR(this))
		return PTR_ERR(this);
	p->ino = ovl_ino(this);
	dput(this);
	return 0;
}
