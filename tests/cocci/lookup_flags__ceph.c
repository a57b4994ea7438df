/* fs/ceph/dir.c ceph_handle_notrace_create(), 6.12: a helper of ->mknod,
 * ->symlink, ->mkdir and (in file.c) ->atomic_open: reported, not changed */
#include <linux/namei.h>

static struct dentry *ceph_lookup(struct inode *dir, struct dentry *dentry,
				  unsigned int flags)
{
	return ceph_do_lookup(dir, dentry, flags);
}

int ceph_handle_notrace_create(struct inode *dir, struct dentry *dentry)
{
	struct dentry *result = ceph_lookup(dir, dentry, 0);

	if (result && !IS_ERR(result)) {
		d_drop(result);
		return -ESTALE;
	}
	return PTR_ERR(result);
}

static int ceph_mknod(struct mnt_idmap *idmap, struct inode *dir,
		      struct dentry *dentry, umode_t mode, dev_t rdev)
{
	return ceph_handle_notrace_create(dir, dentry);
}

const struct inode_operations ceph_dir_iops = {
	.lookup = ceph_lookup,
	.mknod = ceph_mknod,
};
