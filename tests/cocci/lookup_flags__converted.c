/* already converted: nothing to do, nothing to say */
#include <linux/namei.h>

static struct dentry *fuse_lookup(struct inode *dir, struct dentry *entry,
				  unsigned int flags)
{
	return fuse_do_lookup(dir, entry, flags);
}

static struct dentry *other_lookup(struct inode *dir, struct dentry *entry,
				   unsigned int flags)
{
	return fuse_lookup(dir, entry, LOOKUP_OPEN | (flags & LOOKUP_SHARED));
}

static int fuse_atomic_open(struct inode *dir, struct dentry *entry,
			    struct file *file, unsigned flags,
			    umode_t mode)
{
	struct dentry *res = NULL;

	if (d_in_lookup(entry))
		res = fuse_lookup(dir, entry,
				  (flags & O_CREAT) ? 0 : LOOKUP_SHARED);
	return finish_no_open(file, res);
}

static const struct inode_operations fuse_dir_inode_operations = {
	.lookup		= fuse_lookup,
};
