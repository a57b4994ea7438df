/* nfs_rename() as d_duplicate.cocci converts it: not reported */
int nfs_rename(struct mnt_idmap *idmap, struct inode *old_dir,
	       struct dentry *old_dentry, struct inode *new_dir,
	       struct dentry *new_dentry, unsigned int flags)
{
	struct dentry *dentry = NULL;
	int error = -ETXTBSY;

	if (d_count(new_dentry) > 2) {
		/* copy the target dentry's name */
		dentry = d_duplicate(new_dentry);
		if (IS_ERR(dentry)) {
			dentry = NULL;
			goto out;
		}
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
