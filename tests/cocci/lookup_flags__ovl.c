/* a ->lookup() called from readdir (overlayfs after v3 09/19) and through
 * ->i_op->lookup from a silly-rename helper (nfs after v3 18/19): the
 * parent's lock mode cannot be seen from there, so both are reported */
#include <linux/namei.h>

struct dentry *ovl_lookup(struct inode *dir, struct dentry *dentry,
			  unsigned int flags)
{
	return ovl_do_lookup(dir, dentry, flags);
}

static int ovl_cache_update(const struct path *path, struct ovl_cache_entry *p)
{
	struct dentry *dir = path->dentry, *this, *ret;

	this = d_alloc_noblock(dir, &p->name);
	if (d_in_lookup(this)) {
		ret = ovl_lookup(dir->d_inode, this, 0);
		d_lookup_done(this);
	}
	dput(this);
	return 0;
}

static int nfs_sillyrename(struct inode *dir, struct dentry *dentry)
{
	struct dentry *sdentry, *alias;

	sdentry = d_alloc_noblock(dentry->d_parent, &QSTR(silly));
	alias = dir->i_op->lookup(dir, sdentry, 0);
	d_lookup_done(sdentry);
	return 0;
}

static int ovl_iterate(struct file *file, struct dir_context *ctx)
{
	return finish_no_open(file, NULL);
}
