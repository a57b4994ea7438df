// SPDX-License-Identifier: GPL-2.0
/*
 * The convert stage.  Work goes in rounds, one per rule in the plan's
 * order: a round runs its rule, in patch and report mode, for every
 * filesystem that has candidate files for it.  A round's spatch jobs are
 * independent and go through jobs_run(); between rounds each filesystem
 * applies its rule's diff to a temporary index of its own (GIT_INDEX_FILE,
 * read-tree of the base) and commits the tree, so the next rule sees the
 * result and no checkout is ever made.
 *
 * Each filesystem's candidate files are copied out of the object store
 * under <group>/<fs>/, and one spatch per mode runs with --dir over the
 * group: the filesystems whose spatch arguments are the same.  --dir
 * parses each file on its own (several files on one command line form
 * one group, whose macros leak into each other); one process per group
 * instead of per filesystem saves spatch's start-up, which cost more than
 * the parsing for most rules.  The output is split per filesystem by its
 * first path component, then per file, and cached per file.  A group's
 * job that fails is run again per filesystem, so one filesystem's
 * trouble stays its own.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fnmatch.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "convert.h"
#include "fsconv.h"
#include "jobs.h"
#include "options.h"
#include "results.h"
#include "udiff.h"

enum mode { MODE_PATCH, MODE_REPORT, NR_MODES };
static const char *const mode_names[NR_MODES] = { "patch", "report" };

/* a candidate file at one step: its input and what spatch made of it */
struct step_file {
	const char *path;
	char *blob;
	char *key[NR_MODES];	/* cache file, NULL when the mode is off */
	char *out[NR_MODES];	/* output, NULL until known */
	bool fresh[NR_MODES];	/* not in the cache: spatch must run */
};

/* one filesystem going through its rules */
struct fsstate {
	struct plan_fs *pf;
	struct fs_result res;
	char *index;		/* temporary index, created on first use */
	char *tip;		/* commit so far */
	struct strvec chg_path;	/* files changed by earlier rules ... */
	struct strvec chg_blob;	/* ... and their blobs now */
	bool failed;
	bool done;		/* up to date, or failed */
	bool reused;		/* nothing changed since the last run */
	size_t step;		/* index into pf->items */
	/* the current step */
	struct step_file *files;
	size_t nfiles;
	bool miss[NR_MODES];	/* some file needs spatch in this mode */
	char *workdir;		/* <group>/<fs>: the inputs, when copied */
};

/*
 * One spatch job of a round: one mode over a group of filesystems in
 * dir, or over one filesystem in its own workdir (then paths are
 * printed relative to it, as they are in the tree).
 */
struct convjob {
	struct fsstate **st;
	size_t nst;
	enum mode mode;
	const char *dir;	/* the group's, or st[0]->workdir */
};

struct convert {
	struct plan *p;
	const struct convert_opts *o;
	struct fsstate *fs;
	size_t nfs;
	char *cache;		/* <ws cache>/spatch */
	struct convjob *jobs;	/* this round's; job cookies are indices */
	size_t njobs, next;
	int spawned;		/* spatch jobs started, for the log */
};

void convert_opts_defaults(struct convert_opts *o)
{
	const char *t = getenv("FSCONV_TIMEOUT");

	if (!o->cocci_dir)
		o->cocci_dir = path_join(fsconv_home(), "cocci");
	if (t && *t && o->timeout == 300)
		o->timeout = atoi(t);
	if (o->timeout <= 0)
		o->timeout = 300;
}

static bool has_mode(const struct rule *r, enum mode m)
{
	return r->flags & (m == MODE_PATCH ? RULE_PATCH : RULE_REPORT);
}

/*
 * The spatch arguments after --sp-file: mode, -D values of the API profile,
 * -D values of the filesystem's own facts (fstable), options.
 */
static void spatch_args(struct strvec *argv, const struct plan_item *it,
			const struct fs_entry *fs, enum mode m)
{
	const struct rule *r = it->rule;

	strvec_pushl(argv, "-D", mode_names[m], NULL);
	strvec_pushv(argv, (const char *const *)r->defines.v);
	strvec_pushv(argv, (const char *const *)it->defines.v);
	if ((r->flags & RULE_NO_DIRLOCK) && (fs->flags & FS_NO_DIRLOCK))
		strvec_pushl(argv, "-D", "no_dirlock", NULL);
	strvec_push(argv, "--very-quiet");
	strvec_pushv(argv, (const char *const *)r->options.v);
}

static char *cache_key(struct convert *cv, const struct plan_item *it,
		       const struct fs_entry *fs, enum mode m,
		       const char *path, const char *blob)
{
	struct strvec args = STRVEC_INIT;
	uint64_t h = FNV64_INIT;

	spatch_args(&args, it, fs, m);
	h = fnv64(h, &it->rule->hash, sizeof(it->rule->hash));
	h = fnv64_str(h, cv->p->spatch_version);
	h = fnv64_str(h, path);
	for (size_t i = 0; i < args.n; i++)
		h = fnv64_str(h, args.v[i]);
	strvec_clear(&args);
	return xasprintf("%s/%s/%.2s/%s-%016llx", cv->cache, mode_names[m],
			 blob, blob + 2, (unsigned long long)h);
}

static const char *current_blob(struct fsstate *st, const struct candidate *c)
{
	for (size_t i = 0; i < st->chg_path.n; i++)
		if (!strcmp(st->chg_path.v[i], c->path))
			return st->chg_blob.v[i];
	return c->blob;
}

static void step_clear(struct fsstate *st)
{
	for (size_t i = 0; i < st->nfiles; i++) {
		free(st->files[i].blob);
		for (int m = 0; m < NR_MODES; m++) {
			free(st->files[i].key[m]);
			free(st->files[i].out[m]);
		}
	}
	free(st->files);
	st->files = NULL;
	st->nfiles = 0;
	if (st->workdir) {
		temp_remove(st->workdir);
		free(st->workdir);
		st->workdir = NULL;
	}
}

static void fs_vfail(struct fsstate *st, bool say, const char *fmt,
		     va_list ap)
{
	struct buf b = BUF_INIT;

	buf_vaddf(&b, fmt, ap);
	if (say)
		error("%s: %s", st->res.fs, b.data);
	result_set_stage(&st->res, STAGE_CONVERT, "failed", "%s", b.data);
	st->failed = st->done = true;
	buf_release(&b);
}

/* the filesystem fails: the error is said once, the rest go on */
static void fs_fail(struct fsstate *st, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void fs_fail(struct fsstate *st, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fs_vfail(st, true, fmt, ap);
	va_end(ap);
}

/* the same, for a failure the job runner has already reported */
static void fs_fail_quietly(struct fsstate *st, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void fs_fail_quietly(struct fsstate *st, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fs_vfail(st, false, fmt, ap);
	va_end(ap);
}

/*
 * Copy the step's uncached inputs out of the object store with one
 * `git cat-file --batch`, under the paths they have in the tree.
 */
static int materialize(struct convert *cv, struct fsstate *st)
{
	struct strvec want = STRVEC_INIT;
	struct child c = CHILD_INIT;
	struct buf list = BUF_INIT, out = BUF_INIT, err = BUF_INIT;
	char *listfile;
	int fd, ret = 0;
	size_t pos = 0;

	remove_tree(st->workdir);
	temp_register(st->workdir);
	for (size_t i = 0; i < st->nfiles; i++)
		if (st->files[i].fresh[MODE_PATCH] ||
		    st->files[i].fresh[MODE_REPORT]) {
			buf_addf(&list, "%s\n", st->files[i].blob);
			strvec_push(&want, st->files[i].path);
		}
	if (mkdirs(st->workdir, 0777))
		return error("cannot create '%s':", st->workdir);
	listfile = xasprintf("%s.list", st->workdir);
	temp_register(listfile);
	if (write_file_atomic(listfile, list.data, list.len) ||
	    (fd = open(listfile, O_RDONLY | O_CLOEXEC)) < 0) {
		temp_remove(listfile);
		free(listfile);
		return -1;
	}
	strvec_pushl(&c.args, "git", NULL);
	strvec_pushf(&c.args, "--git-dir=%s", cv->p->ws->git_dir);
	strvec_pushl(&c.args, "cat-file", "--batch", NULL);
	c.in = fd;
	if (child_run_capture(&c, &out, &err, 0))
		ret = error("git cat-file failed: %s", err.data);
	close(fd);
	for (size_t i = 0; !ret && i < want.n; i++) {
		char *nl = memchr(out.data + pos, '\n', out.len - pos), *path;
		unsigned long size;

		if (!nl || sscanf(out.data + pos, "%*s blob %lu", &size) != 1 ||
		    (size_t)(nl + 1 - out.data) + size > out.len) {
			ret = error("git cat-file: bad output for '%s'",
				    want.v[i]);
			break;
		}
		path = path_join(st->workdir, want.v[i]);
		*strrchr(path, '/') = '\0';
		if (mkdirs(path, 0777))
			ret = error("cannot create '%s':", path);
		path[strlen(path)] = '/';
		if (!ret)
			ret = write_file_atomic(path, nl + 1, size);
		free(path);
		pos = (size_t)(nl + 1 - out.data) + size + 1;
	}
	temp_remove(listfile);
	free(listfile);
	child_release(&c);
	strvec_clear(&want);
	buf_release(&list);
	buf_release(&out);
	buf_release(&err);
	return ret;
}

/* a cached diff that does not parse is rebuilt, not trusted */
static bool cache_entry_ok(const char *key, enum mode m, const char *text)
{
	struct diff_file *df;
	size_t n;
	char *why;

	if (m != MODE_PATCH || !*text)
		return true;
	if (!diff_parse(text, &df, &n, &why)) {
		diff_files_free(df, n);
		if (n == 1)
			return true;
	}
	warning("corrupt cache entry '%s' (%s); running spatch again", key,
		why ? why : "not one file's diff");
	free(why);
	return false;
}

/*
 * Set up a filesystem's next step: its inputs and what the cache has;
 * st->miss[] says for which modes spatch must run.
 */
static void step_prepare(struct convert *cv, struct fsstate *st)
{
	struct plan_item *it = &st->pf->items[st->step];
	bool *miss = st->miss;

	miss[MODE_PATCH] = miss[MODE_REPORT] = false;
	st->nfiles = it->nfiles;
	st->files = xcalloc(it->nfiles, sizeof(*st->files));
	for (size_t i = 0; i < it->nfiles; i++) {
		struct step_file *f = &st->files[i];

		f->path = it->files[i].path;
		f->blob = xstrdup(current_blob(st, &it->files[i]));
		for (int m = 0; m < NR_MODES; m++) {
			struct buf b = BUF_INIT;

			if (!has_mode(it->rule, m) ||
			    !(it->files[i].modes & (m == MODE_PATCH ?
						    RULE_PATCH : RULE_REPORT)))
				continue;
			f->key[m] = cache_key(cv, it, st->pf->fs, m,
					      f->path, f->blob);
			if (!cv->o->force && !buf_read_file(&b, f->key[m]) &&
			    cache_entry_ok(f->key[m], m, b.data))
				f->out[m] = buf_detach(&b);
			else
				miss[m] = f->fresh[m] = true;
			buf_release(&b);
		}
	}
}

static void queue_job(struct convert *cv, struct fsstate **st, size_t nst,
		      enum mode m, const char *dir)
{
	cv->jobs = xreallocarray(cv->jobs, cv->njobs + 1, sizeof(*cv->jobs));
	cv->jobs[cv->njobs++] = (struct convjob){
		.st = xmalloc(nst * sizeof(*st)), .nst = nst, .mode = m,
		.dir = dir,
	};
	memcpy(cv->jobs[cv->njobs - 1].st, st, nst * sizeof(*st));
}

static char *log_path(const struct fsstate *st, const struct rule *r,
		      enum mode m)
{
	char *logdir = xasprintf("%s/%s/log", opts.out, st->res.fs), *ret;

	ret = mkdirs(logdir, 0777) ? NULL :
	      xasprintf("%s/%s-%s.log", logdir, r->name, mode_names[m]);
	free(logdir);
	return ret;
}

static int next_job(void *ctx, struct job *job)
{
	struct convert *cv = ctx;
	struct convjob *cj;
	struct fsstate *st;
	struct rule *r;

	if (cv->next >= cv->njobs)
		return 0;
	cj = &cv->jobs[cv->next];
	st = cj->st[0];
	r = st->pf->items[st->step].rule;
	strvec_pushl(&job->child.args, "spatch", "--sp-file", r->path, NULL);
	/* the group's filesystems share these */
	spatch_args(&job->child.args, &st->pf->items[st->step], st->pf->fs,
		    cj->mode);
	strvec_pushl(&job->child.args, "--dir", ".", NULL);
	job->child.dir = cj->dir;
	if (cj->nst == 1) {
		job->label = xasprintf("%s: %s (%s)", st->res.fs, r->name,
				       mode_names[cj->mode]);
		job->log = log_path(st, r, cj->mode);
	} else {
		/* job_done() logs the output for each of them */
		job->label = xasprintf("%s (%s): %zu filesystems", r->name,
				       mode_names[cj->mode], cj->nst);
	}
	job->timeout_ms = cv->o->timeout * 1000;
	job->cookie = (void *)(uintptr_t)cv->next++;
	cv->spawned++;
	return 1;
}

static struct step_file *step_file(struct fsstate *st, const char *path)
{
	for (size_t i = 0; i < st->nfiles; i++)
		if (!strcmp(st->files[i].path, path))
			return &st->files[i];
	return NULL;
}

/* a path as spatch printed it, relative to the tree top */
static const char *tree_relative(const char *path, const char *workdir)
{
	size_t n = strlen(workdir);

	if (!strncmp(path, workdir, n) && path[n] == '/')
		path += n + 1;
	while (starts_with(path, "./"))
		path += 2;
	return path;
}

/*
 * The filesystem a path printed by a group's job belongs to ("nfs/fs/x.c":
 * nfs), with *rest pointing past its name; NULL when none of the job's.
 */
static struct fsstate *job_fs(const struct convjob *cj, const char *path,
			      const char **rest)
{
	path = tree_relative(path, cj->dir);
	if (cj->nst == 1) {
		*rest = path;
		return cj->st[0];
	}
	for (size_t i = 0; i < cj->nst; i++) {
		size_t n = strlen(cj->st[i]->res.fs);

		if (!strncmp(path, cj->st[i]->res.fs, n) && path[n] == '/') {
			*rest = path + n + 1;
			return cj->st[i];
		}
	}
	return NULL;
}

/*
 * One file's diff as a job over its filesystem alone would have printed
 * it: without the "<fs>/" before the path in the header lines (up to the
 * first hunk), so that the cache holds the same text either way.
 */
static char *unprefixed_diff(const char *start, const char *end,
			     const char *printed, const char *path)
{
	const char *hunk = strstr(start, "\n@@ "), *s = start, *hit;
	struct buf b = BUF_INIT;

	if (!hunk || hunk > end || printed == path)
		return xstrndup(start, (size_t)(end - start));
	while ((hit = strstr(s, printed)) && hit < hunk) {
		buf_add(&b, s, (size_t)(hit - s));
		buf_adds(&b, path);
		s = hit + strlen(printed);
	}
	buf_add(&b, s, (size_t)(end - s));
	return buf_detach(&b);
}

static int take_patch_output(const struct convjob *cj, const char *rule,
			     const char *text)
{
	struct diff_file *files;
	size_t n;
	char *why;

	if (diff_parse(text, &files, &n, &why)) {
		for (size_t i = 0; i < cj->nst; i++)
			if (!cj->st[i]->failed)
				fs_fail(cj->st[i], "spatch printed a broken "
					"diff for rule '%s': %s", rule, why);
		free(why);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		const char *path, *printed = tree_relative(files[i].path,
							   cj->dir);
		struct fsstate *st = job_fs(cj, files[i].path, &path);
		struct step_file *f = st ? step_file(st, path) : NULL;

		if (!f || (f->fresh[MODE_PATCH] && f->out[MODE_PATCH])) {
			if (!st)
				st = cj->st[0];
			if (!st->failed)
				fs_fail(st, "spatch printed a diff for '%s', "
					"which rule '%s' was not given",
					files[i].path, rule);
			continue;
		}
		if (!f->fresh[MODE_PATCH] || st->failed)
			continue;
		f->out[MODE_PATCH] = unprefixed_diff(files[i].start,
						     files[i].end, printed,
						     path);
	}
	diff_files_free(files, n);
	return 0;
}

/* "FILE:LINE:COL[-COL]: message" lines; the rest is noise */
static int take_report_output(const struct convjob *cj, const char *text)
{
	struct strvec lines = STRVEC_INIT;

	strvec_split_lines(&lines, text);
	for (size_t i = 0; i < lines.n; i++) {
		char *l = lines.v[i], *c1 = strchr(l, ':'), *e;
		long line, col;
		struct step_file *f = NULL;
		struct fsstate *st;
		const char *path;
		struct buf b = BUF_INIT;

		if (!c1)
			continue;
		*c1 = '\0';
		line = strtol(c1 + 1, &e, 10);
		if (*e != ':' || line <= 0)
			continue;
		col = strtol(e + 1, &e, 10);
		if (*e == '-')
			strtol(e + 1, &e, 10);
		if (strncmp(e, ": ", 2))
			continue;
		st = job_fs(cj, l, &path);
		if (st)
			f = step_file(st, path);
		if (!f || !f->fresh[MODE_REPORT])
			continue;
		if (f->out[MODE_REPORT])
			buf_adds(&b, f->out[MODE_REPORT]);
		buf_addf(&b, "%s:%ld:%ld: %s\n", f->path, line, col, e + 2);
		free(f->out[MODE_REPORT]);
		f->out[MODE_REPORT] = buf_detach(&b);
	}
	strvec_clear(&lines);
	return 0;
}

static int save_cache(const char *key, const char *text)
{
	char *dir = xstrdup(key);

	*strrchr(dir, '/') = '\0';
	if (mkdirs(dir, 0777)) {
		error("cannot create '%s':", dir);
		free(dir);
		return -1;
	}
	free(dir);
	return write_file_atomic(key, text, strlen(text));
}

/* a group's job failed: each of its filesystems again on its own */
static void job_split(struct convert *cv, size_t idx, int status)
{
	struct convjob cj = cv->jobs[idx];
	char how[64];

	warning("spatch %s for %zu filesystems %s; running it per filesystem",
		mode_names[cj.mode], cj.nst, status == RUN_TIMEOUT ?
		"timed out" : describe_status(status, how, sizeof(how)));
	for (size_t i = 0; i < cj.nst; i++)
		if (!cj.st[i]->failed && cj.st[i]->miss[cj.mode])
			queue_job(cv, &cj.st[i], 1, cj.mode,
				  cj.st[i]->workdir);
}

static int job_done(void *ctx, struct job *job, int status)
{
	struct convert *cv = ctx;
	size_t idx = (size_t)(uintptr_t)job->cookie;
	struct convjob *cj = &cv->jobs[idx];
	struct fsstate *st = cj->st[0];
	struct rule *r = st->pf->items[st->step].rule;
	char how[64];
	int ret;

	if (status && cj->nst > 1) {
		job_split(cv, idx, status);
		return -1;
	}
	if (cj->nst == 1 && st->failed)
		return -1;
	if (status) {
		fs_fail_quietly(st, "spatch %s for rule '%s' %s (log: %s)",
			mode_names[cj->mode], r->name,
			status == RUN_TIMEOUT ? "timed out" :
			describe_status(status, how, sizeof(how)),
			job->log ? job->log : "none");
		return -1;
	}
	if (cj->mode == MODE_PATCH)
		ret = take_patch_output(cj, r->name, job->output.data);
	else
		ret = take_report_output(cj, job->output.data);
	for (size_t k = 0; k < cj->nst; k++) {
		st = cj->st[k];
		if (cj->nst > 1) {
			char *log = log_path(st, r, cj->mode);

			if (log)
				write_file_atomic(log, job->output.data,
						  job->output.len);
			free(log);
		}
		if (st->failed)
			continue;
		/* a file spatch said nothing about is unchanged / has no report */
		for (size_t i = 0; i < st->nfiles; i++) {
			struct step_file *f = &st->files[i];

			if (!f->fresh[cj->mode])
				continue;
			if (!f->out[cj->mode])
				f->out[cj->mode] = xstrdup("");
			save_cache(f->key[cj->mode], f->out[cj->mode]);
		}
	}
	return ret;
}

static bool converts(const struct rule *r, const char *type)
{
	for (size_t i = 0; i < r->converts.n; i++)
		if (!fnmatch(r->converts.v[i], type, 0))
			return true;
	return false;
}

/*
 * Report lines ("FILE:LINE:COL: [LEVEL: ]TYPE: message") become sites
 * for a human, except those of a TYPE that names a conversion (the
 * rule's `// Converts:`, else its name in capitals: D_ADD_CI_FLAGS for
 * d_add_ci) inside a hunk of the rule's own diff: those are the
 * conversions themselves.  df is the file's diff from this rule.
 */
static void add_report_sites(struct fsstate *st, const struct rule *r,
			     const char *text, const struct diff_file *df,
			     size_t ndf)
{
	struct strvec lines = STRVEC_INIT;

	strvec_split_lines(&lines, text);
	for (size_t i = 0; i < lines.n; i++) {
		char *l = lines.v[i], *e, *type = NULL, *msg;
		char *c1 = strchr(l, ':');
		long line, col;

		if (!c1)
			continue;
		*c1 = '\0';
		line = strtol(c1 + 1, &e, 10);
		col = strtol(e + 1, &e, 10);
		msg = e + 2;
		for (int pass = 0; pass < 2; pass++) {
			size_t n = strspn(msg, "ABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789");

			if (n < 2 || strncmp(msg + n, ": ", 2))
				break;
			msg[n] = '\0';
			type = msg;
			msg += n + 2;
			/* a level first: keep the TYPE that follows */
			if (strcmp(type, "ERROR") && strcmp(type, "WARNING") &&
			    strcmp(type, "INFO") && strcmp(type, "CHECK"))
				break;
		}
		if (type && converts(r, type) &&
		    diff_touches_line(df, ndf, (int)line))
			continue;
		site_add(&st->res.manual, &st->res.nmanual, r->name, l,
			 (int)line, (int)col, type ? type : "REPORT", msg);
	}
	strvec_clear(&lines);
}

static void wrap_words(struct buf *b, const struct strvec *words,
		       const char *indent, size_t width)
{
	size_t col = 0;

	for (size_t i = 0; i < words->n; i++) {
		size_t n = strlen(words->v[i]);

		if (col && col + 1 + n + 2 > width) {
			buf_adds(b, " \\\n");
			col = 0;
		}
		if (!col) {
			buf_adds(b, indent);
			col = strlen(indent) + (i ? 2 : 0);
			if (i)
				buf_adds(b, "  ");
		} else {
			buf_addch(b, ' ');
			col++;
		}
		buf_adds(b, words->v[i]);
		col += n;
	}
	buf_addch(b, '\n');
}

static const char *short_version(const char *v)
{
	const char *s = strstr(v, "version ");

	return s ? s + 8 : v;
}

/* subject, the rule's /// text, how it was made, Signed-off-by */
static char *commit_message(struct convert *cv, struct fsstate *st,
			    const struct plan_item *it)
{
	const struct rule *r = it->rule;
	const struct workspace *ws = cv->p->ws;
	struct fs_entry *fs = st->pf->fs;
	struct buf b = BUF_INIT;

	buf_addf(&b, "%s %s\n\n", fs->prefix, r->subject);
	if (*r->description)
		buf_addf(&b, "%s\n\n", r->description);
	/* the tree facts the rule was given, as prose */
	if (it->facts)
		text_para(&b, it->facts);
	buf_addf(&b, "Generated with Coccinelle (spatch %.*s) from the "
		 "semantic patch\ncocci/%s.cocci, each file processed on "
		 "its own:\n\n", (int)strcspn(short_version(cv->p->spatch_version),
					      " "),
		 short_version(cv->p->spatch_version), r->name);
	for (size_t i = 0; i < fs->paths.n; i++) {
		struct strvec words = STRVEC_INIT;
		char *full = path_join(ws->tree, fs->paths.v[i]);

		strvec_pushl(&words, "spatch", "--sp-file", NULL);
		strvec_pushf(&words, "cocci/%s.cocci", r->name);
		spatch_args(&words, it, fs, MODE_PATCH);
		if (is_dir(full))
			strvec_push(&words, "--dir");
		strvec_push(&words, fs->paths.v[i]);
		wrap_words(&b, &words, "  ", 72);
		strvec_clear(&words);
		free(full);
	}
	buf_addf(&b, "\nSigned-off-by: %s <%s>\n", ws->name, ws->email);
	return buf_detach(&b);
}

static int ensure_index(struct convert *cv, struct fsstate *st)
{
	if (st->index)
		return 0;
	st->index = xasprintf("%s/work/%s.index", cv->p->ws->cache,
			      st->res.fs);
	temp_register(st->index);
	return ws_gitl(cv->p->ws, st->index, NULL, "read-tree",
		       cv->p->ws->base, NULL);
}

/* the blobs of changed files after a rule, for the next rule's inputs */
static int update_overlay(struct convert *cv, struct fsstate *st,
			  const struct strvec *paths)
{
	struct strvec argv = STRVEC_INIT;
	struct buf out = BUF_INIT;
	int ret;

	strvec_pushl(&argv, "ls-files", "-s", "--", NULL);
	strvec_pushv(&argv, (const char *const *)paths->v);
	ret = ws_git(cv->p->ws, st->index, &out, (const char *const *)argv.v);
	for (char *s = out.data; !ret && *s; ) {
		size_t n = strcspn(s, "\n");
		char *tab = memchr(s, '\t', n), *path, *sp = strchr(s, ' ');
		bool found = false;

		if (!tab || !sp || sp + 41 > tab) {
			ret = error("git ls-files: unexpected output");
			break;
		}
		path = xstrndup(tab + 1, n - (size_t)(tab + 1 - s));
		for (size_t i = 0; i < st->chg_path.n; i++)
			if (!strcmp(st->chg_path.v[i], path)) {
				free(st->chg_blob.v[i]);
				st->chg_blob.v[i] = xstrndup(sp + 1, 40);
				found = true;
			}
		if (!found) {
			strvec_push(&st->chg_path, path);
			strvec_pushf(&st->chg_blob, "%.40s", sp + 1);
		}
		free(path);
		s += n + (s[n] == '\n');
	}
	strvec_clear(&argv);
	buf_release(&out);
	return ret;
}

/* apply the rule's diff to the index and commit it on the branch tip */
static int commit_rule(struct convert *cv, struct fsstate *st,
		       const struct rule *r, const char *diff,
		       const struct strvec *paths, char **commit)
{
	const struct workspace *ws = cv->p->ws;
	char *file = xasprintf("%s/work/%s.diff", ws->cache, st->res.fs);
	char *msgfile = xasprintf("%s/work/%s.msg", ws->cache, st->res.fs);
	char *msg = commit_message(cv, st, &st->pf->items[st->step]);
	struct buf tree = BUF_INIT, out = BUF_INIT;
	int ret = -1;

	temp_register(file);
	temp_register(msgfile);
	if (ensure_index(cv, st) ||
	    write_file_atomic(file, diff, strlen(diff)) ||
	    write_file_atomic(msgfile, msg, strlen(msg)))
		goto out;
	if (ws_gitl(ws, st->index, NULL, "apply", "--cached",
		    "--whitespace=nowarn", file, NULL)) {
		fs_fail(st, "the diff of rule '%s' does not apply (spatch "
			"made garbage?)", r->name);
		goto out;
	}
	if (ws_gitl(ws, st->index, &tree, "write-tree", NULL))
		goto out;
	buf_rtrim(&tree);
	if (ws_gitl(ws, NULL, &out, "commit-tree", tree.data, "-p", st->tip,
		    "-F", msgfile, NULL))
		goto out;
	buf_rtrim(&out);
	*commit = buf_detach(&out);
	ret = update_overlay(cv, st, paths);
out:
	temp_remove(file);
	temp_remove(msgfile);
	free(file);
	free(msgfile);
	free(msg);
	buf_release(&tree);
	buf_release(&out);
	return ret;
}

/* after a round: commit the rule's diff, note its sites, go on */
static void step_finish(struct convert *cv, struct fsstate *st)
{
	struct rule *r = st->pf->items[st->step].rule;
	struct buf diff = BUF_INIT;
	struct strvec paths = STRVEC_INIT;
	struct rule_result rr = { .rule = xstrdup(r->name),
				  .signature = r->flags & RULE_SIGNATURE };
	size_t before = st->res.nconverted;

	for (size_t i = 0; !st->failed && i < st->nfiles; i++) {
		struct step_file *f = &st->files[i];
		struct diff_file *df = NULL;
		size_t n = 0;
		char *why;

		if (f->out[MODE_PATCH] && *f->out[MODE_PATCH] &&
		    diff_parse(f->out[MODE_PATCH], &df, &n, &why)) {
			fs_fail(st, "corrupt cached diff for '%s': %s (remove "
				"'%s')", f->path, why, f->key[MODE_PATCH]);
			free(why);
			break;
		}
		if (f->out[MODE_REPORT])
			add_report_sites(st, r, f->out[MODE_REPORT], df, n);
		for (size_t j = 0; j < n; j++)
			for (size_t k = 0; k < df[j].nsites; k++)
				site_add(&st->res.converted,
					 &st->res.nconverted, r->name, f->path,
					 df[j].sites[k], 0, "CONVERTED", "");
		diff_files_free(df, n);
		if (!n)
			continue;
		buf_adds(&diff, f->out[MODE_PATCH]);
		strvec_push(&paths, f->path);
	}
	rr.sites = (int)(st->res.nconverted - before);
	rr.subject = xasprintf("%s %s", st->pf->fs->prefix, r->subject);
	if (!st->failed && diff.len &&
	    !commit_rule(cv, st, r, diff.data, &paths, &rr.commit)) {
		free(st->tip);
		st->tip = xstrdup(rr.commit);
	} else if (!st->failed && diff.len) {
		if (!st->failed)
			fs_fail(st, "cannot commit rule '%s'", r->name);
	}
	st->res.rules = xreallocarray(st->res.rules, st->res.nrules + 1,
				      sizeof(*st->res.rules));
	st->res.rules[st->res.nrules++] = rr;
	buf_release(&diff);
	strvec_clear(&paths);
	step_clear(st);
	if (++st->step >= st->pf->nitems)
		st->done = true;
}

/* everything a filesystem's conversion depends on, as one number */
static char *fs_memo(struct convert *cv, struct plan_fs *pf)
{
	const struct workspace *ws = cv->p->ws;
	uint64_t h = FNV64_INIT;

	h = fnv64_str(h, ws->base);
	h = fnv64_str(h, pf->fs->prefix);
	h = fnv64_str(h, ws->name);
	h = fnv64_str(h, ws->email);
	h = fnv64_str(h, cv->p->spatch_version);
	for (size_t i = 0; i < pf->fs->paths.n; i++)
		h = fnv64_str(h, pf->fs->paths.v[i]);
	for (size_t i = 0; i < pf->nitems; i++) {
		const struct plan_item *it = &pf->items[i];
		struct strvec args = STRVEC_INIT;

		h = fnv64_str(h, it->rule->name);
		h = fnv64(h, &it->rule->hash, sizeof(it->rule->hash));
		for (int m = 0; m < NR_MODES; m++)
			if (has_mode(it->rule, m))
				spatch_args(&args, it, pf->fs, m);
		for (size_t j = 0; j < args.n; j++)
			h = fnv64_str(h, args.v[j]);
		strvec_clear(&args);
		for (size_t j = 0; j < it->nfiles; j++) {
			h = fnv64_str(h, it->files[j].path);
			h = fnv64_str(h, it->files[j].blob);
		}
	}
	/* fstable's manual sites go into the results too */
	for (size_t i = 0; i < pf->fs->nmanual; i++) {
		h = fnv64_str(h, pf->fs->manual[i].where);
		h = fnv64_str(h, pf->fs->manual[i].rule);
		h = fnv64_str(h, pf->fs->manual[i].reason);
	}
	return xasprintf("%016llx", (unsigned long long)h);
}

/* the commit fsconv/<name> points at in the scratch repository, or NULL */
static char *branch_tip(const struct strvec *refs, const char *name)
{
	char *want = xasprintf(" refs/heads/fsconv/%s", name), *ret = NULL;

	for (size_t i = 0; i < refs->n; i++)
		if (ends_with(refs->v[i], want) &&
		    strlen(refs->v[i]) == 40 + strlen(want))
			ret = xstrndup(refs->v[i], 40);
	free(want);
	return ret;
}

static void fs_start(struct convert *cv, struct fsstate *st,
		     struct plan_fs *pf, const struct strvec *refs)
{
	const struct workspace *ws = cv->p->ws;
	struct fs_result old;
	char *memo = fs_memo(cv, pf), *tip;

	st->pf = pf;
	strvec_init(&st->chg_path);
	strvec_init(&st->chg_blob);
	tip = branch_tip(refs, pf->fs->name);
	if (!cv->o->force && !result_load(&old, ws->results, pf->fs->name) &&
	    old.memo && !strcmp(old.memo, memo) && old.tip && tip &&
	    !strcmp(old.tip, tip) && old.stage[STAGE_CONVERT].status &&
	    !strcmp(old.stage[STAGE_CONVERT].status, "ok")) {
		st->res = old;
		st->reused = st->done = true;
		free(memo);
		free(tip);
		return;
	}
	if (!cv->o->force)
		result_release(&old);
	free(tip);
	result_init(&st->res, pf->fs->name);
	st->res.prefix = xstrdup(pf->fs->prefix);
	st->res.base = xstrdup(ws->base);
	st->res.memo = memo;
	st->res.api = xstrdup(ws->api.profile);
	st->tip = xstrdup(ws->base);
	for (size_t i = 0; i < pf->fs->nmanual; i++) {
		const struct manual_site *m = &pf->fs->manual[i];

		site_add(&st->res.manual, &st->res.nmanual, m->rule, m->where,
			 0, 0, "FSTABLE_MANUAL", m->reason);
	}
	{
		struct buf skipped = BUF_INIT;

		/* a rule the tree cannot take: say which and why */
		for (size_t i = 0; i < pf->skipped.n; i++)
			buf_addf(&skipped, "; skipped %s", pf->skipped.v[i]);
		if (pf->nitems)
			result_set_stage(&st->res, STAGE_PLAN, "ok",
					 "%zu rule(s) with candidate files%s",
					 pf->nitems, skipped.data);
		else
			result_set_stage(&st->res, STAGE_PLAN, "ok",
					 "no rule has candidate files%s",
					 skipped.data);
		buf_release(&skipped);
	}
	st->done = !pf->nitems;
}

static int fs_finish(struct convert *cv, struct fsstate *st)
{
	const struct workspace *ws = cv->p->ws;
	char *ref = xasprintf("refs/heads/fsconv/%s", st->res.fs);
	int ret = 0;

	if (st->reused)
		goto out;
	if (!st->failed &&
	    ws_gitl(ws, NULL, NULL, "update-ref", ref, st->tip, NULL))
		fs_fail(st, "cannot update the branch '%s'", ref);
	if (!st->failed) {
		size_t applied = 0;

		for (size_t i = 0; i < st->res.nrules; i++)
			applied += st->res.rules[i].commit != NULL;
		st->res.tip = xstrdup(st->tip);
		result_set_stage(&st->res, STAGE_CONVERT, "ok",
				 "%zu rule(s) applied, %zu site(s) converted, "
				 "%zu for a human", applied,
				 st->res.nconverted, st->res.nmanual);
	}
	/* the verification and hand-off of an earlier run no longer match */
	result_set_stage(&st->res, STAGE_VERIFY, NULL, "%s", "");
	strvec_clear(&st->res.verify);
	free(st->res.verify_note);
	st->res.verify_note = NULL;
	result_set_stage(&st->res, STAGE_HANDOFF, NULL, "%s", "");
	ret = result_save(&st->res, ws->results);
out:
	if (st->index)
		temp_remove(st->index);
	if (!opts.quiet && !st->failed)
		printf("%s: %s%s\n", st->res.fs,
		       st->res.stage[STAGE_CONVERT].message,
		       st->reused ? " (unchanged)" : "");
	free(ref);
	return st->failed || ret ? 1 : 0;
}

/* what a filesystem's step shares with its group: its spatch arguments */
static char *step_key(const struct fsstate *st)
{
	struct strvec args = STRVEC_INIT;
	struct buf key = BUF_INIT;

	spatch_args(&args, &st->pf->items[st->step], st->pf->fs, MODE_PATCH);
	for (size_t i = 0; i < args.n; i++)
		buf_addf(&key, "%s\x1f", args.v[i]);
	strvec_clear(&args);
	return buf_detach(&key);
}

/* the inputs spatch must parse for a step */
static size_t step_fresh(const struct fsstate *st)
{
	size_t n = 0;

	for (size_t i = 0; i < st->nfiles; i++)
		n += st->files[i].fresh[MODE_PATCH] ||
		     st->files[i].fresh[MODE_REPORT];
	return n;
}

/* a round's filesystems that need spatch, and the job directory of each */
struct member {
	struct fsstate *st;
	size_t key;		/* index of its spatch arguments */
	size_t dir;		/* index of its group's directory */
	size_t weight;		/* files to parse */
};

static int member_cmp(const void *a, const void *b)
{
	const struct member *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	if (x->weight != y->weight)
		return x->weight > y->weight ? -1 : 1;
	return strcmp(x->st->res.fs, y->st->res.fs);
}

static size_t key_modes(const struct member *mb, size_t n, size_t key)
{
	bool miss[NR_MODES] = { false, false };

	for (size_t i = 0; i < n; i++)
		for (int m = 0; m < NR_MODES; m++)
			miss[m] |= mb[i].key == key && mb[i].st->miss[m];
	return (size_t)miss[MODE_PATCH] + (size_t)miss[MODE_REPORT];
}

/*
 * Give each member a group directory: one per set of spatch arguments,
 * except that a round with fewer jobs than -j allows splits its largest
 * group into chunks of about equal parsing work, so that every CPU has
 * a job (each chunk costs one more spatch start-up, a fraction of a
 * second).  Returns the number of directories.
 */
static size_t assign_dirs(struct member *mb, size_t n, size_t nkeys,
			  int maxjobs)
{
	size_t njobs = 0, big = nkeys, bigw = 0, members = 0, chunks = 1;
	size_t *load, ndirs = 0;

	qsort(mb, n, sizeof(*mb), member_cmp);
	for (size_t k = 0; k < nkeys; k++) {
		size_t w = 0, c = 0;

		njobs += key_modes(mb, n, k);
		for (size_t i = 0; i < n; i++)
			if (mb[i].key == k) {
				w += mb[i].weight;
				c++;
			}
		if (c > 1 && w > bigw) {
			big = k;
			bigw = w;
			members = c;
		}
	}
	if (big < nkeys && maxjobs > 0 && njobs < (size_t)maxjobs)
		chunks = 1 + ((size_t)maxjobs - njobs) / key_modes(mb, n, big);
	if (chunks > members)
		chunks = members;
	load = xcalloc(chunks + 1, sizeof(*load));
	for (size_t k = 0; k < nkeys; k++) {
		size_t first = ndirs, nc = k == big ? chunks : 1;

		/* heaviest first, each to the lightest chunk so far */
		for (size_t i = 0; i < n; i++) {
			size_t c = 0;

			if (mb[i].key != k)
				continue;
			for (size_t j = 1; j < nc; j++)
				if (load[j] < load[c])
					c = j;
			load[c] += mb[i].weight;
			mb[i].dir = first + c;
			if (first + c + 1 > ndirs)
				ndirs = first + c + 1;
		}
		memset(load, 0, (chunks + 1) * sizeof(*load));
	}
	free(load);
	return ndirs;
}

/*
 * One round: rule r for every filesystem whose next rule it is, one
 * spatch job per group and mode, then each one's commit.
 */
static void convert_round(struct convert *cv, const struct rule *r,
			  const struct jobs_opts *jo)
{
	struct strvec keys = STRVEC_INIT, dirs = STRVEC_INIT;
	struct fsstate **in = xcalloc(cv->nfs + 1, sizeof(*in));
	struct fsstate **all = xcalloc(cv->nfs + 1, sizeof(*all));
	struct member *mb = xcalloc(cv->nfs + 1, sizeof(*mb));
	size_t nin = 0, n = 0, ndirs;
	int interrupted = 0;

	cv->njobs = cv->next = 0;
	for (size_t i = 0; i < cv->nfs; i++) {
		struct fsstate *st = &cv->fs[i];
		char *key;
		size_t k;

		if (st->done || st->pf->items[st->step].rule != r)
			continue;
		in[nin++] = st;
		step_prepare(cv, st);
		if (!st->miss[MODE_PATCH] && !st->miss[MODE_REPORT])
			continue;
		key = step_key(st);
		for (k = 0; k < keys.n && strcmp(keys.v[k], key); k++)
			;
		if (k == keys.n)
			strvec_push(&keys, key);
		free(key);
		mb[n++] = (struct member){ .st = st, .key = k,
					   .weight = step_fresh(st) };
	}
	ndirs = assign_dirs(mb, n, keys.n, jo->maxjobs);
	for (size_t d = 0; d < ndirs; d++) {
		strvec_pushf(&dirs, "%s/work/%s.%zu", cv->p->ws->cache,
			     r->name, d);
		temp_register(dirs.v[d]);
	}
	for (size_t i = 0; i < n; i++) {
		struct fsstate *st = mb[i].st;

		st->workdir = path_join(dirs.v[mb[i].dir], st->res.fs);
		if (materialize(cv, st))
			fs_fail(st, "cannot copy the inputs of rule '%s'",
				r->name);
	}
	for (size_t d = 0; d < ndirs; d++) {
		for (int m = 0; m < NR_MODES; m++) {
			struct fsstate *one = NULL;
			size_t nall = 0, nmiss = 0;

			for (size_t i = 0; i < n; i++) {
				if (mb[i].dir != d || mb[i].st->failed)
					continue;
				all[nall++] = mb[i].st;
				if (mb[i].st->miss[m]) {
					one = mb[i].st;
					nmiss++;
				}
			}
			/* one alone in its own directory parses only its files */
			if (nmiss == 1)
				queue_job(cv, &one, 1, m, one->workdir);
			else if (nmiss)
				queue_job(cv, all, nall, m, dirs.v[d]);
		}
	}
	if (cv->njobs && jobs_run(jo, next_job, job_done, cv, (int)cv->njobs,
				  &interrupted) < 0 && interrupted)
		temp_die_by_signal(interrupted);
	for (size_t i = 0; i < nin; i++)
		if (!in[i]->failed)
			step_finish(cv, in[i]);
		else
			step_clear(in[i]);
	for (size_t d = 0; d < dirs.n; d++)
		temp_remove(dirs.v[d]);
	for (size_t j = 0; j < cv->njobs; j++)
		free(cv->jobs[j].st);
	strvec_clear(&keys);
	strvec_clear(&dirs);
	free(in);
	free(all);
	free(mb);
}

int convert_plan(struct plan *p, const struct convert_opts *o)
{
	struct convert cv = { .p = p, .o = o };
	struct jobs_opts jo = { .maxjobs = opts.jobs, .maxfail = 0,
				.quiet = opts.quiet, .verbose = opts.verbose };
	struct strvec refs = STRVEC_INIT;
	struct buf out = BUF_INIT;
	int failed = 0;

	cv.cache = path_join(p->ws->cache, "spatch");
	cv.nfs = p->nfs;
	cv.fs = xcalloc(p->nfs ? p->nfs : 1, sizeof(*cv.fs));
	if (!ws_gitl(p->ws, NULL, &out, "for-each-ref",
		     "--format=%(objectname) %(refname)", "refs/heads/fsconv/",
		     NULL))
		strvec_split_lines(&refs, out.data);
	buf_release(&out);
	for (size_t i = 0; i < p->nfs; i++)
		fs_start(&cv, &cv.fs[i], &p->fs[i], &refs);
	strvec_clear(&refs);
	/* every filesystem's items are in this order */
	for (size_t r = 0; r < p->nrules; r++)
		convert_round(&cv, &p->rules[r], &jo);
	for (size_t i = 0; i < cv.nfs; i++)
		failed += fs_finish(&cv, &cv.fs[i]);
	if (opts.verbose)
		printf("convert: %d spatch job(s)\n", cv.spawned);
	free(cv.jobs);
	free(cv.cache);
	return failed;
}

int cmd_convert(int argc, const char **argv)
{
	static const char *const usage[] = {
		"fsconv convert [--force] [--timeout SEC] [--cocci DIR] [FS...]",
		NULL,
	};
	struct convert_opts o = CONVERT_OPTS_INIT;
	const struct option options[] = {
		CONVERT_OPTIONS(&o),
		OPT_END(),
	};
	struct workspace ws;
	struct plan p;

	argc = parse_options(argc, argv, options, usage, 0);
	convert_opts_defaults(&o);
	workspace_open(&ws, opts.tree, 0);
	plan_build(&p, &ws, o.cocci_dir, argc, argv);
	return convert_plan(&p, &o) ? EXIT_FOUND : EXIT_OK;
}
