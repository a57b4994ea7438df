/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FSCONV_CENSUS_H
#define FSCONV_CENSUS_H

#include "kparse.h"
#include "util.h"

/*
 * The census of one translation unit: what libclang finds in one .c file
 * of a filesystem, as text records the audit merges across the files of
 * the filesystem (workers print them, the parent reads them back).  One
 * record a line, fields separated by tabs, file names relative to the
 * tree, lines and columns 1-based:
 *
 *   F name file line endline          a function definition
 *   C caller callee file line col     a call; callee "@struct.field" for
 *                                     a call through a struct member
 *   R user function                   a function used as a value (callback)
 *   T struct field function file line col owner
 *                                     function stored in struct.field, by
 *                                     an initializer of variable owner or
 *                                     by an assignment ("in:FUNCTION")
 *   S call nargs function file line col flags text
 *                                     a call of the dcache API; call is the
 *                                     function name or "->lookup" for
 *                                     ->i_op->lookup(); flags is "-" or a
 *                                     comma list of dup (d_alloc of
 *                                     D->d_parent, &D->d_name), parent
 *                                     (an argument is E->d_parent,
 *                                     dget_parent(E) or a variable
 *                                     assigned one), loop,
 *                                     walk (in a loop, each lookup in the
 *                                     dentry the one before found),
 *                                     rootwalk (a walk that starts at a
 *                                     ->root or ->s_root),
 *                                     inactive (in code the configuration
 *                                     leaves out; function is "-")
 *   L check function file line col message
 *                                     a lint finding (C3, C4)
 *   P file errors first-error         how the parse went: the errors
 *                                     in the file itself
 *
 * Only code in files under one of the filesystem's paths is recorded;
 * headers outside it are parsed but not walked.
 */

/* is name one of the calls the census records? */
bool census_is_site_call(const char *name);

/*
 * Parse tree-relative relpath with args (and pch, when not NULL, as the
 * precompiled prefix) and append its records to out.  paths are the
 * filesystem's tree-relative files and directories.  -1 after an error()
 * if libclang could not parse it at all.
 */
int census_file(struct kparse *k, CXIndex idx, const char *relpath,
		const struct strvec *args, const char *pch,
		const struct strvec *paths, struct buf *out);

/*
 * Write a precompiled header of the given system headers ("linux/fs.h")
 * to path, parsed with args; diag prints their errors.  -1 after an
 * error().
 */
int census_make_pch(struct kparse *k, CXIndex idx,
		    const struct strvec *headers, const struct strvec *args,
		    const char *path, bool diag);

#endif
