/*
 * R3, the procfs template as proc_fill_cache.cocci writes it: fs/proc/
 * base.c proc_fill_cache() (one exit, through a label) and fs/proc/
 * proc_sysctl.c proc_sys_fill_cache() (returns on four paths).  The
 * readdir helper tries d_alloc_noblock() and only when that would block
 * drops the shared directory lock around d_alloc_parallel(), taking it
 * back shared before anything else: every path leaves holding the lock
 * as it came in, and d_alloc_parallel() runs without it.  Nothing is
 * reported.  The twins: r3-procfs-relock-exclusive.c (re-taken in the
 * other mode) and r3-procfs-return.c (a return between unlock and relock).
 */
#include "kernel.h"

struct dentry *r3ok_instantiate(struct dentry *dentry, const void *ptr);
struct inode *r3ok_make_inode(const void *ptr);

static int r3ok_fill_cache(struct file *file, struct dir_context *ctx,
			   const char *name, int len, const void *ptr)
{
	struct dentry *child, *dir = file->f_path.dentry;
	struct qstr qname = { name, len, 0 };
	unsigned long ino = 1;

	child = d_alloc_noblock(dir, &qname);
	if (child == ERR_PTR(-EWOULDBLOCK)) {
		inode_unlock_shared(d_inode(dir));
		child = d_alloc_parallel(dir, &qname);
		inode_lock_shared(d_inode(dir));
	}
	if (IS_ERR(child))
		goto end_instantiate;
	if (d_in_lookup(child)) {
		struct dentry *res;

		res = r3ok_instantiate(child, ptr);
		d_lookup_done(child);
		if (res) {
			dput(child);
			child = res;
			if (IS_ERR(child))
				goto end_instantiate;
		}
	}
	ino = d_inode(child)->i_ino;
	dput(child);
end_instantiate:
	return dir_emit(ctx, name, len, ino, 0);
}

static int r3ok_sys_fill_cache(struct file *file, struct dir_context *ctx,
			       const void *table)
{
	struct dentry *child, *dir = file->f_path.dentry;
	struct qstr qname = { "sys", 3, 0 };
	unsigned long ino;

	child = d_alloc_noblock(dir, &qname);
	if (child == ERR_PTR(-EWOULDBLOCK)) {
		inode_unlock_shared(d_inode(dir));
		child = d_alloc_parallel(dir, &qname);
		inode_lock_shared(d_inode(dir));
	}
	if (IS_ERR(child))
		return 0;
	if (d_in_lookup(child)) {
		struct dentry *res;

		res = d_splice_alias(r3ok_make_inode(table), child);
		d_lookup_done(child);
		if (res) {
			if (IS_ERR(res)) {
				dput(child);
				return 0;
			}
			dput(child);
			child = res;
		}
	}
	ino = d_inode(child)->i_ino;
	dput(child);
	return dir_emit(ctx, qname.name, qname.len, ino, 0);
}

static int r3ok_readdir(struct file *file, struct dir_context *ctx)
{
	if (!r3ok_sys_fill_cache(file, ctx, NULL))
		return 0;
	return r3ok_fill_cache(file, ctx, "self", 4, NULL);
}

const struct file_operations r3ok_dir_fops = {
	.iterate_shared = r3ok_readdir,
};

/*
 * check-name: R3: procfs readdir drops the shared lock around d_alloc_parallel and takes it back shared
 *
 * check-output-start
 * check-output-end
 */
