/* fs/nfs/unlink.c + include/linux/nfs_xdr.h, 6.12: wait queue in a struct */
struct nfs_unlinkdata {
	struct nfs_removeargs args;
	struct dentry *dentry;
	wait_queue_head_t wq;
	const struct cred *cred;
};

static int nfs_call_unlink(struct dentry *dentry, struct inode *inode, struct nfs_unlinkdata *data)
{
	struct dentry *alias;

	alias = d_alloc_parallel(dentry->d_parent, &data->args.name, &data->wq);
	if (IS_ERR(alias))
		return 0;
	return 1;
}

static int nfs_async_unlink(struct dentry *dentry, const struct qstr *name)
{
	struct nfs_unlinkdata *data;

	data = kzalloc(sizeof(*data), GFP_KERNEL);
	if (data == NULL)
		return -ENOMEM;
	init_waitqueue_head(&data->wq);
	return 0;
}
