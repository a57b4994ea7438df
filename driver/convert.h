/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FSCONV_CONVERT_H
#define FSCONV_CONVERT_H

#include "options.h"
#include "plan.h"

/*
 * The convert stage: every (filesystem, rule) of a plan through spatch,
 * in patch mode (the diff becomes one commit on fsconv/<fs> in the
 * scratch repository) and report mode (sites left for a human).  Rules
 * run in plan order, each on the result of the one before; spatch output
 * is cached per file, keyed by the file's blob, the rule's bytes, the
 * spatch version and the -D values, so an unchanged re-run starts no
 * spatch at all.  A failure (spatch crash, timeout, a diff that does not
 * apply) fails that filesystem only.
 */
struct convert_opts {
	const char *cocci_dir;	/* --cocci: the semantic patches */
	int force;		/* --force: ignore the cache */
	int timeout;		/* --timeout: seconds per spatch job */
};

#define CONVERT_OPTS_INIT { .timeout = 300 }

/* the flags of every command that converts */
#define CONVERT_OPTIONS(o)                                                \
	OPT_BOOL(0, "force", &(o)->force,                                 \
		 "ignore the cache: run spatch on every file again"),     \
	OPT_INT(0, "timeout", &(o)->timeout, "SEC",                        \
		"give up on a spatch job after SEC seconds (default 300)"), \
	OPT_STRING(0, "cocci", &(o)->cocci_dir, "DIR",                    \
		   "semantic patches (default: cocci/ beside fsconv)")

/* fill in defaults: cocci/ under fsconv_home(), $FSCONV_TIMEOUT */
void convert_opts_defaults(struct convert_opts *o);

/*
 * Convert every filesystem of p and save its results file.  Returns the
 * number of filesystems that failed.  On SIGINT/SIGTERM it removes its
 * temporary files and dies by the signal, leaving earlier results as
 * they were.
 */
int convert_plan(struct plan *p, const struct convert_opts *o);

#endif
