// SPDX-License-Identifier: GPL-2.0
/*
 * The prepared out-of-tree kernel build the verification stages share:
 * the scratch clone, the O= directory and its configuration, switching
 * the clone between states, and running make on a list of objects with
 * the compiler's output taken apart per object (see kbuild.h).
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "fsconv.h"
#include "kbuild.h"
#include "spawn.h"

/* ---- running git and make ---------------------------------------------- */

static int run_quiet(const char *dir, struct buf *out, const char *first,
		     ...)
{
	struct child c = CHILD_INIT;
	struct buf err = BUF_INIT, ignored = BUF_INIT;
	const char *s;
	va_list ap;
	int ret;

	strvec_push(&c.args, first);
	va_start(ap, first);
	while ((s = va_arg(ap, const char *)))
		strvec_push(&c.args, s);
	va_end(ap);
	c.dir = dir;
	ret = child_run_capture(&c, out ? out : &ignored, &err, 0);
	if (ret > 0) {
		buf_rtrim(&err);
		error("'%s %s' failed in '%s': %s", c.args.v[0],
		      c.args.n > 1 ? c.args.v[1] : "", dir ? dir : ".",
		      err.len ? err.data : "no message");
	}
	child_release(&c);
	buf_release(&err);
	buf_release(&ignored);
	return ret ? -1 : 0;
}

int git_resolve(const char *repo, const char *rev, char **sha)
{
	struct buf out = BUF_INIT;
	char *spec = xasprintf("%s^{commit}", rev);
	const char *argv[] = { "git", "rev-parse", "-q", "--verify", spec,
			       NULL };
	int ret = run_argv_capture(repo, argv, &out);

	free(spec);
	buf_rtrim(&out);
	if (ret || !out.len) {
		buf_release(&out);
		return -1;
	}
	*sha = buf_detach(&out);
	return 0;
}

int git_changed_files(const char *repo, const char *from, const char *to,
		      const struct strvec *paths, struct strvec *files)
{
	struct child c = CHILD_INIT;
	struct buf out = BUF_INIT, err = BUF_INIT;
	int ret;

	strvec_pushl(&c.args, "git", "diff", "--name-only", "--no-renames",
		     from, NULL);
	/* no to: against the work tree of repo */
	if (to)
		strvec_push(&c.args, to);
	strvec_push(&c.args, "--");
	if (paths)
		strvec_pushv(&c.args, (const char *const *)paths->v);
	c.dir = repo;
	ret = child_run_capture(&c, &out, &err, 0);
	if (ret) {
		buf_rtrim(&err);
		error("cannot diff '%s'..'%s' in '%s': %s", from,
		      to ? to : "work tree", repo, err.data);
	} else {
		strvec_split_lines(files, out.data);
	}
	child_release(&c);
	buf_release(&out);
	buf_release(&err);
	return ret ? -1 : 0;
}

/* the objects directory of a repository, for the clone's alternates */
static char *git_objects_dir(const char *repo)
{
	struct buf out = BUF_INIT;
	const char *argv[] = { "git", "rev-parse", "--path-format=absolute",
			       "--git-path", "objects", NULL };

	if (run_argv_capture(repo, argv, &out)) {
		buf_release(&out);
		return NULL;
	}
	buf_rtrim(&out);
	return buf_detach(&out);
}

bool git_is_repo(const char *repo)
{
	char *objects = git_objects_dir(repo);

	free(objects);
	return objects != NULL;
}

/* let the clone see every object of repo without copying any */
static int add_alternate(const struct kbuild *kb, const char *repo)
{
	char *objects = git_objects_dir(repo);
	char *alt = path_join(kb->src, ".git/objects/info/alternates");
	struct buf cur = BUF_INIT;
	struct strvec lines = STRVEC_INIT;
	int ret = 0;

	if (!objects) {
		free(alt);
		return error("'%s' is not a git repository", repo);
	}
	buf_read_file(&cur, alt);
	strvec_split_lines(&lines, cur.data);
	if (!strvec_contains(&lines, objects)) {
		if (cur.len && cur.data[cur.len - 1] != '\n')
			buf_addch(&cur, '\n');
		buf_addf(&cur, "%s\n", objects);
		ret = write_file_atomic(alt, cur.data, cur.len);
	}
	strvec_clear(&lines);
	buf_release(&cur);
	free(alt);
	free(objects);
	return ret;
}

/* ---- the configuration and make prepare -------------------------------- */

/* FNV-1a, to name the O= directory after the requested configuration */
static unsigned long long fnv1a(const char *s, unsigned long long h)
{
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static int strcmp_ptr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* CONFIG_FOO and FOO, sorted and unique */
static void config_symbols(const struct strvec *in, struct strvec *out)
{
	for (size_t i = 0; i < in->n; i++) {
		const char *s = in->v[i];

		if (starts_with(s, "CONFIG_"))
			s += strlen("CONFIG_");
		if (*s && !strvec_contains(out, s))
			strvec_push(out, s);
	}
	qsort(out->v, out->n, sizeof(*out->v), strcmp_ptr);
}

static char *config_key(const struct strvec *syms)
{
	unsigned long long h = fnv1a("defconfig -WERROR -LOCALVERSION_AUTO",
				   14695981039346656037ULL);

	for (size_t i = 0; i < syms->n; i++) {
		h = fnv1a(" ", h);
		h = fnv1a(syms->v[i], h);
	}
	return xasprintf("%08llx", h & 0xffffffffULL);
}

static void make_args(const struct kbuild *kb, struct child *c)
{
	strvec_pushl(&c->args, "make", "-C", kb->src, NULL);
	strvec_pushf(&c->args, "O=%s", kb->obj);
	/* kbuild unexports LC_ALL; gcc's quotes follow LC_CTYPE */
	strvec_pushl(&c->env, "LANG=C", "LC_CTYPE=C", "LC_MESSAGES=C",
		     "LC_ALL", "KBUILD_VERBOSE", "ARCH", "CROSS_COMPILE",
		     NULL);
}

static int run_make(const struct kbuild *kb, const char *first, ...)
{
	struct child c = CHILD_INIT;
	struct buf out = BUF_INIT;
	const char *s;
	va_list ap;
	int ret;

	make_args(kb, &c);
	strvec_push(&c.args, first);
	va_start(ap, first);
	while ((s = va_arg(ap, const char *)))
		strvec_push(&c.args, s);
	va_end(ap);
	if (kb->verbose)
		fprintf(stderr, "fsconv: make %s\n", first);
	ret = child_run_capture(&c, &out, NULL, 0);
	if (ret) {
		fputs(out.data, stderr);
		error("'make %s' in '%s' failed", c.args.v[4], kb->obj);
	}
	child_release(&c);
	buf_release(&out);
	return ret ? -1 : 0;
}

/* symbols that did not make it into .config (unmet dependencies) */
static void config_missing(struct kbuild *kb, const struct strvec *syms)
{
	char *path = path_join(kb->obj, ".config");
	struct buf cfg = BUF_INIT;

	buf_read_file(&cfg, path);
	for (size_t i = 0; i < syms->n; i++) {
		char *y = xasprintf("\nCONFIG_%s=y\n", syms->v[i]);
		char *m = xasprintf("\nCONFIG_%s=m\n", syms->v[i]);

		if (!strstr(cfg.data, y) && !strstr(cfg.data, m))
			strvec_push(&kb->missing, syms->v[i]);
		free(y);
		free(m);
	}
	buf_release(&cfg);
	free(path);
}

static int write_config(struct kbuild *kb, const struct strvec *syms)
{
	char *script = path_join(kb->src, "scripts/config");
	char *config = path_join(kb->obj, ".config");
	struct child c = CHILD_INIT;
	int ret;

	if (run_make(kb, "defconfig", NULL))
		goto fail;
	/* one scripts/config run: --enable A --enable B ... */
	strvec_pushl(&c.args, script, "--file", config, "--disable", "WERROR",
		     "--disable", "LOCALVERSION_AUTO", NULL);
	for (size_t i = 0; i < syms->n; i++)
		strvec_pushl(&c.args, "--enable", syms->v[i], NULL);
	c.no_stdin = 1;
	ret = child_start(&c) ? -1 : child_finish(&c);
	child_release(&c);
	if (ret) {
		error("'%s' failed", script);
		goto fail;
	}
	if (run_make(kb, "olddefconfig", NULL))
		goto fail;
	free(script);
	free(config);
	return 0;
fail:
	free(script);
	free(config);
	return -1;
}

/*
 * The stamp records the .config that make prepare ran with; a missing or
 * different stamp means the directory is new or was left half done.
 */
static int prepare(struct kbuild *kb, const struct strvec *syms)
{
	char *stamp = path_join(kb->obj, ".fsconv-prepared");
	char *config = path_join(kb->obj, ".config");
	struct buf want = BUF_INIT, have = BUF_INIT;
	long long start = now_ms();
	int ret = -1;

	if (buf_read_file(&want, config) || !is_file(stamp)) {
		if (write_config(kb, syms))
			goto out;
		buf_reset(&want);
		buf_read_file(&want, config);
	}
	buf_read_file(&have, stamp);
	if (have.len == want.len && !memcmp(have.data, want.data, want.len)) {
		ret = 0;
		goto out;
	}
	fprintf(stderr, "fsconv: make prepare in '%s' (once per "
		"configuration)\n", kb->obj);
	{
		char *j = xasprintf("-j%d", kb->jobs);

		ret = run_make(kb, j, "prepare", NULL);
		free(j);
	}
	if (!ret)
		ret = write_file_atomic(stamp, want.data, want.len);
	kb->prepare_ms = now_ms() - start;
out:
	config_missing(kb, syms);
	buf_release(&want);
	buf_release(&have);
	free(stamp);
	free(config);
	return ret;
}

/* ---- opening a tree's build -------------------------------------------- */

/* "/work/main/build/linux-6.12" -> "work-main-build-linux-6.12" */
static char *tree_slug(const char *tree)
{
	char *slug = xstrdup(tree + (*tree == '/'));

	for (char *p = slug; *p; p++)
		if (*p == '/' || *p == ' ')
			*p = '-';
	return slug;
}

static int take_lock(struct kbuild *kb)
{
	char *path = path_join(kb->dir, "lock");

	kb->lockfd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (kb->lockfd < 0) {
		error("cannot open '%s':", path);
		free(path);
		return -1;
	}
	if (flock(kb->lockfd, LOCK_EX | LOCK_NB)) {
		fprintf(stderr, "fsconv: waiting for another fsconv using "
			"'%s'\n", kb->dir);
		if (flock(kb->lockfd, LOCK_EX)) {
			error("cannot lock '%s':", path);
			free(path);
			return -1;
		}
	}
	free(path);
	return 0;
}

static int make_clone(struct kbuild *kb)
{
	char *git = path_join(kb->src, ".git");
	int ret = 0;

	if (!is_dir(git)) {
		remove_tree(kb->src);
		ret = run_quiet(kb->dir, NULL, "git", "clone", "-q", "--shared",
				"--no-checkout", kb->tree, kb->src, NULL);
		if (!ret)
			ret = run_quiet(kb->src, NULL, "git", "config",
					"gc.auto", "0", NULL);
	}
	free(git);
	return ret;
}

int kbuild_open(struct kbuild *kb, const char *root, const char *tree,
		const struct strvec *symbols, int jobs, int verbose)
{
	struct strvec syms = STRVEC_INIT;
	char real[PATH_MAX], *slug, *key, *sha;
	int ret = -1;

	memset(kb, 0, sizeof(*kb));
	strvec_init(&kb->missing);
	kb->lockfd = -1;
	kb->jobs = jobs > 0 ? jobs : online_cpus();
	kb->verbose = verbose;
	if (!realpath(tree, real))
		return error("cannot find tree '%s':", tree);
	if (strpbrk(real, " \t'\"\\"))
		return error("tree path '%s' has characters make cannot "
			     "pass through", real);
	kb->tree = xstrdup(real);
	if (git_resolve(kb->tree, "HEAD", &sha))
		return error("tree '%s' is not a git repository with a "
			     "commit; the verification compares revisions",
			     kb->tree);
	free(sha);
	slug = tree_slug(kb->tree);
	if (root) {
		char abs[PATH_MAX];

		if (mkdirs(root, 0755) || !realpath(root, abs)) {
			free(slug);
			return error("cannot create '%s':", root);
		}
		kb->dir = path_join(abs, slug);
	}
	else
		kb->dir = xasprintf("%s/build/verify/%s", fsconv_home(), slug);
	free(slug);
	config_symbols(symbols, &syms);
	key = config_key(&syms);
	kb->src = path_join(kb->dir, "src");
	kb->obj = xasprintf("%s/obj-%s", kb->dir, key);
	free(key);
	if (mkdirs(kb->obj, 0755)) {
		error("cannot create '%s':", kb->obj);
		goto out;
	}
	if (take_lock(kb) || make_clone(kb) || add_alternate(kb, kb->tree))
		goto out;
	/* kbuild needs a checked-out tree before anything else */
	{
		char *mk = path_join(kb->src, "Makefile");
		bool have = is_file(mk);

		free(mk);
		if (!have && run_quiet(kb->src, NULL, "git", "checkout", "-q",
				       "-f", "--detach", "HEAD", NULL))
			goto out;
	}
	ret = prepare(kb, &syms);
out:
	strvec_clear(&syms);
	return ret;
}

void kbuild_release(struct kbuild *kb)
{
	if (kb->lockfd >= 0)
		close(kb->lockfd);
	free(kb->tree);
	free(kb->dir);
	free(kb->src);
	free(kb->obj);
	strvec_clear(&kb->missing);
	memset(kb, 0, sizeof(*kb));
	kb->lockfd = -1;
}

/* ---- states ------------------------------------------------------------ */

void srcstate_init(struct srcstate *st, const char *name, const char *repo,
		   const char *rev)
{
	memset(st, 0, sizeof(*st));
	st->name = xstrdup(name);
	st->repo = xstrdup(repo);
	st->rev = xstrdup(rev);
}

void srcstate_add(struct srcstate *st, const char *repo, const char *rev,
		  const char *dir, const struct strvec *files)
{
	struct overlay *o;

	st->ov = xreallocarray(st->ov, st->nov + 1, sizeof(*st->ov));
	o = &st->ov[st->nov++];
	o->repo = repo ? xstrdup(repo) : NULL;
	o->rev = rev ? xstrdup(rev) : NULL;
	o->dir = dir ? xstrdup(dir) : NULL;
	strvec_init(&o->files);
	strvec_pushv(&o->files, (const char *const *)files->v);
}

void srcstate_release(struct srcstate *st)
{
	for (size_t i = 0; i < st->nov; i++) {
		free(st->ov[i].repo);
		free(st->ov[i].rev);
		free(st->ov[i].dir);
		strvec_clear(&st->ov[i].files);
	}
	free(st->ov);
	free(st->name);
	free(st->repo);
	free(st->rev);
	memset(st, 0, sizeof(*st));
}

/* the contents of path in an overlay; 1 if it has no such file */
static int overlay_read(const struct kbuild *kb, const struct overlay *o,
			const char *path, struct buf *out)
{
	if (o->rev) {
		char *spec = xasprintf("%s:%s", o->rev, path);
		const char *argv[] = { "git", "cat-file", "blob", spec, NULL };
		int ret = run_argv_capture(kb->src, argv, out);

		free(spec);
		return ret ? 1 : 0;
	} else {
		char *file = path_join(o->dir, path);
		int ret = buf_read_file(out, file) ? 1 : 0;

		free(file);
		return ret;
	}
}

/* write only what differs, so make rebuilds only what changed */
static int overlay_apply(const struct kbuild *kb, const struct overlay *o)
{
	int ret = 0;

	for (size_t i = 0; i < o->files.n && !ret; i++) {
		struct buf want = BUF_INIT, have = BUF_INIT;
		char *dst = path_join(kb->src, o->files.v[i]);

		if (overlay_read(kb, o, o->files.v[i], &want)) {
			if (unlink(dst) && errno != ENOENT)
				ret = error("cannot remove '%s':", dst);
		} else if (buf_read_file(&have, dst) || have.len != want.len ||
			   memcmp(have.data, want.data, want.len)) {
			char *slash = strrchr(dst, '/');

			*slash = '\0';
			mkdirs(dst, 0755);
			*slash = '/';
			ret = write_file_atomic(dst, want.data, want.len);
		}
		buf_release(&want);
		buf_release(&have);
		free(dst);
	}
	return ret;
}

int kbuild_checkout(struct kbuild *kb, const struct srcstate *st)
{
	if (add_alternate(kb, st->repo))
		return -1;
	for (size_t i = 0; i < st->nov; i++)
		if (st->ov[i].repo && add_alternate(kb, st->ov[i].repo))
			return -1;
	if (run_quiet(kb->src, NULL, "git", "checkout", "-q", "-f",
		      "--detach", st->rev, NULL) ||
	    run_quiet(kb->src, NULL, "git", "clean", "-q", "-f", "-d", NULL))
		return -1;
	for (size_t i = 0; i < st->nov; i++)
		if (overlay_apply(kb, &st->ov[i]))
			return -1;
	return 0;
}

/* ---- make and what the compiler said ----------------------------------- */

void objres_init(struct objres *r, const char *src)
{
	size_t n = strlen(src);

	memset(r, 0, sizeof(*r));
	r->src = xstrdup(src);
	r->obj = xstrdup(src);
	if (n > 2 && !strcmp(src + n - 2, ".c"))
		r->obj[n - 1] = 'o';
	buf_init(&r->check);
}

void diag_release(struct diag *d)
{
	free(d->file);
	free(d->func);
	free(d->kind);
	free(d->msg);
}

/* forget the outcome, keep the names */
void objres_clear(struct objres *r)
{
	for (size_t i = 0; i < r->ndiags; i++)
		diag_release(&r->diags[i]);
	free(r->diags);
	r->diags = NULL;
	r->ndiags = 0;
	r->attempted = r->built = false;
	buf_release(&r->check);
}

/* gcc says ‘x’ under a UTF-8 locale and 'x' under C; keep the latter */
static char *ascii_quotes(const char *s)
{
	struct buf b = BUF_INIT;

	while (*s) {
		if (!strncmp(s, "\xe2\x80\x98", 3) ||
		    !strncmp(s, "\xe2\x80\x99", 3)) {
			buf_addch(&b, '\'');
			s += 3;
		} else {
			buf_addch(&b, *s++);
		}
	}
	return buf_detach(&b);
}

static const char *tree_rel(const struct kbuild *kb, const char *path)
{
	size_t n = strlen(kb->src);

	if (!strncmp(path, kb->src, n) && path[n] == '/')
		return path + n + 1;
	return path;
}

static void add_diag(struct objres *r, const struct kbuild *kb,
		     const char *file, int line, int col, const char *func,
		     const char *kind, const char *msg)
{
	struct diag *d;

	r->diags = xreallocarray(r->diags, r->ndiags + 1, sizeof(*r->diags));
	d = &r->diags[r->ndiags++];
	d->file = xstrdup(tree_rel(kb, file));
	d->line = line;
	d->col = col;
	d->func = xstrdup(func ? func : "");
	d->kind = xstrdup(kind);
	d->msg = xstrdup(msg);
}

/*
 * One line of a CC block: "F: In function 'f':", "F: At top level:",
 * "F:L:C: error|warning: msg" (notes and include chains are skipped), or
 * objtool's "x.o: warning: objtool: f+0x12: msg".
 */
static void parse_cc_line(const struct kbuild *kb, struct objres *r,
			  const char *line, char **func, char **func_file)
{
	const char *p;
	char file[PATH_MAX], kind[32];
	int ln, col, n = 0;

	if ((p = strstr(line, ": In function '")) && ends_with(line, "':")) {
		free(*func);
		free(*func_file);
		*func_file = xstrndup(line, (size_t)(p - line));
		p += strlen(": In function '");
		*func = xstrndup(p, strlen(p) - 2);
		return;
	}
	if ((p = strstr(line, ": At top level:"))) {
		free(*func);
		*func = NULL;
		return;
	}
	if (sscanf(line, "%4095[^:]:%d:%d: %31[a-z ]: %n", file, &ln, &col,
		   kind, &n) == 4 && n) {
		const char *f = *func_file && !strcmp(*func_file, file) ?
					*func : NULL;

		if (!strcmp(kind, "fatal error"))
			strcpy(kind, "error");
		if (!strcmp(kind, "error") || !strcmp(kind, "warning"))
			add_diag(r, kb, file, ln, col, f, kind, line + n);
		return;
	}
	if ((p = strstr(line, ": warning: objtool: "))) {
		const char *fn = p + strlen(": warning: objtool: ");
		const char *plus = strstr(fn, "+0x"), *rest;
		char *name, *msg;

		if (!plus || !(rest = strstr(plus, ": ")))
			return;
		name = xstrndup(fn, (size_t)(plus - fn));
		msg = xasprintf("objtool: %s", rest + 2);
		add_diag(r, kb, r->src, 0, 0, name, "warning", msg);
		free(name);
		free(msg);
	}
}

static struct objres *find_res(const struct kbuild *kb, struct objres *res,
			       size_t n, const char *what, bool by_src)
{
	const char *rel = tree_rel(kb, what);

	for (size_t i = 0; i < n; i++)
		if (!strcmp(by_src ? res[i].src : res[i].obj, rel))
			return &res[i];
	return NULL;
}

/*
 * make -Otarget keeps each target's output together, and kbuild starts
 * each command's output with its quiet line: "  CC      fs/x/y.o" for
 * the compiler, "  CHECK   /src/fs/x/y.c" for the checker.
 */
static void parse_make_output(const struct kbuild *kb, struct objres *res,
			      size_t n, const char *out)
{
	struct strvec lines = STRVEC_INIT;
	struct objres *cur = NULL;
	bool in_check = false;
	char *func = NULL, *func_file = NULL;

	strvec_split_lines(&lines, out);
	for (size_t i = 0; i < lines.n; i++) {
		char *line = ascii_quotes(lines.v[i]);
		char tag[16], what[PATH_MAX];

		if (line[0] == ' ' && line[1] == ' ' &&
		    isupper((unsigned char)line[2]) &&
		    sscanf(line, " %15[A-Z0-9_] %4095s", tag, what) == 2) {
			in_check = !strcmp(tag, "CHECK");
			cur = find_res(kb, res, n, what, in_check);
			if (cur && !in_check)
				cur->attempted = true;
			free(func);
			func = NULL;
		} else if (cur && in_check) {
			buf_addf(&cur->check, "%s\n", line);
		} else if (cur && !starts_with(line, "make")) {
			parse_cc_line(kb, cur, line, &func, &func_file);
		}
		free(line);
	}
	free(func);
	free(func_file);
	strvec_clear(&lines);
}

int kbuild_make(struct kbuild *kb, struct objres *res, size_t n,
		const char *check, long long *ms)
{
	struct child c = CHILD_INIT;
	struct buf out = BUF_INIT;
	long long start = now_ms();
	int ret;

	if (!n)
		return 0;
	make_args(kb, &c);
	strvec_pushl(&c.args, "-k", "-Otarget", NULL);
	strvec_pushf(&c.args, "-j%d", kb->jobs);
	if (check) {
		strvec_push(&c.args, "C=2");
		strvec_pushf(&c.args, "CHECK=%s", check);
	}
	for (size_t i = 0; i < n; i++) {
		char *o = path_join(kb->obj, res[i].obj);

		objres_clear(&res[i]);
		/* what exists after make is what compiled now */
		unlink(o);
		free(o);
		strvec_push(&c.args, res[i].obj);
	}
	if (kb->verbose)
		fprintf(stderr, "fsconv: make %zu object%s in '%s'\n", n,
			n == 1 ? "" : "s", kb->obj);
	ret = child_run_capture(&c, &out, NULL, 0);
	child_release(&c);
	if (ret < 0) {
		buf_release(&out);
		return -1;
	}
	parse_make_output(kb, res, n, out.data);
	for (size_t i = 0; i < n; i++) {
		char *o = path_join(kb->obj, res[i].obj);

		res[i].built = is_file(o);
		free(o);
	}
	if (kb->verbose > 1)
		fputs(out.data, stderr);
	buf_release(&out);
	if (ms)
		*ms = now_ms() - start;
	return 0;
}

/* ---- the saved command line -------------------------------------------- */

/* split a shell command line as sh would, for kbuild's own quoting */
static void shell_split(const char *s, struct strvec *out)
{
	struct buf word = BUF_INIT;
	bool in_word = false;

	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n') {
			if (in_word)
				strvec_push(out, word.data);
			buf_reset(&word);
			in_word = false;
			continue;
		}
		in_word = true;
		if (*s == '\'') {
			while (*++s && *s != '\'')
				buf_addch(&word, *s);
			if (!*s)
				break;
		} else if (*s == '"') {
			while (*++s && *s != '"') {
				if (*s == '\\' && strchr("\"\\$`", s[1]))
					s++;
				buf_addch(&word, *s);
			}
			if (!*s)
				break;
		} else if (*s == '\\' && s[1]) {
			buf_addch(&word, *++s);
		} else {
			buf_addch(&word, *s);
		}
	}
	if (in_word)
		strvec_push(out, word.data);
	buf_release(&word);
}

int kbuild_cmd_args(const struct kbuild *kb, const char *obj,
		    struct strvec *args)
{
	const char *slash = strrchr(obj, '/');
	char *cmd = xasprintf("%s/%.*s/.%s.cmd", kb->obj,
			      slash ? (int)(slash - obj) : 0, obj,
			      slash ? slash + 1 : obj);
	char *key = xasprintf("savedcmd_%s := ", obj);
	struct buf text = BUF_INIT;
	int ret = -1;

	if (!slash) {
		free(cmd);
		cmd = xasprintf("%s/.%s.cmd", kb->obj, obj);
	}
	if (!buf_read_file(&text, cmd)) {
		char *p = strstr(text.data, key), *nl;

		if (p) {
			p += strlen(key);
			nl = strchr(p, '\n');
			if (nl)
				*nl = '\0';
			shell_split(p, args);
			ret = 0;
		}
	}
	buf_release(&text);
	free(cmd);
	free(key);
	return ret;
}

