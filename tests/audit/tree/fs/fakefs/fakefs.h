/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _FAKEFS_H
#define _FAKEFS_H

#include <linux/fs.h>

/* a table of the filesystem's own, called through at run time */
struct fakefs_fill_ops {
	int (*fill)(struct file *file, struct dentry *parent, const char *name,
		    int len);
};

/* other.c */
struct dentry *fakefs_ci_slow(struct dentry *dentry, unsigned int flags);
void fakefs_prime(struct dentry *parent, struct qstr *name);

#endif
