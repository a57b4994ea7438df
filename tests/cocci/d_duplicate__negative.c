/* d_alloc() of another name, or of a name under another parent: not a copy */
static int not_a_copy(struct dentry *parent, struct dentry *a, struct dentry *b)
{
	struct dentry *d, *e, *f;

	d = d_alloc(parent, &a->d_name);
	e = d_alloc(a->d_parent, &b->d_name);
	f = d_alloc_name(a->d_parent, "x");
	if (!d || !e || !f)
		return -ENOMEM;
	dput(d);
	dput(e);
	dput(f);
	return 0;
}
