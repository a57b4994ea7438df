// SPDX-License-Identifier: GPL-2.0
/*
 * The hand-off stage, in the manner of b4's `send -o DIR`: a series per
 * filesystem, checked (checkpatch, applies on its base) and addressed
 * (get_maintainer.pl) but never sent; `fsconv send --dry-run` prints the
 * git send-email command instead.
 *
 * Each version directory holds the patches and a small manifest (base,
 * tip, fingerprint, change-id, recipients, checkpatch findings, one line
 * per patch).  The fingerprint covers what a reviewer would see (base,
 * commit messages and diffs, the cover letter's body); when it matches
 * the latest version nothing is written.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <limits.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "fsconv.h"
#include "handoff.h"
#include "jobs.h"
#include "options.h"
#include "results.h"
#include "series.h"
#include "vfsfold.h"

#define FSDEVEL "linux-fsdevel@vger.kernel.org"

/* a get_maintainer.pl run of the hand-off, beside the others */
struct task {
	struct series *s;
	struct strvec *into;	/* where the addresses go */
	struct strvec argv;
	char *label;
};

struct tasks {
	struct task *v;
	size_t n, next;
};

static void task_add(struct tasks *t, struct series *s, struct strvec *into,
		     const char *which, const char *file)
{
	struct task *k;

	t->v = xreallocarray(t->v, t->n + 1, sizeof(*t->v));
	k = &t->v[t->n++];
	k->s = s;
	k->into = into;
	k->label = xasprintf("%s: get_maintainer %s", s->name, which);
	strvec_init(&k->argv);
	strvec_pushl(&k->argv, "perl", NULL);
	strvec_pushf(&k->argv, "%s/scripts/get_maintainer.pl", s->ws->tree);
	strvec_pushl(&k->argv, "--nogit", "--nogit-fallback",
		     "--nogit-chief-penguins", "--norolestats", which, file,
		     NULL);
}

static int task_next(void *ctx, struct job *job)
{
	struct tasks *t = ctx;
	struct task *k;

	if (t->next >= t->n)
		return 0;
	k = &t->v[t->next++];
	strvec_pushv(&job->child.args, (const char *const *)k->argv.v);
	job->child.dir = k->s->ws->tree;
	job->label = xstrdup(k->label);
	job->timeout_ms = 300 * 1000;
	job->cookie = k;
	return 1;
}

/* keep the lines that are addresses: stderr shares the pipe */
static int task_done(void *ctx, struct job *job, int status)
{
	struct task *k = job->cookie;
	struct strvec lines = STRVEC_INIT;

	(void)ctx;
	if (status) {
		strvec_push(&k->s->notes, "needs-auto-to-cc: "
			    "get_maintainer.pl failed");
		return 0;
	}
	strvec_split_lines(&lines, job->output.data);
	for (size_t i = 0; i < lines.n; i++)
		if (strchr(lines.v[i], '@') && !strstr(lines.v[i], ": ") &&
		    !strvec_contains(k->into, lines.v[i]))
			strvec_push(k->into, lines.v[i]);
	strvec_clear(&lines);
	return 0;
}

/*
 * To: the maintainers, Cc: lists and reviewers, and linux-fsdevel
 * always; the tree's get_maintainer.pl with b4's flags, every series'
 * runs in parallel.  The fold patch goes to the VFS maintainers and is
 * copied to every filesystem's.
 */
static void recipients(struct series **v, size_t n)
{
	struct tasks t = { 0 };
	struct jobs_opts jo = { .maxjobs = opts.jobs, .quiet = opts.quiet,
				.verbose = opts.verbose };
	int sig = 0;

	for (size_t i = 0; i < n; i++) {
		struct series *s = v[i];
		char *gm = path_join(s->ws->tree, "scripts/get_maintainer.pl");

		if (!is_file(gm)) {
			strvec_push(&s->notes, "needs-auto-to-cc: no "
				    "scripts/get_maintainer.pl in the tree");
			warning("%s: no scripts/get_maintainer.pl in '%s': "
				"only %s is addressed", s->name, s->ws->tree,
				FSDEVEL);
		} else if (s->cover) {
			task_add(&t, s, &s->cur.to, "--nol", s->diff);
			task_add(&t, s, &s->cur.cc, "--nom", s->diff);
		} else {
			char *vfs = path_join(s->ws->tree, "fs/dcache.c");

			task_add(&t, s, &s->cur.to, "--nol", vfs);
			task_add(&t, s, &s->cur.cc, "--nol", s->diff);
			task_add(&t, s, &s->cur.cc, "--nom", s->diff);
			free(vfs);
		}
		free(gm);
	}
	if (t.n && jobs_run(&jo, task_next, task_done, &t, (int)t.n,
			    &sig) < 0 && sig)
		temp_die_by_signal(sig);
	for (size_t i = 0; i < n; i++) {
		struct strvec *cc = &v[i]->cur.cc, keep = STRVEC_INIT;

		strvec_push(cc, FSDEVEL);
		for (size_t j = 0; j < cc->n; j++)
			if (!strvec_contains(&v[i]->cur.to, cc->v[j]) &&
			    !strvec_contains(&keep, cc->v[j]))
				strvec_push(&keep, cc->v[j]);
		strvec_clear(cc);
		*cc = keep;
	}
	for (size_t i = 0; i < t.n; i++) {
		strvec_clear(&t.v[i].argv);
		free(t.v[i].label);
	}
	free(t.v);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* the *.patch files of a directory, sorted */
static void list_patches(const char *dir, struct strvec *out)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d)))
		if (ends_with(de->d_name, ".patch"))
			strvec_push(out, de->d_name);
	closedir(d);
	qsort(out->v, out->n, sizeof(*out->v), cmp_str);
}

/*
 * checkpatch.pl exits 1 for a warning, which jobs_run() would call a
 * failed job, so it runs here, one patch at a time.  0, -1 when the
 * tree has no checkpatch.pl, or -2 (after an error()) when it failed.
 */
static int checkpatch(struct series *s, const char *patch, struct buf *out)
{
	char *path = path_join(s->ws->tree, "scripts/checkpatch.pl");
	struct child c = CHILD_INIT;
	struct buf err = BUF_INIT;
	int ret = 0;

	if (!is_file(path)) {
		free(path);
		return -1;
	}
	strvec_pushl(&c.args, "perl", path, "-q", "--terse", "--no-summary",
		     "--showfile", patch, NULL);
	c.dir = s->ws->tree;
	ret = child_run_capture(&c, out, &err, 300 * 1000);
	if (ret < 0 || ret > 1) {
		buf_rtrim(&err);
		ret = error("%s: checkpatch.pl failed on '%s': %.*s", s->name,
			    patch, (int)strcspn(err.data, "\n"), err.data) - 1;
	} else {
		/* exit 1 only says there were findings: they are in out */
		ret = 0;
	}
	free(path);
	child_release(&c);
	buf_release(&err);
	return ret;
}

/*
 * checkpatch on every patch but the cover, findings into the manifest
 * and checkpatch.txt; ERRORs fail the series later.  -1 if it could not
 * run.
 */
static int run_checkpatch(struct series *s, const struct strvec *patches)
{
	struct buf all = BUF_INIT;
	char dir[PATH_MAX];
	int ret = 0;

	/* checkpatch runs in the tree: the patches need absolute paths */
	if (!realpath(s->tmp, dir))
		return error("cannot find '%s':", s->tmp);
	for (size_t i = 0; !ret && i < patches->n; i++) {
		struct strvec lines = STRVEC_INIT;
		struct buf out = BUF_INIT;
		char *path;

		if (strstr(patches->v[i], "0000-cover-letter"))
			continue;
		path = path_join(dir, patches->v[i]);
		ret = checkpatch(s, path, &out);
		free(path);
		if (ret == -1) {
			strvec_push(&s->notes, "needs-checking: no "
				    "scripts/checkpatch.pl in the tree");
			warning("%s: no scripts/checkpatch.pl in '%s': the "
				"patches are not checked", s->name,
				s->ws->tree);
			ret = 0;
			buf_release(&out);
			break;
		}
		strvec_split_lines(&lines, out.data);
		for (size_t j = 0; j < lines.n; j++) {
			strvec_pushf(&s->cur.checkpatch, "%s: %s",
				     patches->v[i], lines.v[j]);
			buf_addf(&all, "%s: %s\n", patches->v[i], lines.v[j]);
			if (strstr(lines.v[j], ": ERROR:"))
				s->cur.checkpatch_errors++;
		}
		strvec_clear(&lines);
		buf_release(&out);
	}
	if (all.len) {
		char *p = path_join(s->tmp, "checkpatch.txt");

		write_file_atomic(p, all.data, all.len);
		free(p);
	}
	buf_release(&all);
	return ret ? -1 : 0;
}

/*
 * The series must reproduce the branch: apply every patch to a temporary
 * index of the base (what `git am` would do) and compare the trees.
 */
static int check_applies(struct series *s, const struct strvec *patches)
{
	char *index = xasprintf("%s/work/%s.check-index", s->ws->cache,
				s->name);
	struct buf got = BUF_INIT, want = BUF_INIT;
	char *tip_tree = xasprintf("%s^{tree}", s->tip);
	int ret = -1;

	temp_register(index);
	if (mkdirs_for_file(index) ||
	    ws_gitl(s->ws, index, NULL, "read-tree", s->base, NULL))
		goto out;
	for (size_t i = 0; i < patches->n; i++) {
		char *path;
		int bad;

		if (strstr(patches->v[i], "0000-cover-letter"))
			continue;
		path = path_join(s->tmp, patches->v[i]);
		bad = ws_gitl(s->ws, index, NULL, "apply", "--cached",
			      "--whitespace=nowarn", path, NULL);
		free(path);
		if (bad) {
			error("%s: '%s' does not apply on %.12s", s->name,
			      patches->v[i], s->base);
			goto out;
		}
	}
	if (ws_gitl(s->ws, index, &got, "write-tree", NULL) ||
	    ws_gitl(s->ws, NULL, &want, "rev-parse", tip_tree, NULL))
		goto out;
	ret = strcmp(got.data, want.data) ? -1 : 0;
	if (ret)
		error("%s: the series applied on %.12s does not give the "
		      "converted tree", s->name, s->base);
out:
	temp_remove(index);
	free(index);
	free(tip_tree);
	buf_release(&got);
	buf_release(&want);
	return ret;
}

static int write_range_diff(struct series *s)
{
	char *old = xasprintf("%s..%s", s->prev.base, s->prev.tip);
	char *new = xasprintf("%s..%s", s->base, s->tip);
	char *file = xasprintf("%s/range-diff-v%d.txt", s->tmp,
			       s->prev.version);
	struct buf out = BUF_INIT;
	int ret = ws_gitl(s->ws, NULL, &out, "range-diff", "--no-color", old,
			  new, NULL);

	if (!ret)
		ret = write_file_atomic(file, out.data, out.len);
	free(old);
	free(new);
	free(file);
	buf_release(&out);
	return ret;
}

static int format_patch(struct series *s)
{
	struct strvec argv = STRVEC_INIT;
	char *range = xasprintf("%s..%s", s->base, s->tip);
	int ret;

	strvec_pushl(&argv, "format-patch", "--quiet", "--thread",
		     "--no-signoff", NULL);
	strvec_pushf(&argv, "--base=%s", s->base);
	strvec_pushf(&argv, "--output-directory=%s", s->tmp);
	if (s->cover)
		strvec_push(&argv, "--cover-letter");
	if (s->version > 1)
		strvec_pushf(&argv, "--reroll-count=%d", s->version);
	if (s->version > 1 && s->cover && s->range_diff)
		strvec_pushf(&argv, "--range-diff=%s..%s", s->prev.base,
			     s->prev.tip);
	for (size_t i = 0; i < s->cur.to.n; i++)
		strvec_pushf(&argv, "--to=%s", s->cur.to.v[i]);
	for (size_t i = 0; i < s->cur.cc.n; i++)
		strvec_pushf(&argv, "--cc=%s", s->cur.cc.v[i]);
	strvec_pushl(&argv, range, NULL);
	ret = ws_git(s->ws, NULL, NULL, (const char *const *)argv.v);
	strvec_clear(&argv);
	free(range);
	return ret;
}

/*
 * Build version s->version in s->tmp once the recipients are known:
 * format-patch, cover, checkpatch, the apply check, the range-diff and
 * the manifest.
 */
static int build_version(struct series *s)
{
	struct strvec patches = STRVEC_INIT;
	int ret = -1;

	if (format_patch(s))
		goto out;
	list_patches(s->tmp, &patches);
	if (s->cover) {
		char *cover = patches.n ? path_join(s->tmp, patches.v[0]) :
					  NULL;
		int bad = !cover || cover_fill(s, cover);

		free(cover);
		if (bad)
			goto out;
	}
	if (run_checkpatch(s, &patches) || check_applies(s, &patches))
		goto out;
	if (s->prev.version && s->range_diff && write_range_diff(s))
		goto out;
	ret = manifest_save(&s->cur, s->tmp);
out:
	strvec_clear(&patches);
	return ret;
}

/* a failed series goes to <dir>/failed for a look, replacing the last */
static void keep_failed(struct series *s)
{
	char *failed = path_join(s->dir, "failed");

	remove_tree(failed);
	if (rename(s->tmp, failed))
		warning("cannot rename '%s' to '%s': %s", s->tmp, failed,
			strerror(errno));
	free(failed);
}

static void copy_handoff(struct fs_result *r, const struct manifest *m)
{
	strvec_clear(&r->to);
	strvec_clear(&r->cc);
	strvec_clear(&r->checkpatch);
	strvec_pushv(&r->to, (const char *const *)m->to.v);
	strvec_pushv(&r->cc, (const char *const *)m->cc.v);
	strvec_pushv(&r->checkpatch, (const char *const *)m->checkpatch.v);
	r->checkpatch_errors = m->checkpatch_errors;
}

static int series_publish(struct series *s)
{
	char *vdir = xasprintf("%s/v%d", s->dir, s->version);
	char *ref = xasprintf("refs/fsconv/sent/%s/v%d", s->name, s->version);
	int ret = 0;

	/* rename() would replace an empty directory: never a version */
	if (!access(vdir, F_OK) || rename(s->tmp, vdir)) {
		ret = error("%s: cannot create '%s': %s", s->name, vdir,
			    errno ? strerror(errno) : "it exists");
		keep_failed(s);
	} else {
		temp_remove(s->tmp);
		/* keeps the commits alive for the next range-diff */
		ws_gitl(s->ws, NULL, NULL, "update-ref", ref, s->tip, NULL);
	}
	free(vdir);
	free(ref);
	return ret;
}

/*
 * Decide what a series needs: nothing when the latest version has the
 * same fingerprint (the result says so), else a new version, set up
 * here (s->build) and built once the recipients are known.
 */
static int series_prepare(struct series *s)
{
	struct fs_result *r = s->res;
	struct buf text = BUF_INIT;
	int latest;

	s->dir = path_join(opts.out, s->name);
	latest = latest_version(s->dir);
	if (latest) {
		char *vdir = xasprintf("%s/v%d", s->dir, latest);

		manifest_load(&s->prev, vdir);
		free(vdir);
	}
	s->cur.base = xstrdup(s->base);
	s->cur.tip = xstrdup(s->tip);
	if (read_patches(s->ws, s->base, s->tip, &s->cur)) {
		result_set_stage(r, STAGE_HANDOFF, "failed",
				 "cannot read the commits of the series");
		return -1;
	}
	if (s->cover)
		cover_blurb(s);
	s->cur.fingerprint = series_fingerprint(s);
	if (s->prev.version && s->prev.fingerprint == s->cur.fingerprint) {
		copy_handoff(r, &s->prev);
		free(r->series);
		r->series = xasprintf("%s/v%d", s->name, latest);
		result_set_stage(r, STAGE_HANDOFF, "unchanged",
				 "v%d is up to date", latest);
		return 0;
	}
	/* a manifest we cannot read still makes a version we never touch */
	s->version = latest + 1;
	s->cur.version = s->version;
	s->cur.change_id = s->prev.change_id ? xstrdup(s->prev.change_id) :
					       series_change_id(s);
	s->range_diff = s->prev.version &&
			ws_commit_exists(s->ws, s->prev.base) &&
			ws_commit_exists(s->ws, s->prev.tip);
	s->tmp = xasprintf("%s/.v%d.tmp.%ld", s->dir, s->version,
			   (long)getpid());
	s->diff = xasprintf("%s/work/%s.diff", s->ws->cache, s->name);
	temp_register(s->tmp);
	temp_register(s->diff);
	remove_tree(s->tmp);
	if (mkdirs(s->tmp, 0777) || mkdirs_for_file(s->diff) ||
	    ws_gitl(s->ws, NULL, &text, "diff", s->base, s->tip, NULL) ||
	    write_file_atomic(s->diff, text.data, text.len)) {
		buf_release(&text);
		result_set_stage(r, STAGE_HANDOFF, "failed",
				 "cannot set up %s", s->tmp);
		return -1;
	}
	buf_release(&text);
	s->build = true;
	return 0;
}

static int series_finish(struct series *s)
{
	struct fs_result *r = s->res;

	temp_remove(s->diff);
	if (build_version(s)) {
		keep_failed(s);
		result_set_stage(r, STAGE_HANDOFF, "failed",
				 "the series did not build or apply; see %s/failed",
				 s->name);
		return -1;
	}
	copy_handoff(r, &s->cur);
	if (s->cur.checkpatch_errors) {
		keep_failed(s);
		error("%s: checkpatch found %d error(s); the series is in "
		      "'%s/failed'", s->name, s->cur.checkpatch_errors, s->dir);
		result_set_stage(r, STAGE_HANDOFF, "failed",
				 "checkpatch found %d error(s); see %s/failed/checkpatch.txt",
				 s->cur.checkpatch_errors, s->name);
		return -1;
	}
	if (series_publish(s)) {
		result_set_stage(r, STAGE_HANDOFF, "failed",
				 "cannot create %s/v%d", s->name, s->version);
		return -1;
	}
	free(r->series);
	r->series = xasprintf("%s/v%d", s->name, s->version);
	result_set_stage(r, STAGE_HANDOFF, "ok", "v%d: %zu patch(es)%s%s",
			 s->version, s->cur.npatches, s->notes.n ? "; " : "",
			 s->notes.n ? s->notes.v[0] : "");
	if (!opts.quiet)
		printf("%s: wrote %s/v%d (%zu patch(es))\n", s->name, s->dir,
		       s->version, s->cur.npatches);
	return 0;
}

static struct series *series_new(const struct workspace *ws,
				 struct fs_result *r, const char *save_dir)
{
	struct series *s = xcalloc(1, sizeof(*s));

	s->ws = ws;
	s->res = r;
	s->name = r->fs;
	s->save_dir = save_dir;
	s->cover = strcmp(r->fs, "vfs-fold") != 0;
	s->base = r->base;
	s->tip = r->tip;
	buf_init(&s->blurb);
	strvec_init(&s->notes);
	manifest_init(&s->prev);
	manifest_init(&s->cur);
	return s;
}

/* save the result and free everything */
static int series_free(struct series *s)
{
	int ret = result_save(s->res, s->save_dir);

	manifest_release(&s->prev);
	manifest_release(&s->cur);
	buf_release(&s->blurb);
	strvec_clear(&s->notes);
	if (s->diff)
		temp_remove(s->diff);
	free(s->diff);
	free(s->dir);
	free(s->tmp);
	result_release(s->res);
	free(s->res);
	free(s);
	return ret;
}

/* a filesystem's series, or NULL (after an error) without results */
static struct series *fs_series(const struct workspace *ws, const char *name)
{
	struct fs_result *r = xmalloc(sizeof(*r));
	const char *conv;

	if (result_load(r, ws->results, name)) {
		error("no results for '%s': run 'fsconv convert %s' first",
		      name, name);
		result_release(r);
		free(r);
		return NULL;
	}
	/* what an earlier hand-off said is decided again */
	result_set_stage(r, STAGE_HANDOFF, NULL, "%s", "");
	free(r->series);
	r->series = NULL;
	conv = r->stage[STAGE_CONVERT].status;
	if (!conv || strcmp(conv, "ok"))
		result_set_stage(r, STAGE_HANDOFF, "skipped",
				 "the conversion did not succeed");
	else if (r->stage[STAGE_VERIFY].status &&
		 !strcmp(r->stage[STAGE_VERIFY].status, "failed"))
		result_set_stage(r, STAGE_HANDOFF, "skipped",
				 "verification failed: %s",
				 r->stage[STAGE_VERIFY].message);
	else if (!r->base || strcmp(r->base, ws->base))
		result_set_stage(r, STAGE_HANDOFF, "skipped",
				 "converted on another base: run convert again");
	else if (!r->tip || !strcmp(r->tip, r->base))
		result_set_stage(r, STAGE_HANDOFF, "skipped",
				 "nothing to hand off: no rule changed it");
	return series_new(ws, r, ws->results);
}

/* the fold patch's series, or NULL when no filesystem has a part */
static struct series *fold_series(const struct workspace *ws)
{
	struct fs_result *r = fold_result(ws);

	return r ? series_new(ws, r, ws->cache) : NULL;
}

int handoff_run(const struct workspace *ws, const struct strvec *names)
{
	struct series **v = xcalloc(names->n + 1, sizeof(*v)), **build;
	size_t n = 0, nb = 0;
	int failed = 0;

	for (size_t i = 0; i < names->n; i++)
		if ((v[n] = fs_series(ws, names->v[i])))
			n++;
		else
			failed++;
	if ((v[n] = fold_series(ws)) && !v[n++]->res->tip)
		failed++;
	build = xcalloc(n + 1, sizeof(*build));
	for (size_t i = 0; i < n; i++) {
		const char *st = v[i]->res->stage[STAGE_HANDOFF].status;

		if (st || !v[i]->res->tip)
			continue;
		if (series_prepare(v[i]))
			failed++;
		else if (v[i]->build)
			build[nb++] = v[i];
	}
	recipients(build, nb);
	for (size_t i = 0; i < nb; i++)
		failed += !!series_finish(build[i]);
	for (size_t i = 0; i < n; i++)
		failed += !!series_free(v[i]);
	free(build);
	free(v);
	return failed;
}

int cmd_handoff(int argc, const char **argv)
{
	static const char *const usage[] = { "fsconv handoff [FS...]", NULL };
	const struct option options[] = { OPT_END() };
	struct strvec names = STRVEC_INIT;
	struct workspace ws;
	int failed;

	argc = parse_options(argc, argv, options, usage, 0);
	workspace_open(&ws, opts.tree, 0);
	if (argc)
		strvec_pushv(&names, argv);
	else
		result_list(ws.results, &names);
	failed = handoff_run(&ws, &names);
	strvec_clear(&names);
	return failed ? EXIT_FOUND : EXIT_OK;
}

/* 'it'\''s' quoting, for a command line the user pastes into a shell */
static void shell_quote(struct buf *b, const char *s)
{
	if (*s && strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "0123456789@%+=:,./-_") == strlen(s)) {
		buf_adds(b, s);
		return;
	}
	buf_addch(b, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			buf_adds(b, "'\\''");
		else
			buf_addch(b, *s);
	}
	buf_addch(b, '\'');
}

int cmd_send(int argc, const char **argv)
{
	static const char *const usage[] = { "fsconv send --dry-run FS", NULL };
	int dry_run = 0;
	const struct option options[] = {
		OPT_BOOL('n', "dry-run", &dry_run,
			 "print the git send-email command (fsconv never sends)"),
		OPT_END(),
	};
	struct manifest m;
	struct buf cmd = BUF_INIT;
	char *dir, *vdir;
	int latest;

	argc = parse_options(argc, argv, options, usage, 0);
	if (!dry_run)
		die("fsconv never sends mail: 'fsconv send --dry-run FS' "
		    "prints the command to run");
	if (argc != 1)
		die("send takes one filesystem (or vfs-fold)");
	dir = path_join(opts.out, argv[0]);
	latest = latest_version(dir);
	if (!latest)
		die("no series for '%s' in '%s': run 'fsconv run %s' first",
		    argv[0], opts.out, argv[0]);
	vdir = xasprintf("%s/v%d", dir, latest);
	if (manifest_load(&m, vdir))
		die("'%s' has no readable manifest", vdir);
	buf_adds(&cmd, "git send-email");
	for (size_t i = 0; i < m.to.n; i++) {
		buf_adds(&cmd, " --to=");
		shell_quote(&cmd, m.to.v[i]);
	}
	for (size_t i = 0; i < m.cc.n; i++) {
		buf_adds(&cmd, " --cc=");
		shell_quote(&cmd, m.cc.v[i]);
	}
	buf_addch(&cmd, ' ');
	shell_quote(&cmd, vdir);
	/* the glob stays outside the quotes so the shell expands it */
	buf_adds(&cmd, "/*.patch");
	printf("%s\n", cmd.data);
	free(dir);
	free(vdir);
	buf_release(&cmd);
	manifest_release(&m);
	return EXIT_OK;
}
