/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_FS_H
#define _LINUX_FS_H

#include <linux/dcache.h>
#include <linux/err.h>

struct file;
struct dir_context;
struct inode_operations;
struct file_operations;

struct inode {
	const struct inode_operations *i_op;
	const struct file_operations *i_fop;
	unsigned long i_ino;
};

struct file {
	struct inode *f_inode;
	struct dentry *f_dentry;
};

struct dir_context {
	loff_t pos;
};

struct inode_operations {
	struct dentry *(*lookup)(struct inode *, struct dentry *, unsigned int);
	int (*atomic_open)(struct inode *, struct dentry *, struct file *,
			   unsigned int open_flag, umode_t create_mode);
	int (*mkdir)(struct inode *, struct dentry *, umode_t);
};

struct file_operations {
	int (*iterate_shared)(struct file *, struct dir_context *);
	int (*open)(struct inode *, struct file *);
};

struct inode *new_inode(void);

#endif
