/* fs/gfs2/inode.c gfs2_atomic_open(), 6.12: __gfs2_lookup() takes a
 * struct file *, not lookup flags; it is not a ->lookup(): nothing to do */
#include <linux/namei.h>

static struct dentry *__gfs2_lookup(struct inode *dir, struct dentry *dentry,
				    struct file *file)
{
	return gfs2_do_lookup(dir, dentry, file);
}

static struct dentry *gfs2_lookup(struct inode *dir, struct dentry *dentry,
				  unsigned flags)
{
	return __gfs2_lookup(dir, dentry, NULL);
}

static int gfs2_atomic_open(struct inode *dir, struct dentry *dentry,
			    struct file *file, unsigned flags,
			    umode_t mode)
{
	struct dentry *d;

	if (!d_in_lookup(dentry))
		return finish_no_open(file, NULL);
	d = __gfs2_lookup(dir, dentry, file);
	return finish_no_open(file, d);
}

static const struct inode_operations gfs2_dir_iops = {
	.lookup = gfs2_lookup,
	.atomic_open = gfs2_atomic_open,
};
