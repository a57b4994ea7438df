// SPDX-License-Identifier: GPL-2.0
/*
 * The workspace: the user's kernel tree, which fsconv only ever reads
 * (with `git -C TREE` commands that take no locks, and by reading its
 * headers), and the scratch repository that borrows its objects.  Also
 * the temporary-file registry every stage uses, so that a fatal signal
 * leaves no half-written output behind.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsconv.h"
#include "workspace.h"

uint64_t fnv64(uint64_t h, const void *p, size_t n)
{
	const unsigned char *c = p;

	while (n--) {
		h ^= *c++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

uint64_t fnv64_str(uint64_t h, const char *s)
{
	/* include the terminator so "ab","c" and "a","bc" differ */
	return fnv64(h, s, strlen(s) + 1);
}

/* temporary files and directories; this file alone owns the list */
static struct strvec temps = STRVEC_INIT;

static void temp_cleanup(void)
{
	for (size_t i = 0; i < temps.n; i++)
		remove_tree(temps.v[i]);
}

static void temp_signal(int sig)
{
	temp_cleanup();
	signal(sig, SIG_DFL);
	raise(sig);
}

void temp_cleanup_all(void)
{
	temp_cleanup();
	strvec_clear(&temps);
}

void temp_die_by_signal(int sig)
{
	temp_cleanup_all();
	signal(sig, SIG_DFL);
	raise(sig);
	exit(128 + sig);
}

void temp_register(const char *path)
{
	static bool installed;

	if (!installed) {
		atexit(temp_cleanup);
		signal(SIGINT, temp_signal);
		signal(SIGTERM, temp_signal);
		signal(SIGHUP, temp_signal);
		installed = true;
	}
	strvec_push(&temps, path);
}

void temp_remove(const char *path)
{
	remove_tree(path);
	for (size_t i = 0; i < temps.n; i++)
		if (!strcmp(temps.v[i], path)) {
			free(temps.v[i]);
			temps.v[i] = temps.v[--temps.n];
			temps.v[temps.n] = NULL;
			break;
		}
}

/* run git in the user's tree, read only; 0 and out filled, or -1 quietly */
static int tree_git(const char *tree, struct buf *out, const char *const *argv)
{
	struct child c = CHILD_INIT;
	struct buf err = BUF_INIT;
	int ret;

	strvec_pushl(&c.args, "git", "-C", tree, NULL);
	strvec_pushv(&c.args, argv);
	/* `git status` would otherwise refresh the tree's index */
	strvec_push(&c.env, "GIT_OPTIONAL_LOCKS=0");
	ret = child_run_capture(&c, out, &err, 0);
	child_release(&c);
	buf_release(&err);
	return ret ? -1 : 0;
}

int ws_git(const struct workspace *ws, const char *index, struct buf *out,
	   const char *const *argv)
{
	struct child c = CHILD_INIT;
	struct buf ignored = BUF_INIT, err = BUF_INIT;
	int ret;

	strvec_pushl(&c.args, "git", NULL);
	strvec_pushf(&c.args, "--git-dir=%s", ws->git_dir);
	strvec_pushv(&c.args, argv);
	if (index)
		strvec_pushf(&c.env, "GIT_INDEX_FILE=%s", index);
	ws_ident_env(ws, &c);
	ret = child_run_capture(&c, out ? out : &ignored, &err, 0);
	if (ret) {
		struct buf cmd = BUF_INIT;

		for (size_t i = 0; argv[i] && i < 3; i++)
			buf_addf(&cmd, " %s", argv[i]);
		buf_rtrim(&err);
		error("git%s failed: %.*s", cmd.data,
		      (int)strcspn(err.data, "\n"),
		      err.len ? err.data : "no message");
		buf_release(&cmd);
	}
	child_release(&c);
	buf_release(&ignored);
	buf_release(&err);
	return ret ? -1 : 0;
}

int ws_gitl(const struct workspace *ws, const char *index, struct buf *out,
	    ...)
{
	struct strvec argv = STRVEC_INIT;
	const char *s;
	va_list ap;
	int ret;

	va_start(ap, out);
	while ((s = va_arg(ap, const char *)))
		strvec_push(&argv, s);
	va_end(ap);
	ret = ws_git(ws, index, out, (const char *const *)argv.v);
	strvec_clear(&argv);
	return ret;
}

void ws_ident_env(const struct workspace *ws, struct child *c)
{
	if (!ws->name)
		return;
	strvec_pushf(&c->env, "GIT_AUTHOR_NAME=%s", ws->name);
	strvec_pushf(&c->env, "GIT_AUTHOR_EMAIL=%s", ws->email);
	strvec_pushf(&c->env, "GIT_COMMITTER_NAME=%s", ws->name);
	strvec_pushf(&c->env, "GIT_COMMITTER_EMAIL=%s", ws->email);
}

/* "Name <email> 1700000000 +0000" from `git var GIT_COMMITTER_IDENT` */
static void read_ident(struct workspace *ws)
{
	struct buf out = BUF_INIT;
	char *lt, *gt;

	if (tree_git(ws->tree, &out,
		     (const char *[]){ "var", "GIT_COMMITTER_IDENT", NULL }) ||
	    !(lt = strchr(out.data, '<')) || !(gt = strchr(lt, '>')))
		die("no git identity for '%s': set user.name and user.email "
		    "(the Signed-off-by of every patch)", ws->tree);
	ws->email = xstrndup(lt + 1, (size_t)(gt - lt - 1));
	while (lt > out.data && lt[-1] == ' ')
		lt--;
	ws->name = xstrndup(out.data, (size_t)(lt - out.data));
	buf_release(&out);
}

/* the libclang probe of api.c reads the declarations, not their text */
static void probe_api(struct workspace *ws)
{
	if (api_probe(ws->tree, &ws->api))
		exit(EXIT_USAGE);
	if (ws->api.gen == API_NONE)
		die("'%s' lacks the new VFS API: %s (include/linux/dcache.h, "
		    "namei.h); apply the VFS series first", ws->tree,
		    ws->api.missing);
	/* the v4 and merged series have it; d_add_ci() relies on it */
	if (!ws->api.lookup_shared)
		die("'%s' lacks the new VFS API: no LOOKUP_SHARED in "
		    "include/linux/namei.h; apply the VFS series first",
		    ws->tree);
}

static void check_kernel_tree(const char *tree)
{
	static const char *const need[] = { "Makefile", "MAINTAINERS",
					    "fs/dcache.c" };

	if (!is_dir(tree))
		die("tree '%s' does not exist", tree);
	for (size_t i = 0; i < ARRAY_SIZE(need); i++) {
		char *p = path_join(tree, need[i]);

		if (!is_file(p))
			die("'%s' is not a kernel tree (no %s)", tree,
			    need[i]);
		free(p);
	}
}

static void check_git_tree(struct workspace *ws)
{
	struct buf out = BUF_INIT;

	if (tree_git(ws->tree, &out,
		     (const char *[]){ "rev-parse", "--show-toplevel", NULL }))
		die("'%s' is not a git repository (fsconv needs its history "
		    "for the series' base)", ws->tree);
	buf_rtrim(&out);
	if (strcmp(out.data, ws->tree))
		die("'%s' is not the top of its git repository ('%s')",
		    ws->tree, out.data);
	buf_reset(&out);
	if (tree_git(ws->tree, &out,
		     (const char *[]){ "log", "-1", "--format=%H %s",
				       "HEAD", NULL }) || out.len < 41)
		die("'%s' has no commits", ws->tree);
	buf_rtrim(&out);
	ws->base = xstrndup(out.data, 40);
	ws->base_subject = xstrdup(out.data + 41);
	buf_release(&out);
}

/*
 * Uncommitted changes would be silently ignored (fsconv works from HEAD),
 * so they are refused.  GIT_OPTIONAL_LOCKS=0 keeps `git status` from
 * refreshing the tree's index.
 */
static void check_clean(const struct workspace *ws)
{
	struct buf out = BUF_INIT;

	if (tree_git(ws->tree, &out,
		     (const char *[]){ "status", "--porcelain",
				       "--untracked-files=no",
				       "--ignore-submodules", NULL }))
		die("cannot read the status of '%s'", ws->tree);
	if (out.len)
		die("'%s' has uncommitted changes ('%.*s'): commit or stash "
		    "them, fsconv works from HEAD", ws->tree,
		    (int)strcspn(out.data + 3, "\n"), out.data + 3);
	buf_release(&out);
}

/* a --shared bare clone: cheap, and the tree gets no worktree entry */
static void open_scratch(struct workspace *ws)
{
	char *alt = path_join(ws->git_dir, "objects/info/alternates");

	if (!is_file(alt)) {
		struct child c = CHILD_INIT;
		struct buf out = BUF_INIT;

		remove_tree(ws->git_dir);
		if (mkdirs(ws->cache, 0777))
			die("cannot create '%s':", ws->cache);
		strvec_pushl(&c.args, "git", "clone", "--quiet", "--shared",
			     "--bare", "--no-tags", ws->tree, ws->git_dir,
			     NULL);
		if (child_run_capture(&c, &out, NULL, 0))
			die("cannot make the scratch repository '%s': %.*s",
			    ws->git_dir, (int)strcspn(out.data, "\n"),
			    out.data);
		child_release(&c);
		buf_release(&out);
	}
	free(alt);
	/* a ref, so the scratch repository's own gc keeps the base */
	if (ws_gitl(ws, NULL, NULL, "update-ref", "refs/fsconv/base",
		    ws->base, NULL))
		die("the scratch repository '%s' is broken; remove it",
		    ws->git_dir);
}

static char *cache_root(void)
{
	const char *env = getenv("FSCONV_CACHE");

	if (env && *env)
		return xstrdup(env);
	return path_join(fsconv_home(), "build/cache");
}

void workspace_open(struct workspace *ws, const char *tree, unsigned flags)
{
	char real[PATH_MAX], *root, *base;

	memset(ws, 0, sizeof(*ws));
	if (!realpath(tree, real))
		die("tree '%s' does not exist", tree);
	ws->tree = xstrdup(real);
	base = strrchr(ws->tree, '/');
	root = cache_root();
	ws->cache = xasprintf("%s/%s-%08llx", root, base + 1,
			      (unsigned long long)(fnv64_str(FNV64_INIT,
							     ws->tree) &
						   0xffffffffULL));
	free(root);
	ws->git_dir = path_join(ws->cache, "scratch.git");
	ws->results = path_join(ws->cache, "results");
	if (flags & WS_LOCATE_ONLY)
		return;
	check_kernel_tree(ws->tree);
	check_git_tree(ws);
	check_clean(ws);
	probe_api(ws);
	read_ident(ws);
	open_scratch(ws);
	if (mkdirs(ws->results, 0777))
		die("cannot create '%s':", ws->results);
}

bool ws_commit_exists(const struct workspace *ws, const char *rev)
{
	char *spec = xasprintf("%s^{commit}", rev);
	struct child c = CHILD_INIT;
	struct buf out = BUF_INIT;
	int ret;

	strvec_pushl(&c.args, "git", NULL);
	strvec_pushf(&c.args, "--git-dir=%s", ws->git_dir);
	strvec_pushl(&c.args, "cat-file", "-e", spec, NULL);
	ret = child_run_capture(&c, &out, &out, 0);
	child_release(&c);
	buf_release(&out);
	free(spec);
	return ret == 0;
}

int mkdirs_for_file(const char *file)
{
	char *dir = xstrdup(file);
	int ret = 0;

	if (strrchr(dir, '/')) {
		*strrchr(dir, '/') = '\0';
		if (mkdirs(dir, 0777))
			ret = error("cannot create '%s':", dir);
	}
	free(dir);
	return ret;
}
