/* fs/9p/vfs_inode_dotl.c, 6.12: v9fs_vfs_lookup() is defined in
 * vfs_inode.c and named in this file's .lookup; the open flags parameter
 * of this ->atomic_open() is called "flags" */
#include <linux/fs.h>
#include <linux/namei.h>

static int
v9fs_vfs_atomic_open_dotl(struct inode *dir, struct dentry *dentry,
			  struct file *file, unsigned int flags, umode_t omode)
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
		return	finish_no_open(file, res);
	return v9fs_create_dotl(dir, dentry, file, flags, omode);
}

const struct inode_operations v9fs_dir_inode_operations_dotl = {
	.create = v9fs_vfs_create_dotl,
	.atomic_open = v9fs_vfs_atomic_open_dotl,
	.lookup = v9fs_vfs_lookup,
};
