/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fsconv's lock model for clang's thread-safety analysis (-Wthread-safety).
 *
 * `fsconv check-locks` parses each file with libclang as
 *     <the kernel's own flags> -include lockcheck/lockcheck.h
 * and hands libclang an annotated copy of the file as an unsaved file
 * (driver/annotate.c).  Nothing here or there reaches the tree or a patch.
 *
 * The model
 *
 *  - __fsconv_parent is the lock of the directory a ->lookup or an
 *    ->iterate_shared runs in: i_rwsem of the parent inode.  The copy
 *    gives every ->lookup (and ->atomic_open), ->iterate_shared and
 *    d_add_ci() definition, and every function only ever called from
 *    those (helpers: in the same file, or non-static in any file of the
 *    filesystem), requires_shared_capability(__fsconv_parent), or
 *    requires_capability() in the pass where ->lookup holds it exclusive
 *    and always for an ->iterate behind WRAP_DIR_ITER().  Holding it on
 *    entry means holding it on every return.
 *
 *  - ->unlink and ->rename, and the helpers only they call (silly-rename),
 *    hold it exclusive: requires_capability().  Their struct inode *
 *    parameters are the parent (for ->rename, both directories stand for
 *    the one capability) and their struct dentry * parameters its
 *    children, also in a helper of another file whose callers the model
 *    cannot see.
 *
 *  - A call of the inode_lock family whose argument the copy can prove is
 *    the parent inode (the ->lookup's dir, d_inode(dentry->d_parent),
 *    file_inode(file) of the ->iterate_shared's file, a local or a
 *    helper's parameter assigned from one of those, a helper's
 *    struct file * parameter no caller explains) is renamed to its
 *    __fsconv_parent_ twin below, which acquires or releases
 *    __fsconv_parent.  Any other call locks __fsconv_rwsem(inode), a
 *    capability per inode expression.
 *
 *  - "flags & LOOKUP_SHARED" is folded to 1 in one pass and to 0 in the
 *    other, so the branches of the mode the pass does not assume vanish
 *    from clang's CFG: the analysis is not path sensitive.
 *
 *  - Each "return" in an annotated function first calls __fsconv_held(),
 *    which requires the parent: a path that returns without it is
 *    reported at that return (C1).  Re-taking it in the other mode is
 *    "acquired exclusively and shared" or "using shared access, expected
 *    exclusive" (C2).  d_alloc_parallel() and the lookup_one /
 *    lookup_noperm family exclude the parent (C6).
 *
 *  - A direct E->i_op->lookup(dir, ...) on the parent first calls
 *    __fsconv_lookup_excl() when its flags lack LOOKUP_SHARED (and are not
 *    a ->lookup's own flags): calling ->lookup with 0 claims the parent is
 *    held exclusive, and a caller holding it shared is reported (C2).
 *
 * Limits, all by design of a name-and-token model
 *
 *  - The parent is recognised through the spellings above only; a lock
 *    call on the parent spelled otherwise (through a struct field, say)
 *    counts as another inode's lock, and shows up as "releasing ... that
 *    was not held" in an annotated function.
 *  - A helper is annotated only when every use of it in the filesystem's
 *    files is a direct call from an annotated function; callers outside
 *    the filesystem are not seen, and a helper shared with unlocked
 *    callers is not checked.  Direct calls of a ->lookup from a function
 *    the model knows nothing about are not reported.
 *  - C6 is "called while the parent lock is held", whatever directory the
 *    call looks in: ovl's ->lookup into the lower layers is reported too.
 *  - A mode kept in a variable (bool shared = flags & LOOKUP_SHARED;
 *    if (shared) ...) is not folded, and the two halves of such a
 *    function can look like a mode mismatch.
 *  - The trylock and killable forms are modelled as conditional
 *    acquisitions; inode_lock_nested's subclass is ignored.
 */
#ifndef FSCONV_LOCKCHECK_H
#define FSCONV_LOCKCHECK_H

struct inode;
struct dentry;

struct __attribute__((capability("lock"))) __fsconv_cap {
	int unused;
};

/* the parent directory's i_rwsem, as held by ->lookup and ->iterate_shared */
extern struct __fsconv_cap __fsconv_parent;
/* i_rwsem of any other inode, one capability per inode expression */
extern struct __fsconv_cap *__fsconv_rwsem(const struct inode *inode)
	__attribute__((const));

#define __FSCONV_RWSEM(op) __attribute__((op(__fsconv_rwsem(inode)), \
					  no_thread_safety_analysis))

/*
 * Declared before include/linux/fs.h defines them, so the definitions
 * inherit the attributes; no_thread_safety_analysis because their bodies
 * take i_rwsem itself, which the model does not know.
 */
static inline void inode_lock(struct inode *inode)
	__FSCONV_RWSEM(acquire_capability);
static inline void inode_lock_nested(struct inode *inode, unsigned subclass)
	__FSCONV_RWSEM(acquire_capability);
static inline void inode_unlock(struct inode *inode)
	__FSCONV_RWSEM(release_capability);
static inline void inode_lock_shared(struct inode *inode)
	__FSCONV_RWSEM(acquire_shared_capability);
static inline void inode_lock_shared_nested(struct inode *inode,
					    unsigned subclass)
	__FSCONV_RWSEM(acquire_shared_capability);
static inline void inode_unlock_shared(struct inode *inode)
	__FSCONV_RWSEM(release_shared_capability);
static inline int inode_trylock(struct inode *inode)
	__attribute__((try_acquire_capability(1, __fsconv_rwsem(inode)),
		       no_thread_safety_analysis));
static inline int inode_trylock_shared(struct inode *inode)
	__attribute__((try_acquire_shared_capability(1, __fsconv_rwsem(inode)),
		       no_thread_safety_analysis));
static inline int inode_lock_killable(struct inode *inode)
	__attribute__((try_acquire_capability(0, __fsconv_rwsem(inode)),
		       no_thread_safety_analysis));
static inline int inode_lock_shared_killable(struct inode *inode)
	__attribute__((try_acquire_shared_capability(0, __fsconv_rwsem(inode)),
		       no_thread_safety_analysis));

/* the same calls when their argument is the parent directory */
extern void __fsconv_parent_inode_lock(struct inode *inode)
	__attribute__((acquire_capability(__fsconv_parent)));
extern void __fsconv_parent_inode_lock_nested(struct inode *inode,
					      unsigned subclass)
	__attribute__((acquire_capability(__fsconv_parent)));
extern void __fsconv_parent_inode_unlock(struct inode *inode)
	__attribute__((release_capability(__fsconv_parent)));
extern void __fsconv_parent_inode_lock_shared(struct inode *inode)
	__attribute__((acquire_shared_capability(__fsconv_parent)));
extern void __fsconv_parent_inode_lock_shared_nested(struct inode *inode,
						     unsigned subclass)
	__attribute__((acquire_shared_capability(__fsconv_parent)));
extern void __fsconv_parent_inode_unlock_shared(struct inode *inode)
	__attribute__((release_shared_capability(__fsconv_parent)));
extern int __fsconv_parent_inode_trylock(struct inode *inode)
	__attribute__((try_acquire_capability(1, __fsconv_parent)));
extern int __fsconv_parent_inode_trylock_shared(struct inode *inode)
	__attribute__((try_acquire_shared_capability(1, __fsconv_parent)));
extern int __fsconv_parent_inode_lock_killable(struct inode *inode)
	__attribute__((try_acquire_capability(0, __fsconv_parent)));
extern int __fsconv_parent_inode_lock_shared_killable(struct inode *inode)
	__attribute__((try_acquire_shared_capability(0, __fsconv_parent)));

/* called at each return of an annotated function */
extern void __fsconv_held(void)
	__attribute__((requires_shared_capability(__fsconv_parent)));

/*
 * Called before a direct E->i_op->lookup(dir, dentry, flags) on the
 * parent: flags without LOOKUP_SHARED promise an exclusive lock (the
 * silly-rename loop's 0), other flags only a held one.
 */
extern void __fsconv_lookup_excl(void)
	__attribute__((requires_capability(__fsconv_parent)));
extern void __fsconv_lookup_held(void)
	__attribute__((requires_shared_capability(__fsconv_parent)));

/*
 * Blocking calls that must not run under the parent lock (C6): they wait
 * for an in-lookup dentry, run ->lookup, or take the lock themselves.
 * Declared without a prototype so that any kernel's signature (the 3-arg
 * d_alloc_parallel of 6.12, the 2-arg one of the series) completes it.
 */
#define __FSCONV_EXCL __attribute__((locks_excluded(__fsconv_parent)))
struct dentry *d_alloc_parallel() __FSCONV_EXCL;
struct dentry *lookup_one_len() __FSCONV_EXCL;
struct dentry *lookup_one() __FSCONV_EXCL;
struct dentry *lookup_noperm() __FSCONV_EXCL;
struct dentry *lookup_one_unlocked() __FSCONV_EXCL;
struct dentry *lookup_one_len_unlocked() __FSCONV_EXCL;
struct dentry *lookup_noperm_unlocked() __FSCONV_EXCL;
struct dentry *lookup_one_positive_unlocked() __FSCONV_EXCL;
struct dentry *lookup_positive_unlocked() __FSCONV_EXCL;
struct dentry *lookup_noperm_positive_unlocked() __FSCONV_EXCL;

#undef __FSCONV_RWSEM
#undef __FSCONV_EXCL

#endif
