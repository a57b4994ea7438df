/* correct code from 6.12 (after d_alloc_parallel.cocci and d_alloc_noblock.cocci)
 * that the check must not report: fs/nfs/dir.c nfs_prime_dcache() (then
 * branch of !d_in_lookup() jumps to the dput() at out), fs/fuse/readdir.c
 * fuse_direntplus_link() (if/else), fs/namei.c lookup_open() (loop left by
 * "if (d_in_lookup()) break;"), fs/proc/base.c proc_fill_cache() (test
 * without else whose branch ends the lookup) */
static void nfs_prime_dcache(struct dentry *parent, struct nfs_entry *entry,
		unsigned long dir_verifier)
{
	struct qstr filename = QSTR_INIT(entry->name, entry->len);
	struct dentry *dentry;
	struct dentry *alias;
	struct inode *inode;

again:
	dentry = d_alloc_noblock(parent, &filename);
	if (IS_ERR(dentry))
		return;
	if (!d_in_lookup(dentry)) {
		if (!nfs_fsid_equal(&NFS_SB(dentry->d_sb)->fsid,
					&entry->fattr->fsid))
			goto out;
		if (nfs_same_file(dentry, entry)) {
			nfs_set_verifier(dentry, dir_verifier);
			goto out;
		} else {
			d_invalidate(dentry);
			dput(dentry);
			dentry = NULL;
			goto again;
		}
	}
	if (!entry->fh->size) {
		d_lookup_done(dentry);
		goto out;
	}

	inode = nfs_fhget(dentry->d_sb, entry->fh, entry->fattr);
	alias = d_splice_alias(inode, dentry);
	d_lookup_done(dentry);
	if (alias) {
		if (IS_ERR(alias))
			goto out;
		dput(dentry);
		dentry = alias;
	}
out:
	dput(dentry);
}

static int fuse_direntplus_link(struct file *file,
				struct fuse_direntplus *direntplus,
				u64 attr_version, u64 evict_ctr)
{
	struct dentry *dentry, *alias;

	dentry = d_alloc_noblock(parent, &name);
	if (dentry == ERR_PTR(-EWOULDBLOCK))
		return 0;
	if (IS_ERR(dentry))
		return PTR_ERR(dentry);
	if (!d_in_lookup(dentry)) {
		if (!inode) {
			d_invalidate(dentry);
			dput(dentry);
			return -ESTALE;
		}
		fuse_change_attributes(inode, &o->attr, NULL, 0, attr_version);
	} else {
		inode = fuse_iget(dir->i_sb, o->nodeid, o->generation,
				  &o->attr, ATTR_TIMEOUT(o), attr_version, evict_ctr);
		alias = d_splice_alias(inode, dentry);
		d_lookup_done(dentry);
		if (alias) {
			dput(dentry);
			dentry = alias;
		}
		if (IS_ERR(dentry))
			return PTR_ERR(dentry);
	}
	fuse_change_entry_timeout(dentry, o);
	dput(dentry);
	return 0;
}

static struct dentry *lookup_open(struct nameidata *nd, struct file *file,
				  const struct open_flags *op,
				  bool got_write)
{
	struct dentry *dentry;
	int error;

	dentry = d_lookup(dir, &nd->last);
	for (;;) {
		if (!dentry) {
			dentry = d_alloc_parallel(dir, &nd->last);
			if (IS_ERR(dentry))
				return dentry;
		}
		if (d_in_lookup(dentry))
			break;

		error = d_revalidate(dentry, nd->flags);
		if (likely(error > 0))
			break;
		if (error)
			goto out_dput;
		d_invalidate(dentry);
		dput(dentry);
		dentry = NULL;
	}
	if (d_in_lookup(dentry)) {
		struct dentry *res = dir_inode->i_op->lookup(dir_inode, dentry,
							     nd->flags);
		d_lookup_done(dentry);
		if (unlikely(res)) {
			if (IS_ERR(res)) {
				error = PTR_ERR(res);
				goto out_dput;
			}
			dput(dentry);
			dentry = res;
		}
	}
	return dentry;

out_dput:
	dput(dentry);
	return ERR_PTR(error);
}

bool proc_fill_cache(struct file *file, struct dir_context *ctx,
	const char *name, unsigned int len,
	instantiate_t instantiate, struct task_struct *task, const void *ptr)
{
	struct dentry *child, *dir = file->f_path.dentry;
	struct qstr qname = QSTR_INIT(name, len);

	child = try_lookup_noperm(&qname, dir);
	if (!child) {
		child = d_alloc_parallel(dir, &qname);
		if (IS_ERR(child))
			goto end_instantiate;
		if (d_in_lookup(child)) {
			struct dentry *res;
			res = instantiate(child, task, ptr);
			d_lookup_done(child);
			if (unlikely(res)) {
				dput(child);
				child = res;
				if (IS_ERR(child))
					goto end_instantiate;
			}
		}
	}
	inode = d_inode(child);
	ino = inode->i_ino;
	type = inode->i_mode >> 12;
	dput(child);
end_instantiate:
	return dir_emit(ctx, name, len, ino, type);
}
