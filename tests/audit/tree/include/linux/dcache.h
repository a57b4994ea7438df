/* SPDX-License-Identifier: GPL-2.0 */
/* The dcache API as the v4 series leaves it, reduced to declarations. */
#ifndef _LINUX_DCACHE_H
#define _LINUX_DCACHE_H

#include <linux/types.h>

struct inode;

struct qstr {
	u32 hash;
	u32 len;
	const char *name;
};

#define QSTR_INIT(n, l) { .hash = 0, .len = l, .name = n }

struct dentry {
	struct dentry *d_parent;
	struct qstr d_name;
	struct inode *d_inode;
	unsigned int d_flags;
};

struct dentry *d_alloc(struct dentry *parent, const struct qstr *name);
struct dentry *d_alloc_name(struct dentry *parent, const char *name);
struct dentry *d_alloc_parallel(struct dentry *parent, const struct qstr *name);
struct dentry *d_alloc_noblock(struct dentry *parent, struct qstr *name);
struct dentry *d_duplicate(struct dentry *dentry);
struct dentry *d_lookup(const struct dentry *parent, const struct qstr *name);
struct dentry *d_add_ci(struct dentry *dentry, struct inode *inode,
			struct qstr *name, unsigned int lookup_flags);
struct dentry *d_splice_alias(struct inode *inode, struct dentry *dentry);
void d_instantiate(struct dentry *dentry, struct inode *inode);
void d_lookup_done(struct dentry *dentry);
bool d_in_lookup(const struct dentry *dentry);
void dput(struct dentry *dentry);

#endif
