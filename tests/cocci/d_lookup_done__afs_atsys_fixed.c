/* the same loop with the lookup ended before the negative dentry is put */
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
		d_lookup_done(ret);
		dput(ret);
	}

	ret = NULL;
out_s:
	return ret;
}
