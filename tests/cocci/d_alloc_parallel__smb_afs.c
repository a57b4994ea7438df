/* fs/smb/client/readdir.c cifs_prime_dcache() and fs/afs/dir_silly.c afs_silly_iput(), 6.12 */
static void
cifs_prime_dcache(struct dentry *parent, struct qstr *name,
		    struct cifs_fattr *fattr)
{
	struct dentry *dentry, *alias;
	bool reparse_need_reval = false;
	DECLARE_WAIT_QUEUE_HEAD_ONSTACK(wq);
	int rc;

	dentry = d_hash_and_lookup(parent, name);
	if (!dentry) {
retry:
		if (reparse_need_reval ||
		    (fattr->cf_flags & CIFS_FATTR_NEED_REVAL))
			return;

		dentry = d_alloc_parallel(parent, name, &wq);
	}
	if (IS_ERR(dentry))
		return;
	dput(dentry);
}

int afs_silly_iput(struct dentry *dentry, struct inode *inode)
{
	struct dentry *alias;
	int ret;

	DECLARE_WAIT_QUEUE_HEAD_ONSTACK(wq);

	_enter("%p{%pd},%llx", dentry, dentry, vnode->fid.vnode);

	alias = d_alloc_parallel(dentry->d_parent, &dentry->d_name, &wq);
	if (IS_ERR(alias))
		return 0;
	d_lookup_done(alias);
	dput(alias);
	return 1;
}
