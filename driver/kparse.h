/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FSCONV_KPARSE_H
#define FSCONV_KPARSE_H

#include <stdbool.h>

#include <clang-c/Index.h>

#include "util.h"

/*
 * Parsing kernel C with libclang the way kbuild compiles it.
 *
 * A tree that was never built lacks include/generated/ and the arch
 * wrapper headers kbuild generates (asm/types.h -> asm-generic/types.h).
 * We stand in for the missing ones with in-memory files handed to
 * libclang as unsaved files: wrappers from the mandatory-y and generic-y
 * lists of the Kbuild files, and a small x86_64 autoconf.h.  A file whose
 * kbuild command line was saved in an O= directory (<obj>/fs/x/.foo.o.cmd)
 * is parsed with that command line instead, minus what clang rejects.
 */
struct kparse {
	char *tree;		/* absolute, no trailing '/' */
	char *obj;		/* O= directory, or NULL */
	struct strvec base;	/* flags every file gets without a .cmd */
	struct strvec vnames;	/* generated files we stand in for */
	struct strvec vtexts;
	struct CXUnsavedFile *unsaved;	/* vnames/vtexts, the overlay, one spare */
	size_t nunsaved;
};

/*
 * Set up for tree (and obj, which may be NULL).  -1 after an error() when
 * tree does not look like a kernel tree.
 */
int kparse_init(struct kparse *k, const char *tree, const char *obj);
void kparse_release(struct kparse *k);

/*
 * The compile flags for one tree-relative .c file: its saved kbuild
 * command line when obj has one (*from_cmd set), else the generic set
 * plus the -I/-D of the directory's Makefile and -DCONFIG_X=1 for every
 * bool/tristate symbol of the directory's Kconfig, so that code behind
 * the filesystem's own options is seen.
 */
void kparse_file_flags(const struct kparse *k, const char *relpath,
		       struct strvec *args, bool *from_cmd);

/*
 * Stand names (absolute paths) in for the files on disk, with texts as
 * their contents, in every later parse: the files a converted branch
 * changed, so that its state is parsed without a checkout.  Both vectors
 * must outlive the parses; NULL drops the overlay.
 */
void kparse_overlay(struct kparse *k, const struct strvec *names,
		    const struct strvec *texts);

/*
 * Parse file (absolute) with args; contents, when not NULL, stands in for
 * the file.  Errors in the code are tolerated (KeepGoing): the caller
 * checks the cursors it needs.  NULL after an error() if libclang gave up.
 */
CXTranslationUnit kparse_parse(struct kparse *k, CXIndex idx,
			       const char *file, const struct strvec *args,
			       const char *contents, unsigned int flags);

/*
 * The number of errors, and the first one as text in *first (when not
 * NULL).  main_only counts only errors in the main file: the headers'
 * own errors, from the stand-in configuration, are the same for every
 * file.  all, when not NULL, gets every error, one a line.
 */
unsigned int kparse_errors(CXTranslationUnit tu, bool main_only,
			   struct buf *first, struct buf *all);

/* the tree-relative form of an absolute path, or NULL outside the tree */
const char *kparse_relpath(const struct kparse *k, const char *path);

#endif
