/* fs/nfs/dir.c nfs_rename(), 6.12 (trimmed): the copy is dput() after the
 * out label, and allocation failure keeps the -ETXTBSY it always returned */
int nfs_rename(struct mnt_idmap *idmap, struct inode *old_dir,
	       struct dentry *old_dentry, struct inode *new_dir,
	       struct dentry *new_dentry, unsigned int flags)
{
	struct inode *old_inode = d_inode(old_dentry);
	struct inode *new_inode = d_inode(new_dentry);
	struct dentry *dentry = NULL;
	int error = -EBUSY;

	if (new_inode && !S_ISDIR(new_inode->i_mode)) {
		error = -ETXTBSY;
		spin_lock(&new_dentry->d_lock);
		if (d_count(new_dentry) > 2) {
			int err;

			spin_unlock(&new_dentry->d_lock);

			/* copy the target dentry's name */
			dentry = d_alloc(new_dentry->d_parent,
					 &new_dentry->d_name);
			if (!dentry)
				goto out;

			/* silly-rename the existing target ... */
			err = nfs_sillyrename(new_dir, new_dentry);
			if (err)
				goto out;

			new_dentry = dentry;
			new_inode = NULL;
		} else {
			spin_unlock(&new_dentry->d_lock);
		}
	}

	error = nfs_do_rename(old_dir, old_dentry, new_dir, new_dentry);
out:
	if (!error)
		d_move(old_dentry, new_dentry);

	/* new dentry created? */
	if (dentry)
		dput(dentry);
	return error;
}
