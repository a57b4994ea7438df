/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FSCONV_WORKSPACE_H
#define FSCONV_WORKSPACE_H

#include <stdbool.h>
#include <stdint.h>

#include "api.h"
#include "spawn.h"
#include "util.h"

/*
 * A workspace is the user's kernel tree, which fsconv only ever reads,
 * plus a scratch repository in fsconv's cache that borrows the tree's
 * objects (git clone --shared --bare) and holds one branch fsconv/<fs>
 * per filesystem, built with plumbing and temporary index files.
 */

struct workspace {
	char *tree;		/* absolute path of the user's tree; read only */
	char *cache;		/* build/cache/<id>: what fsconv keeps for it */
	char *git_dir;		/* <cache>/scratch.git */
	char *base;		/* the tree's HEAD: every series applies there */
	char *base_subject;	/* its subject line */
	char *results;		/* <cache>/results: one file per filesystem */
	struct api_profile api;	/* api_probe() of the tree */
	char *name, *email;	/* the user's git identity */
};

enum workspace_flags {
	/* only locate the cache; no checks, no scratch repository */
	WS_LOCATE_ONLY = (1 << 0),
};

/*
 * Check that tree is a clean kernel git tree with the new VFS API, then
 * create or refresh its scratch repository.  Every problem is a one-line
 * die() (exit 2): fsconv cannot work on such a tree.
 */
void workspace_open(struct workspace *ws, const char *tree, unsigned flags);

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
