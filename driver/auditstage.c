// SPDX-License-Identifier: GPL-2.0
/*
 * Which state `fsconv audit` audits, and the audit stage of `fsconv run`.
 *
 * After a run, a filesystem's state is its fsconv/<fs> branch in the
 * scratch repository: the files the branch changed are read with one
 * `git cat-file --batch` and handed to libclang in place of the tree's
 * (kparse_overlay()), so nothing is checked out and the user's tree is
 * only read.  The convert stage's manual sites come from the results
 * file; each was reported on the input of its rule, so its line is
 * carried over to the branch tip through `git diff -U0`.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "audit.h"
#include "commands.h"
#include "fsconv.h"
#include "fstable.h"
#include "options.h"
#include "results.h"
#include "spawn.h"
#include "version.h"
#include "workspace.h"

/* the files under paths that differ between base and tip */
static int branch_files(const struct workspace *ws, const char *base,
			const char *tip, const struct strvec *paths,
			struct strvec *files)
{
	struct strvec argv = STRVEC_INIT;
	struct buf out = BUF_INIT;
	int ret;

	strvec_pushl(&argv, "diff-tree", "-r", "-z", "--no-renames",
		     "--name-only", base, tip, "--", NULL);
	strvec_pushv(&argv, (const char *const *)paths->v);
	ret = ws_git(ws, NULL, &out, (const char *const *)argv.v);
	for (size_t i = 0; !ret && i < out.len; i += strlen(out.data + i) + 1)
		strvec_push(files, out.data + i);
	strvec_clear(&argv);
	buf_release(&out);
	return ret;
}

/*
 * Each file's text at tip, "" for one the branch deleted: one `git
 * cat-file --batch` whose input waits in a temporary file, so that
 * neither side of the pipe can block the other.
 */
static int branch_texts(const struct workspace *ws, const char *tip,
			const struct strvec *files, struct strvec *texts)
{
	struct child c = CHILD_INIT;
	struct buf out = BUF_INIT, err = BUF_INIT;
	FILE *in = tmpfile();
	size_t pos = 0;
	int ret = 0;

	if (!in)
		return error("cannot create a temporary file:");
	for (size_t i = 0; i < files->n; i++)
		fprintf(in, "%s:%s\n", tip, files->v[i]);
	if (fflush(in) || fseek(in, 0, SEEK_SET)) {
		fclose(in);
		return error("cannot write a temporary file:");
	}
	strvec_push(&c.args, "git");
	strvec_pushf(&c.args, "--git-dir=%s", ws->git_dir);
	strvec_pushl(&c.args, "cat-file", "--batch", NULL);
	c.in = fileno(in);
	if (child_run_capture(&c, &out, &err, 0))
		ret = error("git cat-file --batch failed: %.*s",
			    (int)strcspn(err.data, "\n"), err.data);
	/* "<oid> blob <size>\n<contents>\n", or "<name> missing\n" */
	for (size_t i = 0; !ret && i < files->n; i++) {
		const char *head = out.data + pos;
		const char *nl = memchr(head, '\n', out.len - pos);
		unsigned long size;
		char type[16];

		if (!nl) {
			ret = error("git cat-file --batch stopped before '%s'",
				    files->v[i]);
			break;
		}
		if (sscanf(head, "%*s %15s %lu", type, &size) == 2 &&
		    !strcmp(type, "blob") &&
		    (size_t)(nl + 1 - out.data) + size <= out.len) {
			char *t = xstrndup(nl + 1, size);

			strvec_push(texts, t);
			free(t);
			pos = (size_t)(nl + 1 - out.data) + size + 1;
		} else {
			strvec_push(texts, "");
			pos = (size_t)(nl + 1 - out.data);
		}
	}
	child_release(&c);
	buf_release(&out);
	buf_release(&err);
	fclose(in);
	return ret;
}

/*
 * Where line of file at from is at to: a line the diff changed goes to
 * the first line of what replaced it.  0 after an error().
 */
static unsigned int carry_line(const struct workspace *ws, const char *from,
			       const char *to, const char *file,
			       unsigned int line)
{
	struct buf out = BUF_INIT;
	long delta = 0;
	unsigned int ret = line;

	if (ws_gitl(ws, NULL, &out, "diff", "-U0", "--no-color",
		    "--no-ext-diff", from, to, "--", file, NULL)) {
		buf_release(&out);
		return 0;
	}
	for (const char *s = out.data; (s = strstr(s, "\n@@ -")); s++) {
		unsigned long a, b = 1, c, d = 1;
		char *e;

		a = strtoul(s + 5, &e, 10);
		if (*e == ',')
			b = strtoul(e + 1, &e, 10);
		if (strncmp(e, " +", 2))
			break;
		c = strtoul(e + 2, &e, 10);
		if (*e == ',')
			d = strtoul(e + 1, &e, 10);
		/* "-a,0" inserts after line a; "+c,0" deletes after line c */
		if (b ? line < a : line <= a)
			break;
		if (b && line < a + b) {
			ret = (unsigned int)(d ? c : c + 1);
			delta = 0;
			goto out;
		}
		delta += (long)d - (long)b;
	}
	ret = (unsigned int)((long)line + delta);
out:
	buf_release(&out);
	return ret;
}

/* the commit a rule's report mode read: what the rules before it left */
static const char *rule_input(const struct fs_result *r, const char *rule)
{
	const char *in = r->base;

	for (size_t i = 0; i < r->nrules; i++) {
		if (!strcmp(r->rules[i].rule, rule))
			return in;
		if (r->rules[i].commit)
			in = r->rules[i].commit;
	}
	return NULL;
}

/* the convert stage's manual sites, on the lines of the branch tip */
static int add_manual(const struct workspace *ws, const struct fs_result *r,
		      struct audit_fs *af)
{
	for (size_t i = 0; i < r->nmanual; i++) {
		const struct site *s = &r->manual[i];
		const char *from = s->line ? rule_input(r, s->rule) : NULL;
		unsigned int line = (unsigned int)s->line;

		if (from && strcmp(from, r->tip)) {
			line = carry_line(ws, from, r->tip, s->file, line);
			if (!line)
				return -1;
		}
		audit_report_add(af, s->rule, s->file, line,
				 (unsigned int)s->col, s->type, s->message);
	}
	return 0;
}

static char *on_disk(const char *head, const char *why)
{
	if (!head)
		return xasprintf("the tree on disk (%s)", why);
	return xasprintf("the tree on disk at %.12s (%s)", head, why);
}

int audit_fs_converted(const struct workspace *ws, const char *head,
		       struct audit_fs *af)
{
	struct fs_result r;
	int ret = 0;

	if (result_load(&r, ws->results, af->fs->name) || !r.base) {
		af->state = on_disk(head, "no fsconv run");
		goto out;
	}
	if (!r.tip) {
		af->state = on_disk(head, "its conversion failed");
		goto out;
	}
	if (!head || strcmp(r.base, head)) {
		af->state = xasprintf("the tree on disk%s%.12s (fsconv run "
				      "converted %.12s: run it again)",
				      head ? " at " : "", head ? head : "",
				      r.base);
		goto out;
	}
	if (strcmp(r.tip, r.base) && !ws_commit_exists(ws, r.tip)) {
		af->state = on_disk(head, "its branch is gone from the scratch "
				    "repository: run fsconv run again");
		goto out;
	}
	if (!strcmp(r.tip, r.base)) {
		af->state = xasprintf("%.12s, which fsconv run left as it is",
				      r.base);
	} else {
		if (branch_files(ws, r.base, r.tip, &af->fs->paths,
				 &af->overlay) ||
		    branch_texts(ws, r.tip, &af->overlay, &af->texts)) {
			ret = -1;
			goto out;
		}
		af->state = xasprintf("fsconv/%s at %.12s on %.12s, %zu "
				      "file(s) from the branch", r.fs, r.tip,
				      r.base, af->overlay.n);
	}
	ret = add_manual(ws, &r, af);
out:
	result_release(&r);
	return ret;
}

/*
 * What an audit of the branch depends on: the branch and its base (the
 * headers outside the filesystem), the convert stage's reports (its memo
 * covers them and fstable's entry), fsconv itself.
 */
static char *audit_key(const struct fs_result *r, const struct fs_entry *fs)
{
	uint64_t h = FNV64_INIT;

	h = fnv64_str(h, FSCONV_VERSION);
	h = fnv64_str(h, r->base ? r->base : "-");
	h = fnv64_str(h, r->tip ? r->tip : "-");
	h = fnv64_str(h, r->memo ? r->memo : "-");
	for (size_t i = 0; i < fs->paths.n; i++)
		h = fnv64_str(h, fs->paths.v[i]);
	for (size_t i = 0; i < fs->kconfig.n; i++)
		h = fnv64_str(h, fs->kconfig.v[i]);
	for (size_t i = 0; i < fs->nmanual; i++) {
		h = fnv64_str(h, fs->manual[i].where);
		h = fnv64_str(h, fs->manual[i].rule);
		h = fnv64_str(h, fs->manual[i].reason);
	}
	return xasprintf("%016llx", (unsigned long long)h);
}

/* "0 MISSED, 3 manual, 2 converted": the counts a reader looks for */
static void summary(struct buf *b, const unsigned int *count)
{
	static const enum audit_count shown[] = {
		AUDIT_MISSED, AUDIT_HUMAN, AUDIT_MANUAL, AUDIT_CONVERTED,
		AUDIT_PENDING, AUDIT_LINT,
	};

	for (size_t i = 0; i < ARRAY_SIZE(shown); i++)
		if (count[shown[i]] || shown[i] == AUDIT_MISSED)
			buf_addf(b, "%s%u %s", i ? ", " : "", count[shown[i]],
				 audit_count_names[shown[i]]);
}

/*
 * A MISSED site fails the stage, as a branch that does not compile fails
 * verify; a lint finding or a site only a human can judge warns, as a new
 * checker finding does there.
 */
static void audit_stage(struct fs_result *r)
{
	struct buf b = BUF_INIT;
	const unsigned int *c = r->audit_count;

	summary(&b, c);
	result_set_stage(r, STAGE_AUDIT, c[AUDIT_MISSED] ? "failed" :
			 c[AUDIT_LINT] || c[AUDIT_HUMAN] ? "warn" : "ok", "%s",
			 b.data);
	buf_release(&b);
}

static int audit_stage_here(const struct workspace *ws,
			    const struct fstable *table,
			    const struct strvec *names, bool force)
{
	struct audit_opts o = AUDIT_OPTS_INIT;
	struct fs_result *res = xcalloc(names->n + 1, sizeof(*res));
	struct audit_fs *v = xcalloc(names->n + 1, sizeof(*v));
	struct buf text = BUF_INIT;
	size_t n = 0;
	int failed = 0, ret = 0;

	for (size_t i = 0; i < names->n; i++) {
		struct fs_entry *fs = fstable_lookup(table, names->v[i]);
		char *key;

		if (!fs || result_load(&res[n], ws->results, names->v[i])) {
			result_release(&res[n]);
			continue;
		}
		key = audit_key(&res[n], fs);
		if (!force && res[n].audit_key && res[n].audit_state &&
		    !strcmp(res[n].audit_key, key) &&
		    res[n].stage[STAGE_AUDIT].status) {
			if (!opts.quiet)
				printf("%s: audit unchanged (%s)\n", fs->name,
				       res[n].stage[STAGE_AUDIT].message);
			failed += result_stage_failed(&res[n], STAGE_AUDIT);
			result_release(&res[n]);
			free(key);
			continue;
		}
		free(res[n].audit_key);
		res[n].audit_key = key;
		audit_fs_init(&v[n], fs);
		if (audit_fs_converted(ws, ws->base, &v[n]))
			ret = -1;
		n++;
	}
	o.tree = ws->tree;
	o.jobs = opts.jobs > 0 ? opts.jobs : 1;
	if (n && !ret)
		ret = audit_run(&o, v, n, &text, NULL);
	for (size_t i = 0; i < n; i++) {
		struct fs_result *r = &res[i];

		free(r->audit_state);
		r->audit_state = xstrdup(v[i].state);
		strvec_clear(&r->audit);
		memcpy(r->audit_count, v[i].count, sizeof(r->audit_count));
		for (size_t k = 0; k < v[i].lines.n; k++)
			strvec_push(&r->audit, v[i].lines.v[k]);
		if (ret < 0) {
			/* no key: the next run tries again */
			free(r->audit_key);
			r->audit_key = NULL;
			result_set_stage(r, STAGE_AUDIT, "failed",
					 "the audit could not run");
		} else {
			audit_stage(r);
		}
		if (!opts.quiet)
			printf("%s: audit %s: %s\n", r->fs,
			       r->stage[STAGE_AUDIT].status,
			       r->stage[STAGE_AUDIT].message);
		failed += result_stage_failed(r, STAGE_AUDIT);
		if (result_save(r, ws->results))
			failed++;
		result_release(r);
		audit_fs_release(&v[i]);
	}
	free(res);
	free(v);
	buf_release(&text);
	return failed;
}

/*
 * The precompiled headers and the merged census cost some 200 MB that
 * would stay fsconv's peak for the rest of a run: a child audits, and
 * its exit gives them back.  Everything the later stages need is in the
 * results files it saves; its exit status is the number of filesystems
 * that failed (at most 125).  It leaves by _exit(): no atexit handler of
 * ours (temporary files) may run twice.
 */
int run_audit(const struct workspace *ws, const struct fstable *table,
	      const struct strvec *names, bool force)
{
	int status, failed;
	pid_t pid;

	/* else the child would print what our stdout buffers once more */
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		error("cannot fork:");
		return audit_stage_here(ws, table, names, force);
	}
	if (!pid) {
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		failed = audit_stage_here(ws, table, names, force);
		fflush(NULL);
		_exit(failed > 125 ? 125 : failed);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			error("cannot wait for the audit:");
			return 1;
		}
	if (!WIFEXITED(status)) {
		char how[64];

		error("the audit died (%s)",
		      describe_status(WIFSIGNALED(status) ?
				      128 + WTERMSIG(status) : status,
				      how, sizeof(how)));
		return 1;
	}
	return WEXITSTATUS(status);
}

/* ---- fsconv audit ---- */

/* an fs_entry for --path DIR, named after the directory */
static struct fs_entry *path_entry(const char *path)
{
	struct fs_entry *e = xcalloc(1, sizeof(*e));
	char *p = xstrdup(path);
	size_t n = strlen(p);

	while (n > 1 && p[n - 1] == '/')
		p[--n] = '\0';
	e->name = xstrdup(starts_with(p, "fs/") ? p + 3 : p);
	strvec_init(&e->paths);
	strvec_push(&e->paths, p);
	free(p);
	strvec_init(&e->kconfig);
	strvec_init(&e->skip);
	return e;
}

/* the tree's HEAD, or NULL when it is no git tree */
static char *tree_head(const char *tree)
{
	struct buf out = BUF_INIT;
	char *head = NULL;

	if (!run_argv_capture(tree, (const char *const[]){
				      "git", "rev-parse", "--verify", "-q",
				      "HEAD^{commit}", NULL }, &out) &&
	    out.len >= 40)
		head = xstrndup(out.data, 40);
	buf_release(&out);
	return head;
}

int cmd_audit(int argc, const char **argv)
{
	static const char *const usage[] = {
		"fsconv [--tree DIR] audit [FS...] [--path DIR]... "
		"[--on-disk] [--reports FILE]... [--json FILE]",
		NULL,
	};
	struct audit_opts o = AUDIT_OPTS_INIT;
	struct strvec paths = STRVEC_INIT;
	const char *json_path = NULL;
	int ondisk = 0;
	struct option options[] = {
		OPT_STRVEC(0, "path", &paths, "DIR",
			   "audit this directory as a filesystem (repeatable)"),
		OPT_BOOL(0, "on-disk", &ondisk,
			 "audit the tree as it is on disk, not what "
			 "'fsconv run' converted"),
		OPT_STRVEC(0, "reports", &o.reports, "FILE",
			   "report lines of the convert stage (repeatable)"),
		OPT_STRING(0, "json", &json_path, "FILE",
			   "also write the result as JSON to FILE"),
		OPT_STRING(0, "obj", &o.obj, "DIR",
			   "kbuild O= directory whose .cmd files give flags"),
		OPT_BOOL(0, "no-pch", &o.no_pch,
			 "do not precompile the common headers"),
		OPT_INT(0, "pch-min", &o.pch_min, "N",
			"precompile for at least N files (default 8)"),
		OPT_BOOL(0, "diag", &o.diag,
			 "print each file's first parse error"),
		OPT_END(),
	};
	struct fstable t = { 0 };
	struct audit_fs *v = NULL;
	size_t n = 0, ntable;
	struct buf text = BUF_INIT, json = BUF_INIT;
	struct workspace ws;
	char *head;
	int ret;

	argc = parse_options(argc, argv, options, usage, 0);
	o.tree = opts.tree;
	o.jobs = opts.jobs > 0 ? opts.jobs : 1;
	o.verbose = opts.verbose;
	for (size_t i = 0; i < opts.paths.n; i++)
		strvec_push(&paths, opts.paths.v[i]);
	if (argc || !paths.n) {
		if (fstable_load(&t, opts.fstable, opts.tree))
			return EXIT_USAGE;
		for (int i = 0; i < argc; i++) {
			struct fs_entry *e = fstable_lookup(&t, argv[i]);

			if (!e)
				return EXIT_USAGE;
			v = xreallocarray(v, n + 1, sizeof(*v));
			audit_fs_init(&v[n++], e);
		}
		for (size_t i = 0; !argc && i < t.nfs; i++) {
			v = xreallocarray(v, n + 1, sizeof(*v));
			audit_fs_init(&v[n++], &t.fs[i]);
		}
	}
	ntable = n;
	for (size_t i = 0; i < paths.n; i++) {
		char *abs = path_join(opts.tree, paths.v[i]);

		if (!is_dir(abs) && !is_file(abs))
			die("no such path '%s' in '%s'", paths.v[i], opts.tree);
		free(abs);
		v = xreallocarray(v, n + 1, sizeof(*v));
		audit_fs_init(&v[n++], path_entry(paths.v[i]));
	}
	/* a filesystem of the table in what `fsconv run` made of it */
	workspace_open(&ws, opts.tree, WS_LOCATE_ONLY);
	head = tree_head(ws.tree);
	for (size_t i = 0; i < n; i++) {
		if (i < ntable && !ondisk) {
			if (audit_fs_converted(&ws, head, &v[i]))
				return EXIT_USAGE;
		} else {
			v[i].state = on_disk(head, ondisk ? "--on-disk" :
					     "a --path, not in the table");
		}
	}
	ret = audit_run(&o, v, n, &text, json_path ? &json : NULL);
	if (ret < 0)
		return EXIT_USAGE;
	fputs(text.data, stdout);
	if (fflush(stdout) || ferror(stdout))
		die("write failed");
	if (json_path && write_file_atomic(json_path, json.data, json.len))
		return EXIT_USAGE;
	return ret ? EXIT_FOUND : EXIT_OK;
}
