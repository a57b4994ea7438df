/* a ->lookup() known by its signature that looks a sibling name up through
 * dget_parent(): reported; the same lookup from ->unlink (not a ->lookup())
 * and a ->lookup() in the lower filesystem's directory (ecryptfs,
 * overlayfs): not reported */
struct dentry *foo_lookup(struct inode *dir, struct dentry *dentry,
			  unsigned int flags)
{
	struct dentry *parent, *alt;

	parent = dget_parent(dentry);
	alt = lookup_one_len_unlocked("alt", parent, 3);
	dput(parent);
	if (IS_ERR(alt))
		return alt;
	return d_splice_alias(foo_inode(alt), dentry);
}

static int foo_unlink(struct inode *dir, struct dentry *dentry)
{
	struct dentry *sdentry;

	sdentry = lookup_one_len(".silly", dentry->d_parent, 6);
	dput(sdentry);
	return 0;
}

static struct dentry *ecryptfs_lookup(struct inode *ecryptfs_dir_inode,
				      struct dentry *ecryptfs_dentry,
				      unsigned int flags)
{
	struct dentry *lower_dir_dentry, *lower_dentry;

	lower_dir_dentry = ecryptfs_dentry_to_lower(ecryptfs_dentry->d_parent);
	lower_dentry = lookup_one_len_unlocked(name, lower_dir_dentry, len);
	return ecryptfs_lookup_interpose(ecryptfs_dentry, lower_dentry,
					 ecryptfs_dir_inode);
}

static const struct inode_operations foo_dir_iops = {
	.unlink		= foo_unlink,
};
