/* fs/ntfs/namei.c ntfs_lookup(), 2026-era shape: call in a nested block */
static struct dentry *ntfs_lookup(struct inode *dir_ino, struct dentry *dent,
		unsigned int flags)
{
	struct inode *dent_inode;
	struct qstr nls_name;
	int err;

	if (!IS_ERR_MREF(mref)) {
		dent_inode = ntfs_iget(vol->sb, MREF(mref));
		return d_splice_alias(dent_inode, dent);
	}
	{
		if ((int)nls_name.len < 0) {
			err = (int)nls_name.len;
			goto err_out;
		}
		nls_name.hash = full_name_hash(dent, nls_name.name, nls_name.len);

		dent = d_add_ci(dent, dent_inode, &nls_name);
		kfree(nls_name.name);
		return dent;
err_out:
		iput(dent_inode);
		return ERR_PTR(err);
	}
}

const struct inode_operations ntfs_dir_inode_ops = {
	.lookup	= ntfs_lookup,	/* VFS: Lookup directory. */
};
