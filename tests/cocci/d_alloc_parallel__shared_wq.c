/* an on-stack wait queue with a second user keeps its declaration */
static int foo_prime(struct dentry *parent, struct qstr *name)
{
	struct dentry *dentry;
	DECLARE_WAIT_QUEUE_HEAD_ONSTACK(wq);

	dentry = d_alloc_parallel(parent, name, &wq);
	if (IS_ERR(dentry))
		return PTR_ERR(dentry);
	wait_event(wq, foo_ready(dentry));
	dput(dentry);
	return 0;
}

/* an unrelated unused on-stack wait queue elsewhere is not ours to remove */
static int bar(void)
{
	DECLARE_WAIT_QUEUE_HEAD_ONSTACK(waitq);

	return 0;
}
