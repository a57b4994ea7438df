/*
 * R3 gone wrong: the procfs template of r3-procfs-fill-ok.c bailing out
 * on an error from d_alloc_parallel() before taking the directory back:
 * the caller of ->iterate_shared then unlocks a lock it no longer holds.
 * C1, reported by sparse at the function and by clang at the return.
 */
#include "kernel.h"

static int r3xr_fill(struct file *file, struct dir_context *ctx,
		     struct qstr *qname)
{
	struct dentry *child, *dir = file->f_path.dentry;

	child = d_alloc_noblock(dir, qname);
	if (child == ERR_PTR(-EWOULDBLOCK)) {
		inode_unlock_shared(d_inode(dir));
		child = d_alloc_parallel(dir, qname);
		if (IS_ERR(child))
			return 0;
		inode_lock_shared(d_inode(dir));
	}
	if (IS_ERR(child))
		return 0;
	dput(child);
	return dir_emit(ctx, qname->name, qname->len, 1, 0);
}

static int r3xr_readdir(struct file *file, struct dir_context *ctx)
{
	struct qstr name = { "self", 4, 0 };

	return r3xr_fill(file, ctx, &name);
}

const struct file_operations r3xr_dir_fops = {
	.iterate_shared = r3xr_readdir,
};

/*
 * check-name: R3: procfs readdir returns between unlock and relock
 * check-exit-value: 1
 *
 * check-output-start
tests/lock/r3-procfs-return.c:9: r3xr_fill: C1: context imbalance - wrong count at exit (sparse)
tests/lock/r3-procfs-return.c:19: r3xr_fill: C1: returns without the parent lock
 * check-output-end
 */
