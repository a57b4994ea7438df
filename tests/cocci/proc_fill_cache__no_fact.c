/* A procfs-like readdir in a filesystem the table does not mark no_dirlock:
 * reported with the template as advice, never rewritten.
 */
static bool kfoo_fill_cache(struct file *file, struct dir_context *ctx,
			    struct kfoo_node *node)
{
	struct dentry *child, *dir = file->f_path.dentry;
	struct qstr qname = QSTR_INIT(node->name, node->namelen);
	ino_t ino = 1;

	child = d_hash_and_lookup(dir, &qname);
	if (!child) {
		child = d_alloc_parallel(dir, &qname);
		if (IS_ERR(child))
			goto emit;
		if (d_in_lookup(child)) {
			struct dentry *res = kfoo_instantiate(child, node);

			d_lookup_done(child);
			if (res) {
				dput(child);
				child = res;
				if (IS_ERR(child))
					goto emit;
			}
		}
	}
	ino = d_inode(child)->i_ino;
	dput(child);
emit:
	return dir_emit(ctx, node->name, node->namelen, ino, DT_UNKNOWN);
}
