/*
 * Twin of c6-xfile.c: the helper in the other file drops the shared
 * lock around d_alloc_parallel() (the procfs template), and is seen
 * to hold the parent on entry, its file parameter being the directory.
 */
#include "kernel.h"

int xok_fill(struct file *file, struct dir_context *ctx, struct qstr *name);

static int xok_readdir(struct file *file, struct dir_context *ctx)
{
	struct qstr name = { "a", 1, 0 };

	return xok_fill(file, ctx, &name);
}

const struct file_operations xok_fops = {
	.iterate_shared = xok_readdir,
};

/*
 * check-name: C6 twin: the procfs template in a helper of another file
 * check-command: fsconv check-locks --file $file --file tests/lock/xfile/fill-ok.c
 *
 * check-output-start
 * check-output-end
 */
