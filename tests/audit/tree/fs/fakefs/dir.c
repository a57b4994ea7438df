// SPDX-License-Identifier: GPL-2.0
/* fakefs directories: ->lookup and ->atomic_open. */
#include <linux/fs.h>
#include <linux/namei.h>
#include "fakefs.h"

/* converted (R5): the 4-argument d_add_ci right in ->lookup */
static struct dentry *fakefs_lookup(struct inode *dir, struct dentry *dentry,
				    unsigned int flags)
{
	struct qstr ci = QSTR_INIT("name", 4);

	return d_add_ci(dentry, NULL, &ci, flags);
}

/* reaches a 3-argument d_add_ci in other.c: MISSED (R5) there */
static struct dentry *fakefs_ci_lookup(struct inode *dir,
				       struct dentry *dentry,
				       unsigned int flags)
{
	return fakefs_ci_slow(dentry, flags);
}

/* a second dentry in ->atomic_open: human (R8), the test reports it */
static int fakefs_atomic_open(struct inode *dir, struct dentry *dentry,
			      struct file *file, unsigned int open_flag,
			      umode_t mode)
{
	struct dentry *res = d_alloc_parallel(dentry->d_parent, &dentry->d_name);

	if (IS_ERR(res))
		return PTR_ERR(res);
	d_lookup_done(res);
	dput(res);
	return 0;
}

const struct inode_operations fakefs_dir_iops = {
	.lookup = fakefs_lookup,
	.atomic_open = fakefs_atomic_open,
};

const struct inode_operations fakefs_ci_iops = {
	.lookup = fakefs_ci_lookup,
};

/* installed by an assignment at run time, not by an initializer */
static struct dentry *fakefs_dyn_lookup(struct inode *dir,
					struct dentry *dentry,
					unsigned int flags)
{
	/* human (R6): a nested lookup on the ->lookup path */
	struct dentry *other = lookup_one_len("other", dentry->d_parent, 5);

	if (!IS_ERR(other))
		dput(other);
	return NULL;
}

struct inode_operations fakefs_dyn_iops;

void fakefs_init_dyn(void)
{
	fakefs_dyn_iops.lookup = fakefs_dyn_lookup;
}

#ifdef CONFIG_FAKEFS_CI
/* behind an #ifdef the configuration enables: MISSED (R4) */
int fakefs_whiteout(struct dentry *old)
{
	struct dentry *wh = d_alloc(old->d_parent, &old->d_name);

	if (!wh)
		return -ENOMEM;
	dput(wh);
	return 0;
}
#endif

#ifdef CONFIG_FAKEFS_NEVER
/* behind an #ifdef the configuration leaves out: inactive */
static void fakefs_never(struct dentry *d)
{
	d_alloc_parallel(d->d_parent, &d->d_name, NULL);
}
#endif
