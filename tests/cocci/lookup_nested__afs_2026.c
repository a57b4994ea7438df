/* afs_lookup_atsys() as converted in the March 2026 series (23/53): the
 * parent lock is dropped before the nested allocations and retaken at
 * out_s: not reported (C1/C2 check the lock discipline) */
static struct dentry *afs_lookup_atsys(struct inode *dir, struct dentry *dentry,
				       struct key *key, unsigned int flags)
{
	struct dentry *ret, *parent = dentry->d_parent;
	char *buf, *p, *name;
	int len, i;

	if (flags & LOOKUP_SHARED)
		inode_unlock_shared(dir);
	else
		inode_unlock(dir);
	for (i = 0; i < subs->nr; i++) {
		name = subs->subs[i];
		strcpy(p, name);
		ret = try_lookup_noperm(&QSTR(buf), parent);
		if (!ret)
			ret = d_alloc_parallel(parent, &QSTR(buf));
		if (IS_ERR(ret) || d_is_positive(ret))
			goto out_s;
		d_lookup_done(ret);
		dput(ret);
	}
	ret = NULL;
out_s:
	if (flags & LOOKUP_SHARED)
		inode_lock_shared(dir);
	else
		inode_lock_nested(dir, I_MUTEX_PARENT);
	return ret;
}

static struct dentry *afs_lookup(struct inode *dir, struct dentry *dentry,
				 unsigned int flags)
{
	if (dentry->d_name.len >= 4 &&
	    dentry->d_name.name[dentry->d_name.len - 4] == '@')
		return afs_lookup_atsys(dir, dentry, key, flags);
	return afs_do_lookup(dir, dentry, key);
}

const struct inode_operations afs_dir_inode_operations = {
	.lookup		= afs_lookup,
};
