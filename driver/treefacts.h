/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FSCONV_TREEFACTS_H
#define FSCONV_TREEFACTS_H

#include "util.h"
#include "workspace.h"

/*
 * Facts about the whole tree that a semantic patch cannot see from the
 * files it is given, found by the plan stage and handed to the rule as
 * -D options.
 */

/*
 * A wait queue embedded in a structure that a filesystem passes to
 * d_alloc_parallel() as `&X->FIELD` (nfs_unlinkdata.wq in 6.12).  R1 may
 * delete the member and its init_waitqueue_head() only when nothing else
 * in the tree uses it.
 */
struct wq_field {
	char *sname;	/* the structure's tag: nfs_unlinkdata */
	char *field;	/* wq */
	char *decl;	/* file of the member's declaration */
	int decl_line;
	char *other;	/* "file:line" of another user; NULL when unused */
};

/*
 * The wait-queue members the files under paths pass to d_alloc_parallel()
 * in the base commit, each with its users found by `git grep` over the
 * whole tree.  A member whose structure cannot be told for sure is left
 * out: the rule then keeps it and reports it.  Returns the count.
 */
size_t wq_fields_find(const struct workspace *ws, const struct strvec *paths,
		      struct wq_field **fields);
void wq_fields_free(struct wq_field *fields, size_t n);

/*
 * The same over text already read, for the unit tests: the d_alloc_parallel()
 * calls' third arguments `&X->F` / `&X.F` in src, as field names.
 */
void wq_args_scan(const char *src, struct strvec *fieldnames,
		  struct strvec *lines);
/* the tag of the structure whose body holds line (1-based) of src */
char *enclosing_struct(const char *src, int line);

#endif
