/* A d_duplicate() copy handed to a work item that ends its lookup,
 * with the field read directly in the consumer */
struct whiteout_work {
	struct dentry *copy;
	struct work_struct work;
};

static void whiteout_fn(struct work_struct *work)
{
	struct whiteout_work *w = container_of(work, struct whiteout_work, work);

	d_lookup_done(w->copy);
	dput(w->copy);
	kfree(w);
}

static int whiteout_async(struct dentry *old)
{
	struct whiteout_work *w;
	struct dentry *copy;

	w = kmalloc(sizeof(*w), GFP_KERNEL);
	if (!w)
		return -ENOMEM;
	copy = d_duplicate(old);
	if (IS_ERR(copy)) {
		kfree(w);
		return PTR_ERR(copy);
	}
	INIT_WORK(&w->work, whiteout_fn);
	w->copy = copy;
	schedule_work(&w->work);
	return 0;
}

static int noblock_async(struct dentry *parent, struct qstr *name)
{
	struct whiteout_work *w = kmalloc(sizeof(*w), GFP_KERNEL);
	struct dentry *d;

	if (!w)
		return -ENOMEM;
	d = d_alloc_noblock(parent, name);
	if (IS_ERR(d) || !d_in_lookup(d)) {
		kfree(w);
		return IS_ERR(d) ? PTR_ERR(d) : 0;
	}
	INIT_WORK(&w->work, whiteout_fn);
	w->copy = d;
	schedule_work(&w->work);
	return 0;
}
