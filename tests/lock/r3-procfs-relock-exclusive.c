/*
 * R3 gone wrong: the procfs template of r3-procfs-fill-ok.c taking the
 * directory back in the other mode after d_alloc_parallel().
 * ->iterate_shared holds it shared and its caller will up_read().  The
 * first helper relocks exclusive: reported at its parameters (where the
 * model holds the lock shared on entry) and at the relock.  The second
 * drops it as if it were held exclusive and takes it back exclusive:
 * reported also at the unlock.  C2, both.
 */
#include "kernel.h"

static int r3xe_fill_relock(struct file *file, struct dir_context *ctx,
			    struct qstr *qname)
{
	struct dentry *child, *dir = file->f_path.dentry;

	child = d_alloc_noblock(dir, qname);
	if (child == ERR_PTR(-EWOULDBLOCK)) {
		inode_unlock_shared(d_inode(dir));
		child = d_alloc_parallel(dir, qname);
		inode_lock_nested(d_inode(dir), I_MUTEX_PARENT);
	}
	if (IS_ERR(child))
		return 0;
	dput(child);
	return dir_emit(ctx, qname->name, qname->len, 1, 0);
}

static int r3xe_fill_unlock(struct file *file, struct dir_context *ctx,
			    struct qstr *qname)
{
	struct dentry *child, *dir = file->f_path.dentry;

	child = d_alloc_noblock(dir, qname);
	if (child == ERR_PTR(-EWOULDBLOCK)) {
		inode_unlock(d_inode(dir));
		child = d_alloc_parallel(dir, qname);
		inode_lock(d_inode(dir));
	}
	if (IS_ERR(child))
		return 0;
	dput(child);
	return dir_emit(ctx, qname->name, qname->len, 1, 0);
}

static int r3xe_readdir(struct file *file, struct dir_context *ctx)
{
	struct qstr name = { "self", 4, 0 };

	if (!r3xe_fill_relock(file, ctx, &name))
		return 0;
	return r3xe_fill_unlock(file, ctx, &name);
}

const struct file_operations r3xe_dir_fops = {
	.iterate_shared = r3xe_readdir,
};

/*
 * check-name: R3: procfs readdir takes its shared lock back exclusive (or drops it exclusive)
 * check-exit-value: 1
 *
 * check-output-start
tests/lock/r3-procfs-relock-exclusive.c:13: r3xe_fill_relock: C2: the parent lock is acquired exclusively and shared in the same scope
tests/lock/r3-procfs-relock-exclusive.c:21: r3xe_fill_relock: C2: the parent lock is acquired exclusively and shared in the same scope
tests/lock/r3-procfs-relock-exclusive.c:30: r3xe_fill_unlock: C2: the parent lock is acquired exclusively and shared in the same scope
tests/lock/r3-procfs-relock-exclusive.c:36: r3xe_fill_unlock: C2: releasing the parent lock using exclusive access, expected shared access
tests/lock/r3-procfs-relock-exclusive.c:38: r3xe_fill_unlock: C2: the parent lock is acquired exclusively and shared in the same scope
 * check-output-end
 */
