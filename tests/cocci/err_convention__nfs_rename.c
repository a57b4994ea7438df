/* fs/nfs/dir.c nfs_rename() as posted in v3 19/19: d_duplicate() with the
 * "!dentry" test of the d_alloc() it replaced */
int nfs_rename(struct mnt_idmap *idmap, struct inode *old_dir,
	       struct dentry *old_dentry, struct inode *new_dir,
	       struct dentry *new_dentry, unsigned int flags)
{
	struct dentry *dentry = NULL;
	int error = -ETXTBSY;

	if (d_count(new_dentry) > 2) {
		/* copy the target dentry's name */
		dentry = d_duplicate(new_dentry);
		if (!dentry)
			goto out;
		new_dentry = dentry;
	}
	error = nfs_do_rename(old_dir, old_dentry, new_dir, new_dentry);
out:
	if (dentry) {
		d_lookup_done(dentry);
		dput(dentry);
	}
	return error;
}
