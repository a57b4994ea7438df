/* Stores that are not a hand-off of an in-lookup dentry: left alone */
struct job {
	struct dentry *dentry;
	struct dentry *other;
	struct work_struct work;
};

/* the consumer only drops the reference: no lookup is ended elsewhere */
static void job_put(struct work_struct *work)
{
	struct job *job = container_of(work, struct job, work);

	dput(job->other);
	kfree(job);
}

/* ends the lookup of ->dentry, so ->dentry is a hand-off field */
static void job_done(struct work_struct *work)
{
	struct job *job = container_of(work, struct job, work);

	d_lookup_done(job->dentry);
	dput(job->dentry);
	kfree(job);
}

/* a field nobody ends a lookup through */
static int keep_other(struct job *job, struct dentry *parent,
		      struct qstr *name)
{
	struct dentry *d;

	d = d_alloc_parallel(parent, name);
	if (IS_ERR(d))
		return PTR_ERR(d);
	job->other = d;
	return 0;
}

/* the storing function ends the lookup itself after the store */
static int store_then_done(struct job *job, struct dentry *parent,
			   struct qstr *name)
{
	struct dentry *d;

	d = d_alloc_parallel(parent, name);
	if (IS_ERR(d))
		return PTR_ERR(d);
	job->dentry = d;
	d_lookup_done(d);
	return 0;
}

/* not an in-lookup dentry: d_alloc() */
static int store_plain(struct job *job, struct dentry *parent,
		       struct qstr *name)
{
	struct dentry *d;

	d = d_alloc(parent, name);
	if (!d)
		return -ENOMEM;
	job->dentry = d;
	return 0;
}

/* the lookup is ended before the store */
static int done_then_store(struct job *job, struct dentry *parent,
			   struct qstr *name)
{
	struct dentry *d;

	d = d_alloc_parallel(parent, name);
	if (IS_ERR(d))
		return PTR_ERR(d);
	d_lookup_done(d);
	job->dentry = d;
	return 0;
}
