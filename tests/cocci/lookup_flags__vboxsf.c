/* fs/vboxsf/dir.c vboxsf_dir_atomic_open(), 6.12 (also fs/9p/vfs_inode.c
 * v9fs_vfs_atomic_open(), which has the same shape) */
#include <linux/namei.h>

static struct dentry *vboxsf_dir_lookup(struct inode *parent,
					struct dentry *dentry,
					unsigned int flags)
{
	return d_splice_alias(vboxsf_find(parent, dentry), dentry);
}

static int vboxsf_dir_atomic_open(struct inode *parent, struct dentry *dentry,
				  struct file *file, unsigned int flags, umode_t mode)
{
	struct dentry *res = NULL;

	if (d_in_lookup(dentry)) {
		res = vboxsf_dir_lookup(parent, dentry, 0);
		if (IS_ERR(res))
			return PTR_ERR(res);

		if (res)
			dentry = res;
	}

	/* Only creates */
	if (!(flags & O_CREAT) || d_really_is_positive(dentry))
		return finish_no_open(file, res);
	return vboxsf_create_open(parent, dentry, file, flags, mode);
}

const struct inode_operations vboxsf_dir_iops = {
	.lookup  = vboxsf_dir_lookup,
	.atomic_open = vboxsf_dir_atomic_open,
};
