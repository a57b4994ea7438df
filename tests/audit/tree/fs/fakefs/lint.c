// SPDX-License-Identifier: GPL-2.0
/*
 * The lint's cases, each "_bad" function with a "_good" twin that must
 * not be flagged.
 */
#include <linux/fs.h>
#include <linux/namei.h>
#include "fakefs.h"

/* C4: d_duplicate returns an ERR_PTR, never NULL */
int lint_dup_bad(struct dentry *old)
{
	struct dentry *x = d_duplicate(old);

	if (!x)
		return -ENOMEM;
	d_lookup_done(x);
	dput(x);
	return 0;
}

int lint_dup_good(struct dentry *old)
{
	struct dentry *x = d_duplicate(old);

	if (IS_ERR(x))
		return PTR_ERR(x);
	d_lookup_done(x);
	dput(x);
	return 0;
}

/* C4: d_alloc returns NULL, never an ERR_PTR */
int lint_alloc_bad(struct dentry *parent, struct qstr *q)
{
	struct dentry *x;

	x = d_alloc(parent, q);
	if (IS_ERR(x))
		return PTR_ERR(x);
	dput(x);
	return 0;
}

int lint_alloc_good(struct dentry *parent, struct qstr *q)
{
	struct dentry *x;

	x = d_alloc(parent, q);
	if (!x)
		return -ENOMEM;
	dput(x);
	return 0;
}

/* C3: an in-lookup dentry reaches dput() without d_lookup_done() */
int lint_done_bad(struct dentry *parent, struct qstr *q)
{
	struct dentry *x = d_alloc_noblock(parent, q);

	if (IS_ERR(x))
		return PTR_ERR(x);
	dput(x);
	return 0;
}

int lint_done_good(struct dentry *parent, struct qstr *q)
{
	struct dentry *x = d_alloc_noblock(parent, q);

	if (IS_ERR(x))
		return PTR_ERR(x);
	d_lookup_done(x);
	dput(x);
	return 0;
}

/* C3: d_instantiate() must not see an in-lookup dentry (shmem whiteout) */
int lint_inst_bad(struct dentry *old, struct inode *inode)
{
	struct dentry *x = d_duplicate(old);

	if (IS_ERR(x))
		return PTR_ERR(x);
	d_instantiate(x, inode);
	d_lookup_done(x);
	dput(x);
	return 0;
}

int lint_inst_good(struct dentry *old, struct inode *inode)
{
	struct dentry *x = d_duplicate(old);

	if (IS_ERR(x))
		return PTR_ERR(x);
	d_lookup_done(x);
	d_instantiate(x, inode);
	dput(x);
	return 0;
}

/* not C3: the dentry d_alloc_parallel found is not in-lookup */
int lint_parallel_good(struct dentry *parent, struct qstr *q)
{
	struct dentry *x = d_alloc_parallel(parent, q);

	if (IS_ERR(x))
		return PTR_ERR(x);
	if (!d_in_lookup(x)) {
		dput(x);
		return 0;
	}
	d_lookup_done(x);
	dput(x);
	return 0;
}

/* C4: try_lookup_noperm returns NULL or a dentry or an ERR_PTR */
int lint_try_bad(struct dentry *parent, struct qstr *q)
{
	struct dentry *x = try_lookup_noperm(q, parent);

	if (!x)
		return -ENOENT;
	dput(x);
	return 0;
}

int lint_try_good(struct dentry *parent, struct qstr *q)
{
	struct dentry *x = try_lookup_noperm(q, parent);

	if (IS_ERR_OR_NULL(x))
		return x ? PTR_ERR(x) : -ENOENT;
	dput(x);
	return 0;
}
