/* calls under #ifdef and inside a macro argument */
static struct dentry *foo_lookup_one(struct dentry *dir, struct qstr *q)
{
	struct dentry *d;
	DECLARE_WAIT_QUEUE_HEAD_ONSTACK(wq);

#ifdef CONFIG_FOO_PARALLEL
	d = d_alloc_parallel(dir, q, &wq);
#else
	d = d_alloc(dir, q);
#endif
	return d;
}

static struct dentry *foo_lookup_two(struct dentry *dir, struct qstr *q)
{
	DECLARE_WAIT_QUEUE_HEAD_ONSTACK(wait);

	return unlikely_ptr(d_alloc_parallel(dir, q, &wait));
}
