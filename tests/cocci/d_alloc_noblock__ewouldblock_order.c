/* C5: the -EWOULDBLOCK test after a generic IS_ERR() exit can never run
 * (the procfs patch as first posted) */
bool proc_fill_cache(struct file *file, struct dir_context *ctx,
	const char *name, unsigned int len)
{
	struct dentry *child, *dir = file->f_path.dentry;
	struct qstr qname = QSTR_LEN(name, len);

	child = d_alloc_noblock(dir, &qname);
	if (IS_ERR(child))
		goto end_instantiate;
	if (child == ERR_PTR(-EWOULDBLOCK)) {
		inode_unlock_shared(dir->d_inode);
		child = d_alloc_parallel(dir, &qname);
		inode_lock_shared(dir->d_inode);
	}
	dput(child);
end_instantiate:
	return dir_emit(ctx, name, len, 1, DT_UNKNOWN);
}

static bool proc_sys_fill_cache(struct file *file, struct dir_context *ctx)
{
	struct dentry *child, *dir = file->f_path.dentry;
	struct qstr qname = QSTR(table->procname);

	child = d_alloc_noblock(dir, &qname);
	if (child == ERR_PTR(-EWOULDBLOCK)) {
		inode_unlock_shared(dir->d_inode);
		child = d_alloc_parallel(dir, &qname);
		inode_lock_shared(dir->d_inode);
	}
	if (IS_ERR(child))
		return false;
	dput(child);
	return true;
}
