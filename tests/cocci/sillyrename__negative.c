/* Lookups that are not a search for an unused name: untouched, quiet. */
struct dentry *one_lookup(struct dentry *parent, const char *name, int len)
{
	struct dentry *d;

	d = lookup_one_len(name, parent, len);
	if (IS_ERR(d))
		return d;
	if (d_is_negative(d)) {
		dput(d);
		return ERR_PTR(-ENOENT);
	}
	return d;
}

int walk(struct dentry *parent, const char **names, int n)
{
	struct dentry *d = NULL;
	int i = 0;

	while (i < n) {
		d = lookup_noperm(&QSTR(names[i]), parent);
		if (IS_ERR(d))
			return PTR_ERR(d);
		if (d_is_negative(d))
			break;
		dput(d);
		i++;
	}
	dput(d);
	return i;
}

int retry_busy(struct dentry *parent, const char *name)
{
	struct dentry *d = NULL;
	int tries = 0;

	do {
		d = lookup_noperm(&QSTR(name), parent);
		if (IS_ERR(d))
			return PTR_ERR(d);
		dput(d);
	} while (++tries < 3);
	return 0;
}
