/* ->lookup() calling a ->lookup(): its own flags are the truth.
 * proc_root_lookup() (fs/proc/root.c) already passes them: left alone. */
#include <linux/namei.h>

static struct dentry *proc_root_lookup(struct inode * dir, struct dentry * dentry, unsigned int flags)
{
	if (!proc_pid_lookup(dentry, flags))
		return NULL;

	return proc_lookup(dir, dentry, flags);
}

static struct dentry *outer_lookup(struct inode *dir, struct dentry *dentry,
				   unsigned int lookup_flags)
{
	if (is_special(dentry))
		return proc_lookup(dir, dentry, LOOKUP_OPEN);
	return proc_lookup(dir, dentry, 0);
}

static const struct inode_operations proc_root_inode_operations = {
	.lookup		= proc_root_lookup,
};

static const struct inode_operations outer_inode_operations = {
	.lookup		= outer_lookup,
};

static const struct inode_operations proc_dir_inode_operations = {
	.lookup		= proc_lookup,
};
