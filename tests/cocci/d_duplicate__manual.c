/* shapes that are reported, not converted */
static struct dentry *returned(struct dentry *victim)
{
	struct dentry *tmp;

	tmp = d_alloc(victim->d_parent, &victim->d_name);
	if (!tmp)
		return ERR_PTR(-ENOMEM);
	return tmp;
}

static int untested(struct dentry *victim)
{
	struct dentry *tmp;

	tmp = d_alloc(victim->d_parent, &victim->d_name);
	do_something(victim);
	if (!tmp)
		return -ENOMEM;
	dput(tmp);
	return 0;
}

static int instantiated(struct dentry *victim, struct inode *inode)
{
	struct dentry *tmp;

	tmp = d_alloc(victim->d_parent, &victim->d_name);
	if (!tmp)
		return -ENOMEM;
	d_instantiate(tmp, inode);
	d_rehash(tmp);
	return 0;
}

static int via_method(struct inode *dir, struct dentry *victim)
{
	struct dentry *tmp;
	int err;

	tmp = d_alloc(victim->d_parent, &victim->d_name);
	if (!tmp)
		return -ENOMEM;
	err = dir->i_op->mknod(&nop_mnt_idmap, dir, tmp, S_IFCHR, 0);
	dput(tmp);
	return err;
}
