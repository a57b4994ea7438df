/* the other file of c6-xfile.c: a blocking allocation under the lock */
#include "../kernel.h"

int xbad_fill(struct file *file, struct dir_context *ctx, struct qstr *name)
{
	struct dentry *dir = file->f_path.dentry;
	struct dentry *child = d_alloc_parallel(dir, name);

	if (IS_ERR(child))
		return PTR_ERR(child);
	dput(child);
	return dir_emit(ctx, name->name, name->len, 0, 0);
}
