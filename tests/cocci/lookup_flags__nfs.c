/* fs/nfs/dir.c, 6.12: nfs_lookup() is named in .lookup only in nfs3proc.c,
 * nfs4proc.c and proc.c, and so are the two ->atomic_open()s: all three are
 * known here by their signatures.  nfs_atomic_open() passes lookup_flags,
 * nfs_atomic_open_v23() passes 0. */
#include <linux/namei.h>

struct dentry *nfs_lookup(struct inode *dir, struct dentry * dentry, unsigned int flags)
{
	if (nfs_is_exclusive_create(dir, flags) || flags & LOOKUP_RENAME_TARGET)
		return NULL;
	return nfs_do_lookup(dir, dentry);
}

int nfs_atomic_open(struct inode *dir, struct dentry *dentry,
		    struct file *file, unsigned open_flags,
		    umode_t mode)
{
	struct dentry *res;
	unsigned int lookup_flags = 0;
	int err;

	if ((open_flags & O_DIRECTORY)) {
		if (!d_in_lookup(dentry))
			return -ENOENT;
		lookup_flags = LOOKUP_OPEN|LOOKUP_DIRECTORY;
		goto no_open;
	}
	err = nfs_do_open(dir, dentry, file, open_flags);
	if (err == -EISDIR)
		goto no_open;
	return err;

no_open:
	res = nfs_lookup(dir, dentry, lookup_flags);
	if (IS_ERR(res))
		return PTR_ERR(res);
	return finish_no_open(file, res);
}
EXPORT_SYMBOL_GPL(nfs_atomic_open);

int nfs_atomic_open_v23(struct inode *dir, struct dentry *dentry,
			struct file *file, unsigned int open_flags,
			umode_t mode)
{
	struct dentry *res = NULL;
	int error = 0;

	if (open_flags & O_CREAT) {
		error = nfs_do_create(dir, dentry, mode, open_flags);
		if (!error)
			return finish_open(file, dentry, NULL);
		else if (error != -EEXIST || open_flags & O_EXCL)
			return error;
	}
	if (d_in_lookup(dentry)) {
		/* The only flags nfs_lookup considers are
		 * LOOKUP_EXCL and LOOKUP_RENAME_TARGET, and
		 * we want those to be zero so the lookup isn't skipped.
		 */
		res = nfs_lookup(dir, dentry, 0);
	}
	return finish_no_open(file, res);
}
EXPORT_SYMBOL_GPL(nfs_atomic_open_v23);
