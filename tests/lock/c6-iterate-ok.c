/*
 * Twin of c6-iterate.c, in the procfs form of the series: try the
 * non-blocking d_alloc_noblock() first and, when it would block, drop
 * the shared lock around d_alloc_parallel() and take it back.
 */
#include "kernel.h"

static int c6ok_fill(struct file *file, struct dir_context *ctx,
		     struct qstr *name)
{
	struct dentry *dir = file->f_path.dentry;
	struct dentry *child = d_alloc_noblock(dir, name);

	if (child == ERR_PTR(-EWOULDBLOCK)) {
		inode_unlock_shared(d_inode(dir));
		child = d_alloc_parallel(dir, name);
		inode_lock_shared(d_inode(dir));
	}
	if (IS_ERR(child))
		return PTR_ERR(child);
	dput(child);
	return dir_emit(ctx, name->name, name->len, 0, 0);
}

static int c6ok_readdir(struct file *file, struct dir_context *ctx)
{
	struct qstr name = { "a", 1, 0 };

	return c6ok_fill(file, ctx, &name);
}

const struct file_operations c6ok_dir_fops = {
	.iterate_shared = c6ok_readdir,
};

/*
 * check-name: C6 twin: readdir drops the shared lock around d_alloc_parallel (procfs form)
 *
 * check-output-start
 * check-output-end
 */
