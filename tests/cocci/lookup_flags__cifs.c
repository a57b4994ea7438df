/* fs/smb/client/dir.c cifs_atomic_open(), 6.12: both methods are named in
 * cifsfs.c, so they are known here by their signatures */
#include <linux/namei.h>

int
cifs_atomic_open(struct inode *inode, struct dentry *direntry,
		 struct file *file, unsigned oflags, umode_t mode)
{
	if (!(oflags & O_CREAT)) {
		struct dentry *res;

		/*
		 * Check for hashed negative dentry. We have already revalidated
		 * the dentry and it is fine. No need to perform another lookup.
		 */
		if (!d_in_lookup(direntry))
			return -ENOENT;

		res = cifs_lookup(inode, direntry, 0);
		if (IS_ERR(res))
			return PTR_ERR(res);

		return finish_no_open(file, res);
	}
	return cifs_do_create_open(inode, direntry, file, oflags, mode);
}

struct dentry *
cifs_lookup(struct inode *parent_dir_inode, struct dentry *direntry,
	    unsigned int flags)
{
	return cifs_do_lookup(parent_dir_inode, direntry, flags);
}
