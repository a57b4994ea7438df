/* already converted (2026-era): left alone */
static void nfs_prime_dcache(struct dentry *parent, struct nfs_entry *entry)
{
	struct qstr filename = QSTR_INIT(entry->name, entry->len);
	struct dentry *dentry;

	dentry = try_lookup_noperm(&filename, parent);
again:
	if (!dentry)
		dentry = d_alloc_parallel(parent, &filename);
	if (IS_ERR(dentry))
		return;
	dput(dentry);
}

static int proc_sys_fill_cache(struct file *file, struct ctl_table *table)
{
	struct dentry *child, *dir = file->f_path.dentry;
	struct qstr qname = QSTR(table->procname);

	child = d_alloc_parallel(dir, &qname);
	if (IS_ERR(child))
		return false;
	dput(child);
	return true;
}
