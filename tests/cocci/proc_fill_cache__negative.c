/* Not this rule's: dcache priming without a dir_context (rule R2), a
 * d_alloc_parallel() outside readdir, a readdir without one.  Run with
 * -D no_dirlock: still untouched and quiet.
 */
static void foo_prime_dcache(struct dentry *parent, struct foo_entry *entry)
{
	struct qstr filename = QSTR_INIT(entry->name, entry->len);
	struct dentry *dentry;

	filename.hash = full_name_hash(parent, filename.name, filename.len);
	dentry = d_lookup(parent, &filename);
	if (!dentry) {
		dentry = d_alloc_parallel(parent, &filename);
		if (IS_ERR(dentry))
			return;
		if (d_in_lookup(dentry))
			foo_instantiate(dentry, entry);
	}
	dput(dentry);
}

static struct dentry *foo_lookup_slow(struct dentry *dir, struct qstr *name)
{
	struct dentry *dentry = d_alloc_parallel(dir, name);

	if (IS_ERR(dentry) || !d_in_lookup(dentry))
		return dentry;
	return foo_real_lookup(dentry);
}

static int foo_readdir(struct file *file, struct dir_context *ctx)
{
	struct foo_entry *e;

	for (e = foo_first(file); e; e = foo_next(e))
		if (!dir_emit(ctx, e->name, e->len, e->ino, DT_UNKNOWN))
			break;
	return 0;
}
