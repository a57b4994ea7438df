/* fs/smb/client/readdir.c cifs_prime_dcache(), 6.12 after d_alloc_parallel.cocci:
 * the lookup prelude guards more than the allocation, so only the call changes */
static void
cifs_prime_dcache(struct dentry *parent, struct qstr *name,
		    struct cifs_fattr *fattr)
{
	struct dentry *dentry, *alias;
	bool reparse_need_reval = false;

	dentry = d_hash_and_lookup(parent, name);
	if (!dentry) {
retry:
		if (reparse_need_reval ||
		    (fattr->cf_flags & CIFS_FATTR_NEED_REVAL))
			return;

		dentry = d_alloc_parallel(parent, name);
	}
	if (IS_ERR(dentry))
		return;
	if (!d_in_lookup(dentry)) {
		d_invalidate(dentry);
		dput(dentry);
		goto retry;
	}
	dput(dentry);
}

static bool cifs_filldir(char *find_entry, struct file *file,
			 struct dir_context *ctx, char *scratch_buf,
			 unsigned int max_len, struct cached_fid *cfid)
{
	cifs_prime_dcache(file_dentry(file), &name, &fattr);
	return true;
}
