/* fs/afs/dir.c afs_lookup_atsys() as in the March 2026 series (23/53,
 * trimmed): the fresh in-lookup dentry from d_alloc_parallel() is dput()
 * without d_lookup_done() when it is negative */
static struct dentry *afs_lookup_atsys(struct inode *dir, struct dentry *dentry,
				       unsigned int flags)
{
	struct dentry *ret;
	char *buf, *p, *name;
	int len, i;

	for (i = 0; i < subs->nr; i++) {
		name = subs->subs[i];
		strcpy(p, name);
		ret = try_lookup_noperm(&QSTR(buf), dentry->d_parent);
		if (!ret)
			ret = d_alloc_parallel(dentry->d_parent, &QSTR(buf));
		if (IS_ERR(ret) || d_is_positive(ret))
			goto out_s;
		dput(ret);
	}

	ret = NULL;
out_s:
	return ret;
}
