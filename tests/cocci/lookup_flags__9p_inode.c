/* fs/9p/vfs_inode.c v9fs_vfs_atomic_open(), 6.12: v9fs_vfs_lookup() is
 * defined here and named in two .lookup initializers */
#include <linux/namei.h>

struct dentry *v9fs_vfs_lookup(struct inode *dir, struct dentry *dentry,
				      unsigned int flags)
{
	return v9fs_do_lookup(dir, dentry);
}

static int
v9fs_vfs_atomic_open(struct inode *dir, struct dentry *dentry,
		     struct file *file, unsigned int flags, umode_t mode)
{
	struct dentry *res = NULL;

	if (d_in_lookup(dentry)) {
		res = v9fs_vfs_lookup(dir, dentry, 0);
		if (IS_ERR(res))
			return PTR_ERR(res);

		if (res)
			dentry = res;
	}

	/* Only creates */
	if (!(flags & O_CREAT) || d_really_is_positive(dentry))
		return finish_no_open(file, res);
	return v9fs_create(dir, dentry, file, flags, mode);
}

static const struct inode_operations v9fs_dir_inode_operations_dotu = {
	.lookup = v9fs_vfs_lookup,
	.atomic_open = v9fs_vfs_atomic_open,
};

static const struct inode_operations v9fs_dir_inode_operations = {
	.lookup = v9fs_vfs_lookup,
	.atomic_open = v9fs_vfs_atomic_open,
};
