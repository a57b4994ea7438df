/* a converted file that did not include <linux/namei.h> gets it */
#include <linux/fs.h>

static struct dentry *foo_lookup(struct inode *dir, struct dentry *dentry,
				 unsigned int flags)
{
	return NULL;
}

static int foo_atomic_open(struct inode *dir, struct dentry *dentry,
			   struct file *file, unsigned int open_flags,
			   umode_t mode)
{
	return finish_no_open(file, foo_lookup(dir, dentry, 0));
}
