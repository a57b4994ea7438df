/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FSCONV_ANNOTATE_H
#define FSCONV_ANNOTATE_H

#include "util.h"

/*
 * The lock annotations fsconv adds for its checkers, and only for them:
 * the rewritten text goes to sparse as a scratch copy and to libclang as
 * an unsaved file, never into the tree or a patch.
 *
 * Which functions hold the parent directory lock is found by name from
 * the source: the functions assigned to .lookup and .iterate_shared in
 * any file of the filesystem, those assigned to .unlink and .rename
 * (held exclusive), d_add_ci(), and (the closure) every function of the
 * same file that is only ever called directly from such functions.
 * Edits never add or remove a newline, so every line number in a
 * checker's output is a line number of the original file.
 */

/* what a function is to the checkers */
enum annot_role {
	ROLE_NONE = 0,
	ROLE_LOOKUP,	/* ->lookup: parent held shared or exclusive */
	ROLE_ITERATE,	/* ->iterate_shared: parent held shared */
	ROLE_ADD_CI,	/* d_add_ci(): parent held, mode by lookup_flags */
	ROLE_HELPER,	/* only called from the above with the parent held */
	ROLE_DIROP,	/* ->unlink, ->rename: parent held exclusive */
};

/* how a function holds the parent on entry */
enum annot_hold {
	HOLD_SHARED = 0,	/* ->iterate_shared */
	HOLD_BY_MODE,		/* ->lookup: as LOOKUP_SHARED says */
	HOLD_EXCLUSIVE,		/* ->iterate behind WRAP_DIR_ITER() */
};

/* which annotated copy to make */
enum annot_mode {
	ANNOT_SPARSE,		/* context attributes for sparse -Wcontext */
	ANNOT_CLANG_SHARED,	/* thread safety, ->lookup holds it shared */
	ANNOT_CLANG_EXCL,	/* thread safety, ->lookup holds it exclusive */
};

/* the ->lookup and ->iterate_shared implementations of a filesystem */
struct annot_names {
	struct strvec lookup;		/* also ->atomic_open */
	struct strvec iterate;
	struct strvec iterate_excl;	/* wrapped by WRAP_DIR_ITER() */
	struct strvec helpers;		/* non-static, called by those only */
	struct strvec dirop;		/* ->unlink, ->rename */
	/* helpers called only from ->unlink, ->rename or such helpers */
	struct strvec dirop_helpers;
};

#define ANNOT_NAMES_INIT { .lookup = STRVEC_INIT, .iterate = STRVEC_INIT, \
			   .iterate_excl = STRVEC_INIT, .helpers = STRVEC_INIT, \
			   .dirop = STRVEC_INIT, .dirop_helpers = STRVEC_INIT }

void annot_names_release(struct annot_names *n);
/*
 * add the functions text assigns to .lookup, .atomic_open,
 * .iterate_shared, .unlink and .rename, and those it wraps with
 * WRAP_DIR_ITER()
 */
void annot_names_scan(struct annot_names *n, const char *text);
/*
 * After annot_names_scan() of every file of a filesystem: add to helpers
 * the non-static functions that only annotated functions call, in any of
 * texts, and that none of them takes the address of; repeated until
 * nothing changes, so that proc_fill_cache() (base.c), called from the
 * readdir helpers of base.c, fd.c and namespaces.c, is held too.
 */
void annot_names_close(struct annot_names *n, const struct strvec *texts);
/* annot_names_scan() on a file; -1 after an error() if unreadable */
int annot_names_scan_file(struct annot_names *n, const char *path);

/* one function definition of the file, 1-based lines */
struct annot_func {
	char *name;
	int first, last;	/* name line .. closing brace line */
	enum annot_role role;
	enum annot_hold hold;
};

struct annot_file {
	struct annot_func *funcs;
	size_t nfuncs;
	struct buf text;	/* the annotated copy */
	size_t nannotated;	/* functions with a role */
};

/*
 * Annotate text (the contents of one .c file) for mode.  Always succeeds:
 * a file with nothing to annotate comes back unchanged.
 */
void annot_file_make(struct annot_file *af, const char *text,
		     const struct annot_names *names, enum annot_mode mode);
void annot_file_release(struct annot_file *af);
/* the innermost function whose lines include line, or NULL */
const struct annot_func *annot_func_at(const struct annot_file *af, int line);
const struct annot_func *annot_func_named(const struct annot_file *af,
					  const char *name);
/* "lookup", "iterate_shared", "d_add_ci", "helper", "dirop" or "" */
const char *annot_role_name(enum annot_role role);

/*
 * The lock family as sparse and clang see it after annotation, for
 * filtering what the checkers say about the annotated helpers themselves.
 */
bool annot_is_lock_function(const char *name);

#endif
