/* A readdir that instantiates, with the fact, but not in the shape the
 * rule rewrites (more work in the allocation branch): reported only.
 */
static bool bar_fill_cache(struct file *file, struct dir_context *ctx,
			   struct bar_node *node)
{
	struct dentry *child, *dir = file->f_path.dentry;
	struct qstr qname = QSTR_INIT(node->name, node->namelen);
	ino_t ino = 1;

	child = d_hash_and_lookup(dir, &qname);
	if (!child) {
		child = d_alloc_parallel(dir, &qname);
		if (IS_ERR(child))
			goto emit;
		bar_stats.allocs++;
		if (d_in_lookup(child)) {
			bar_instantiate(child, node);
			d_lookup_done(child);
		}
	}
	ino = d_inode(child)->i_ino;
	dput(child);
emit:
	return dir_emit(ctx, node->name, node->namelen, ino, DT_UNKNOWN);
}
