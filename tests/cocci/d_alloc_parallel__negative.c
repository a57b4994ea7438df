/* look-alikes that must not change */
static void foo(struct dentry *dir, struct qstr *q, wait_queue_head_t *wq)
{
	struct dentry *d;

	d = my_d_alloc_parallel(dir, q, wq);
	d = d_alloc_parallel_ex(dir, q, wq);
	d = d_alloc(dir, q);
	ops->d_alloc_parallel = NULL;
	dput(d);
}
