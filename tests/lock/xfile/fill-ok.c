/* the other file of c6-xfile-ok.c: the procfs template, correct */
#include "../kernel.h"

int xok_fill(struct file *file, struct dir_context *ctx, struct qstr *name)
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
