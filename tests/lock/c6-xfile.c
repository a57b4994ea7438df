/*
 * C6 one file away: ->iterate_shared calls a non-static helper of
 * another file (as proc_pid_readdir() calls proc_fill_cache() in
 * base.c from root.c), which waits in d_alloc_parallel() under the lock.
 * The helper is checked because no other code calls it.
 */
#include "kernel.h"

int xbad_fill(struct file *file, struct dir_context *ctx, struct qstr *name);

static int xbad_readdir(struct file *file, struct dir_context *ctx)
{
	struct qstr name = { "a", 1, 0 };

	return xbad_fill(file, ctx, &name);
}

const struct file_operations xbad_fops = {
	.iterate_shared = xbad_readdir,
};

/*
 * check-name: C6: a blocking call in a helper of another file, called only from readdir
 * check-command: fsconv check-locks --file $file --file tests/lock/xfile/fill-bad.c
 * check-exit-value: 1
 *
 * check-output-start
tests/lock/xfile/fill-bad.c:7: xbad_fill: C6: cannot call function 'd_alloc_parallel' while the parent lock is held
 * check-output-end
 */
