/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FSCONV_WORKSPACE_H
#define FSCONV_WORKSPACE_H

#include <stdbool.h>
#include <stdint.h>

#include "spawn.h"
#include "util.h"

/*
 * A workspace is the user's kernel tree, which fsconv only ever reads,
 * plus a scratch repository in fsconv's cache that borrows the tree's
 * objects (git clone --shared --bare) and holds one branch fsconv/<fs>
 * per filesystem, built with plumbing and temporary index files.
 */

/* what the tree's VFS API looks like, read from its headers */
struct api_profile {
	const char *name;	/* "v4" or "merged" */
	const char *noblock;	/* "d_alloc_noblock" or "d_alloc_trylock" */
	bool d_add_ci_flags;	/* d_add_ci() takes the ->lookup flags */
	bool d_add_ci_bool;	/* ... as v3's "bool shared" */
	bool d_duplicate;
	bool lookup_shared;
};

/* "v4: d_alloc_parallel() without a wait queue, d_alloc_noblock(), ..." */
char *api_describe(const struct api_profile *api);

struct workspace {
	char *tree;		/* absolute path of the user's tree; read only */
	char *cache;		/* build/cache/<id>: what fsconv keeps for it */
	char *git_dir;		/* <cache>/scratch.git */
	char *base;		/* the tree's HEAD: every series applies there */
	char *base_subject;	/* its subject line */
	char *results;		/* <cache>/results: one file per filesystem */
	struct api_profile api;
	char *name, *email;	/* the user's git identity */
};

enum workspace_flags {
	/* only locate the cache; no checks, no scratch repository */
	WS_LOCATE_ONLY = (1 << 0),
};

/*
 * Check that tree is a kernel git tree with the new VFS API, then create
 * or refresh its scratch repository.  Every problem is a one-line
 * die() (exit 2): fsconv cannot work on such a tree.
 */
void workspace_open(struct workspace *ws, const char *tree, unsigned flags);

/*
 * die() when the tree has uncommitted changes to tracked files under
 * paths: fsconv works from HEAD and would silently ignore them.  Only
 * what fsconv reads is checked, which keeps a warm run fast.
 */
void workspace_check_clean(const struct workspace *ws,
			   const struct strvec *paths);

/*
 * Run git on the scratch repository, with GIT_INDEX_FILE=index unless
 * index is NULL; stdout goes to out when not NULL.  On failure prints
 * "git ARGS...: first line of stderr" and returns -1; else 0.
 */
int ws_git(const struct workspace *ws, const char *index, struct buf *out,
	   const char *const *argv);
/* the same with a NULL-terminated argument list */
int ws_gitl(const struct workspace *ws, const char *index, struct buf *out,
	    ...) __attribute__((sentinel));
/* rev names a commit the scratch repository has */
bool ws_commit_exists(const struct workspace *ws, const char *rev);
/* mkdir -p of the directory a file goes in; 0 or -1 after an error() */
int mkdirs_for_file(const char *file);
/* apply ws's identity to c's environment as author and committer */
void ws_ident_env(const struct workspace *ws, struct child *c);

/* FNV-1a, 64 bits: cache keys from several strings */
uint64_t fnv64(uint64_t h, const void *p, size_t n);
#define FNV64_INIT 0xcbf29ce484222325ULL
uint64_t fnv64_str(uint64_t h, const char *s);

/* register a temporary path to be removed on exit or on a fatal signal */
void temp_register(const char *path);
/* remove it now and forget it */
void temp_remove(const char *path);
/* remove every registered temporary path */
void temp_cleanup_all(void);
/* after jobs_run() was interrupted: clean up and die by the signal */
void temp_die_by_signal(int sig) __attribute__((noreturn));

#endif
