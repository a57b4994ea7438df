/*
 * C6 from ->iterate_shared: a helper called from readdir does a full
 * lookup_one_len() in the directory being read, under its shared lock
 * (the overlayfs ovl_cache_update() shape).
 */
#include "kernel.h"

static int c6_fill(const struct path *path, const char *name, int len,
		   struct dir_context *ctx)
{
	struct dentry *this = lookup_one_len(name, path->dentry, len);

	if (IS_ERR(this))
		return PTR_ERR(this);
	dput(this);
	return dir_emit(ctx, name, len, 0, 0);
}

static int c6_readdir(struct file *file, struct dir_context *ctx)
{
	return c6_fill(&file->f_path, "a", 1, ctx);
}

const struct file_operations c6_dir_fops = {
	.iterate_shared = c6_readdir,
};

/*
 * check-name: C6: full lookup from an ->iterate_shared helper (ovl form)
 * check-exit-value: 1
 *
 * check-output-start
tests/lock/c6-iterate.c:11: c6_fill: C6: cannot call function 'lookup_one_len' while the parent lock is held
 * check-output-end
 */
