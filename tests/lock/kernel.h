/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Just enough of the kernel's VFS headers, as the VFS series has them,
 * for the tests/lock fixtures to parse without a kernel build.  The lock
 * family is defined as static inlines, as include/linux/fs.h does, so
 * that the annotations reach them the same way.
 */
#ifndef FIXTURE_KERNEL_H
#define FIXTURE_KERNEL_H

#define NULL ((void *)0)
#define ENOMEM 12
#define EWOULDBLOCK 11
#define I_MUTEX_PARENT 1
#define LOOKUP_SHARED (1u << 20)

struct rw_semaphore { int count; };
struct qstr { const char *name; unsigned int len; unsigned int hash; };
struct inode_operations;
struct inode {
	struct rw_semaphore i_rwsem;
	unsigned long i_ino;
	const struct inode_operations *i_op;
};
struct dentry {
	struct dentry *d_parent;
	struct inode *d_inode;
	struct qstr d_name;
};
struct path { struct dentry *dentry; };
struct file { struct inode *f_inode; struct path f_path; };
struct dir_context { long pos; };

struct mnt_idmap;
struct inode_operations {
	struct dentry *(*lookup)(struct inode *, struct dentry *,
				 unsigned int);
	int (*unlink)(struct inode *, struct dentry *);
	int (*rename)(struct mnt_idmap *, struct inode *, struct dentry *,
		      struct inode *, struct dentry *, unsigned int);
};
struct file_operations {
	int (*iterate_shared)(struct file *, struct dir_context *);
};

void down_write(struct rw_semaphore *sem);
void up_write(struct rw_semaphore *sem);
void down_read(struct rw_semaphore *sem);
void up_read(struct rw_semaphore *sem);

static inline void inode_lock(struct inode *inode)
{
	down_write(&inode->i_rwsem);
}

static inline void inode_unlock(struct inode *inode)
{
	up_write(&inode->i_rwsem);
}

static inline void inode_lock_shared(struct inode *inode)
{
	down_read(&inode->i_rwsem);
}

static inline void inode_unlock_shared(struct inode *inode)
{
	up_read(&inode->i_rwsem);
}

static inline void inode_lock_nested(struct inode *inode, unsigned subclass)
{
	(void)subclass;
	down_write(&inode->i_rwsem);
}

static inline struct inode *d_inode(const struct dentry *dentry)
{
	return dentry->d_inode;
}

static inline struct inode *file_inode(const struct file *f)
{
	return f->f_inode;
}

static inline void *ERR_PTR(long error)
{
	return (void *)error;
}

static inline long PTR_ERR(const void *ptr)
{
	return (long)ptr;
}

static inline int IS_ERR(const void *ptr)
{
	return (unsigned long)ptr >= (unsigned long)-4095;
}

void iput(struct inode *inode);
void dput(struct dentry *dentry);
int d_in_lookup(const struct dentry *dentry);
void d_lookup_done(struct dentry *dentry);
struct dentry *d_alloc(struct dentry *parent, const struct qstr *name);
struct dentry *d_alloc_parallel(struct dentry *parent,
				const struct qstr *name);
struct dentry *d_alloc_noblock(struct dentry *parent, struct qstr *name);
struct dentry *d_hash_and_lookup(struct dentry *dir, struct qstr *name);
struct dentry *d_splice_alias(struct inode *inode, struct dentry *dentry);
struct dentry *d_add_ci(struct dentry *dentry, struct inode *inode,
			struct qstr *name, unsigned int lookup_flags);
struct dentry *lookup_one_len(const char *name, struct dentry *base,
			      int len);
struct dentry *try_lookup_one_len(const char *name, struct dentry *base,
				  int len);
int snprintf(char *buf, unsigned long size, const char *fmt, ...);
int d_is_positive(const struct dentry *dentry);
#define QSTR_INIT(n, l) { .name = n, .len = l }
int dir_emit(struct dir_context *ctx, const char *name, int len,
	     unsigned long ino, unsigned int type);

#endif
