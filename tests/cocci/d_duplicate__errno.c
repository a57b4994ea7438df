/* failure tests of other shapes: -ENOMEM becomes PTR_ERR(), the copy is
 * reset before a jump to a label that uses it, and every dput() that follows
 * the allocation gets d_lookup_done() */
static int dup_return(struct dentry *victim)
{
	struct dentry *tmp;

	tmp = d_alloc(victim->d_parent, &victim->d_name);
	if (!tmp)
		return -ENOMEM;
	do_something(tmp);
	dput(tmp);
	return 0;
}

static int dup_label(struct inode *dir, struct dentry *victim)
{
	struct dentry *tmp = NULL;
	int err;

	tmp = d_alloc(victim->d_parent, &victim->d_name);
	if (tmp == NULL) {
		err = -ENOMEM;
		goto out;
	}
	err = do_something(tmp);
	if (err) {
		dput(tmp);
		return err;
	}
out:
	if (tmp)
		dput(tmp);
	return err;
}

static struct dentry *dup_errptr(struct dentry *victim)
{
	struct dentry *tmp;

	tmp = d_alloc(victim->d_parent, &victim->d_name);
	if (unlikely(!tmp))
		return ERR_PTR(-ENOMEM);
	do_something(tmp);
	dput(tmp);
	return NULL;
}

/* the label does not use the copy: no reset */
static int dup_label_unused(struct dentry *victim)
{
	struct dentry *tmp;
	int err = -ENOMEM;

	tmp = d_alloc(victim->d_parent, &victim->d_name);
	if (!tmp)
		goto out;
	err = do_something(tmp);
	dput(tmp);
out:
	return err;
}
