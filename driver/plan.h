/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FSCONV_PLAN_H
#define FSCONV_PLAN_H

#include <stdbool.h>
#include <stdint.h>

#include "fstable.h"
#include "util.h"
#include "workspace.h"

/*
 * The first stage.  A plan is, per selected filesystem, the semantic
 * patches to run and the files each may touch, found in the workspace's
 * base commit.
 */

enum rule_flags {
	RULE_PATCH = (1 << 0),		/* has `virtual patch` */
	RULE_REPORT = (1 << 1),		/* has `virtual report` */
	RULE_SIGNATURE = (1 << 2),	/* follows a VFS signature change */
	/* declares `virtual no_dirlock`: fstable's no_dirlock fact applies */
	RULE_NO_DIRLOCK = (1 << 3),
	/* declares `virtual wq_unused`: treefacts.c decides wq_field */
	RULE_WQ_FIELD = (1 << 4),
};

/* a semantic patch, with what its header says */
struct rule {
	char *name;		/* file name without .cocci */
	char *path;		/* absolute */
	char *subject;		/* commit subject after "<prefix>: " */
	char *description;	/* the `///` lines: the commit message body */
	char *confidence;
	struct strvec options;	/* `// Options:`, or the kernel's defaults */
	struct strvec keywords;	/* a patch-mode candidate has one of these */
	struct strvec report_keywords;	/* a report-mode one (or keywords) */
	struct strvec converts;	/* report TYPEs of the sites patch converts */
	struct strvec requires;	/* `// Requires:`: API parts it rewrites to */
	int order;		/* place in cocci/README.md's "Order", or -1 */
	struct strvec defines;	/* "-D", "NAME=VALUE" pairs for spatch */
	unsigned int flags;	/* enum rule_flags */
	uint64_t hash;		/* of the file's bytes */
	/* why the tree cannot take it (`// Requires:`), or NULL */
	char *skip_reason;
};

/* a file a rule may change, and its blob in the base commit */
struct candidate {
	char *path;
	char *blob;
	unsigned int modes;	/* RULE_PATCH, RULE_REPORT: for which modes */
};

struct plan_item {
	struct rule *rule;
	struct candidate *files;
	size_t nfiles;
	struct strvec defines;	/* "-D", "NAME=VALUE" from tree facts */
	char *facts;		/* those facts in a sentence, or NULL */
};

struct plan_fs {
	struct fs_entry *fs;
	struct plan_item *items;	/* in rule order; none without files */
	size_t nitems;
	/* "RULE: reason" of rules with candidates the tree cannot take */
	struct strvec skipped;
};

struct plan {
	struct workspace *ws;
	struct fstable table;
	struct fs_entry *adhoc;		/* --path entries */
	size_t nadhoc;
	struct rule *rules;		/* signature changes, then README order */
	size_t nrules;
	struct plan_fs *fs;
	size_t nfs;
	char *spatch_version;		/* "spatch version 1.1.1 ..." */
};

/*
 * Load the rules in cocci_dir and the table, select the filesystems
 * named in argv (all when argc is 0, only the --path ones when there are
 * --path entries and no names) and find each rule's candidate files.
 * Bad input is a die(); returns 0.
 */
int plan_build(struct plan *p, struct workspace *ws, const char *cocci_dir,
	       int argc, const char **argv);

/*
 * Does a C file's text call one of its ->lookup() functions (named in a
 * `.lookup =`, defined as `struct dentry *F(struct inode *, struct dentry
 * *, ...)`, or E->i_op->lookup())?  lookup_flags.cocci's candidates are
 * the files where it does; true also for some that the rule then leaves
 * alone, never false for one it changes or reports.
 */
bool plan_lookup_calls(const char *text);

/* parse one rule file; -1 after an error() */
int rule_load(struct rule *r, const char *path, const struct api_profile *api);
/*
 * The paragraph a rule asks its series' cover letter to carry, for the
 * maintainer to check: the `// Review:` line and the `//  ` lines that
 * continue it, joined.  NULL when the rule has none or cannot be read.
 */
char *rule_review(const char *path, const struct api_profile *api);
/*
 * text with the rules' default API names (d_alloc_noblock) replaced by
 * the tree's (d_alloc_trylock on the merged API), for commit messages and
 * cover letters; api may be NULL
 */
char *rule_api_text(const char *text, const struct api_profile *api);

#endif
