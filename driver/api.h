/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FSCONV_API_H
#define FSCONV_API_H

#include <stdbool.h>

#include "util.h"

/* which form of the VFS series a tree carries */
enum api_gen {
	API_NONE,	/* none of it: d_alloc_parallel still takes a wq */
	API_V3,		/* d_add_ci(..., bool shared) */
	API_V4,		/* d_alloc_noblock, d_add_ci(..., lookup_flags) */
	API_MERGED,	/* the names that were merged: d_alloc_trylock */
};

/* what d_add_ci's 4th parameter is */
enum api_add_ci {
	ADD_CI_NONE,	/* it has no 4th parameter */
	ADD_CI_FLAGS,	/* unsigned int lookup_flags (v4) */
	ADD_CI_BOOL,	/* bool shared (v3) */
	ADD_CI_OTHER,
};

/*
 * The dcache API of a tree, read from the declarations in its own
 * include/linux/dcache.h and namei.h (parsed, not grepped).  Arities are
 * -1 when the function is not declared.
 */
struct api_profile {
	enum api_gen gen;
	const char *name;		/* "none", "v3", "v4", "merged" */
	char noblock[32];		/* d_alloc_noblock, _trylock or "" */
	int parallel_args;		/* d_alloc_parallel */
	int add_ci_args;		/* d_add_ci */
	enum api_add_ci add_ci_kind;
	char add_ci_type[64];		/* spelling of its 4th parameter */
	bool d_duplicate;
	bool lookup_shared;		/* the LOOKUP_SHARED macro */
	/* d_lookup_handoff(): lockdep tracks in-lookup dentries (merged) */
	bool d_lookup_handoff;
	/* the same facts in workspace.h's terms, so it can use this one */
	bool d_add_ci_flags;		/* 4th parameter: the ->lookup flags */
	bool d_add_ci_bool;		/* ... as v3's bool shared */
	char profile[256];		/* "v4: d_alloc_noblock, ..." */
	char missing[256];		/* for API_NONE: what is missing */
};

/*
 * Probe tree.  0 with *p filled in (check p->gen: API_NONE means the
 * series is not applied, and p->missing says what is absent); -1 after an
 * error() when tree is not a kernel tree or its headers cannot be parsed.
 * Takes about 0.15 s, in a child process: libclang's memory goes with it.
 */
int api_probe(const char *tree, struct api_profile *p);

/*
 * The spatch arguments that select this API in the semantic patches
 * (cocci/README.md): "-D", "noblock=d_alloc_trylock", for the v3
 * d_add_ci "-D", "d_add_ci_bool", and where the tree declares
 * d_lookup_handoff() "-D", "d_lookup_handoff".  A tree whose d_add_ci takes 3
 * arguments (add_ci_args == 3, the end state) needs no d_add_ci.cocci.
 */
void api_spatch_defines(const struct api_profile *p, struct strvec *out);

/* the profile as one JSON object, no trailing newline */
void api_json(const struct api_profile *p, struct buf *out);

#endif
