/* fs/fuse/dir.c fuse_atomic_open(), 6.12: ->lookup with 0 from ->atomic_open */
#include <linux/fs.h>
#include <linux/namei.h>

static struct dentry *fuse_lookup(struct inode *dir, struct dentry *entry,
				  unsigned int flags)
{
	return fuse_do_lookup(dir, entry, flags);
}

static int fuse_atomic_open(struct inode *dir, struct dentry *entry,
			    struct file *file, unsigned flags,
			    umode_t mode)
{
	struct dentry *res = NULL;

	if (d_in_lookup(entry)) {
		res = fuse_lookup(dir, entry, 0);
		if (IS_ERR(res))
			return PTR_ERR(res);

		if (res)
			entry = res;
	}

	if (!(flags & O_CREAT) || d_really_is_positive(entry))
		goto no_open;
	return fuse_create_open(dir, entry, file, flags, mode);

no_open:
	return finish_no_open(file, res);
}

static const struct inode_operations fuse_dir_inode_operations = {
	.lookup		= fuse_lookup,
	.atomic_open	= fuse_atomic_open,
};
