/* fs/nfs/dir.c nfs_prime_dcache(), 6.12/2026 after d_alloc_parallel.cocci:
 * the again: label must stay in front of the new call */
static
void nfs_prime_dcache(struct dentry *parent, struct nfs_entry *entry,
		unsigned long dir_verifier)
{
	struct qstr filename = QSTR_INIT(entry->name, entry->len);
	struct dentry *dentry;

	if (filename.len == 0)
		return;
	filename.hash = full_name_hash(parent, filename.name, filename.len);

	dentry = d_lookup(parent, &filename);
again:
	if (!dentry) {
		dentry = d_alloc_parallel(parent, &filename);
		if (IS_ERR(dentry))
			return;
	}
	if (!d_in_lookup(dentry)) {
		d_invalidate(dentry);
		dput(dentry);
		dentry = NULL;
		goto again;
	}
	dput(dentry);
}

static int nfs_readdir_page_filler(struct nfs_readdir_descriptor *desc,
				   struct nfs_entry *entry)
{
	nfs_prime_dcache(file_dentry(desc->file), entry, desc->dir_verifier);
	return 0;
}

static int nfs_readdir_xdr_to_array(struct nfs_readdir_descriptor *desc)
{
	return nfs_readdir_page_filler(desc, desc->entry);
}

static int nfs_readdir(struct file *file, struct dir_context *ctx)
{
	return nfs_readdir_xdr_to_array(file->private_data);
}
