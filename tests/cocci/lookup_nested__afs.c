/* fs/afs/dir.c, 6.12: afs_lookup() hands @sys names to afs_lookup_atsys(),
 * which looks the substitutes up in the same directory */
static struct dentry *afs_lookup_atsys(struct inode *dir, struct dentry *dentry,
				       struct key *key)
{
	struct dentry *ret;
	char *buf, *p, *name;
	int len, i;

	for (i = 0; i < subs->nr; i++) {
		name = subs->subs[i];
		len = dentry->d_name.len - 4 + strlen(name);
		strcpy(p, name);
		ret = lookup_one_len(buf, dentry->d_parent, len);
		if (IS_ERR(ret) || d_is_positive(ret))
			goto out_s;
		dput(ret);
	}
	ret = NULL;
out_s:
	return ret;
}

static struct dentry *afs_lookup(struct inode *dir, struct dentry *dentry,
				 unsigned int flags)
{
	if (dentry->d_name.len >= 4 &&
	    dentry->d_name.name[dentry->d_name.len - 4] == '@')
		return afs_lookup_atsys(dir, dentry, key);
	return afs_do_lookup(dir, dentry, key);
}

const struct inode_operations afs_dir_inode_operations = {
	.lookup		= afs_lookup,
};
