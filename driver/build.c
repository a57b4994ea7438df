// SPDX-License-Identifier: GPL-2.0
/*
 * The verification stages: `fsconv build` (compile the touched objects
 * before and after a conversion) and the engine `fsconv check-locks`
 * shares with it (see build.h).  The kernel build itself is kbuild.c; the
 * lock checkers are locks.c.
 */
#define _GNU_SOURCE
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "build.h"
#include "commands.h"
#include "fsconv.h"
#include "jobs.h"
#include "locks.h"
#include "options.h"
#include "spawn.h"
#include "workspace.h"

/* ---- the verification stages ------------------------------------------- */


/* the first error, for saying why the tree as given did not compile */
static const char *first_error(const struct objres *r)
{
	for (size_t i = 0; i < r->ndiags; i++)
		if (!strcmp(r->diags[i].kind, "error"))
			return r->diags[i].msg;
	return "no compiler message";
}

/* one object across the states */
struct vobj {
	size_t target;
	struct objres before, after;
	const char *before_name;	/* NULL: compiled in no before state */
	char *given_error;		/* why the tree as given fails it */
	struct findings sp[2], cl[2];	/* [0] before, [1] after */
	char *clerr[2];
	bool analysed[2];
};

struct verify {
	struct kbuild *kb;
	const struct verify_setup *setup;
	struct verify_target *t;
	size_t nt;
	struct vobj *o;
	size_t no;
	struct annot_names names;
	char *spec, *check;
	double cpu0;			/* cpu_seconds() at the start */
	long long make_ms[3];		/* before, fallback, after */
	long long clang_ms;
	size_t clang_n;
	size_t make_n[3];
	FILE *out;
};

void verify_target_release(struct verify_target *t)
{
	free(t->repo);
	free(t->after_rev);
	free(t->after_dir);
	free(t->after_name);
	strvec_clear(&t->touched);
}

static bool is_c(const char *path)
{
	return ends_with(path, ".c");
}

/* every .c file of a filesystem's paths in the clone */
static void fs_sources(const char *src, const struct fs_entry *fs,
		       struct strvec *out)
{
	struct buf list = BUF_INIT;
	struct child c = CHILD_INIT;

	strvec_pushl(&c.args, "git", "ls-files", "--", NULL);
	for (size_t i = 0; i < fs->paths.n; i++)
		strvec_pushf(&c.args, "%s", fs->paths.v[i]);
	c.dir = src;
	if (!child_run_capture(&c, &list, NULL, 0)) {
		struct strvec all = STRVEC_INIT;

		strvec_split_lines(&all, list.data);
		for (size_t i = 0; i < all.n; i++)
			if (is_c(all.v[i]))
				strvec_push(out, all.v[i]);
		strvec_clear(&all);
	}
	child_release(&c);
	buf_release(&list);
}

/*
 * The ->lookup and ->iterate_shared implementations of every target, and
 * the helpers that only they call, across all the files of each.
 */
static void scan_names(struct verify *v)
{
	struct strvec texts = STRVEC_INIT;

	for (size_t i = 0; i < v->nt; i++) {
		struct strvec files = STRVEC_INIT;

		fs_sources(v->kb->src, v->t[i].fs, &files);
		for (size_t j = 0; j < v->t[i].touched.n; j++)
			if (is_c(v->t[i].touched.v[j]) &&
			    !strvec_contains(&files, v->t[i].touched.v[j]))
				strvec_push(&files, v->t[i].touched.v[j]);
		for (size_t j = 0; j < files.n; j++) {
			char *p = path_join(v->kb->src, files.v[j]);

			struct buf text = BUF_INIT;

			if (!buf_read_file(&text, p)) {
				annot_names_scan(&v->names, text.data);
				strvec_push(&texts, text.data);
			}
			buf_release(&text);
			free(p);
		}
		strvec_clear(&files);
	}
	annot_names_close(&v->names, &texts);
	strvec_clear(&texts);
}

static void add_obj(struct verify *v, size_t target, const char *src)
{
	for (size_t i = 0; i < v->no; i++)
		if (!strcmp(v->o[i].before.src, src))
			return;
	v->o = xreallocarray(v->o, v->no + 1, sizeof(*v->o));
	memset(&v->o[v->no], 0, sizeof(*v->o));
	v->o[v->no].target = target;
	objres_init(&v->o[v->no].before, src);
	objres_init(&v->o[v->no].after, src);
	v->no++;
}

/*
 * The touched .c files, and for a touched header the .c files of the
 * same filesystem that include it by name (at most 8: a header that
 * half the filesystem includes is better checked by a full build).
 */
static void collect_objects(struct verify *v)
{
	for (size_t i = 0; i < v->nt; i++) {
		const struct verify_target *t = &v->t[i];
		struct strvec files = STRVEC_INIT;

		for (size_t j = 0; j < t->touched.n; j++) {
			const char *f = t->touched.v[j];
			const char *base = strrchr(f, '/');
			size_t added = 0;

			if (is_c(f)) {
				add_obj(v, i, f);
				continue;
			}
			if (!ends_with(f, ".h"))
				continue;
			if (!files.n)
				fs_sources(v->kb->src, t->fs, &files);
			base = base ? base + 1 : f;
			for (size_t k = 0; k < files.n && added < 8; k++) {
				char *p = path_join(v->kb->src, files.v[k]);
				struct buf text = BUF_INIT;
				char *inc = xasprintf("\"%s\"", base);

				if (!buf_read_file(&text, p) &&
				    strstr(text.data, inc)) {
					add_obj(v, i, files.v[k]);
					added++;
				}
				buf_release(&text);
				free(inc);
				free(p);
			}
		}
		strvec_clear(&files);
	}
}

static struct objres *pick(struct verify *v, size_t i, int which)
{
	return which ? &v->o[i].after : &v->o[i].before;
}

/* make the objects [idx] in the current state, into before or after */
static int make_some(struct verify *v, const size_t *idx, size_t n,
		     int which, int slot)
{
	struct objres *res = xcalloc(n + 1, sizeof(*res));
	long long ms = 0;
	int ret;

	for (size_t k = 0; k < n; k++)
		res[k] = *pick(v, idx[k], which);
	ret = kbuild_make(v->kb, res, n,
			  v->setup->flags & VERIFY_SPARSE ? v->check : NULL,
			  &ms);
	for (size_t k = 0; k < n; k++)
		*pick(v, idx[k], which) = res[k];
	free(res);
	v->make_ms[slot] += ms;
	v->make_n[slot] += n;
	return ret;
}

/* clang over the objects of one state, one child per file, -j at once */
struct cltask {
	size_t obj;
	int which;
	struct strvec argv;
};

struct clrun {
	struct verify *v;
	struct cltask *t;
	size_t n, next;
};

static void clang_task(struct verify *v, struct clrun *run, size_t obj,
		       int which)
{
	struct objres *r = pick(v, obj, which);
	struct strvec gcc = STRVEC_INIT;
	struct cltask *t;
	char *self;

	if (kbuild_cmd_args(v->kb, r->obj, &gcc)) {
		v->o[obj].clerr[which] = xasprintf("no saved command line for "
						   "'%s'", r->obj);
		return;
	}
	run->t = xreallocarray(run->t, run->n + 1, sizeof(*run->t));
	t = &run->t[run->n++];
	t->obj = obj;
	t->which = which;
	strvec_init(&t->argv);
	self = locks_self();
	strvec_pushl(&t->argv, self, "check-locks", "--clang-worker", v->spec,
		     NULL);
	strvec_pushf(&t->argv, "%s/%s", v->kb->src, r->src);
	strvec_pushl(&t->argv, r->src, "--", NULL);
	locks_clang_args(&gcc, v->kb->obj, &t->argv);
	free(self);
	strvec_clear(&gcc);
}

static int clang_next(void *ctx, struct job *job)
{
	struct clrun *run = ctx;
	struct cltask *t;

	if (run->next == run->n)
		return 0;
	t = &run->t[run->next];
	strvec_pushv(&job->child.args, (const char *const *)t->argv.v);
	job->label = xasprintf("clang %s", run->v->o[t->obj].after.src);
	job->cookie = t;
	run->next++;
	return 1;
}

static int clang_done(void *ctx, struct job *job, int status)
{
	struct clrun *run = ctx;
	struct cltask *t = job->cookie;
	struct vobj *o = &run->v->o[t->obj];
	char space[64];

	locks_worker_parse(job->output.data, o->after.src, &o->cl[t->which],
			   &o->clerr[t->which]);
	if (status && !o->clerr[t->which])
		o->clerr[t->which] = xasprintf("clang worker: %s",
			describe_status(status, space, sizeof(space)));
	return 0;
}

static void clang_run(struct verify *v, struct clrun *run)
{
	struct jobs_opts jo = { .maxjobs = v->kb->jobs, .quiet = 1 };
	long long start = now_ms();
	int sig = 0;

	if (run->n && jobs_run(&jo, clang_next, clang_done, run, (int)run->n,
			       &sig) < 0 && sig)
		die("interrupted");
	v->clang_ms += now_ms() - start;
	v->clang_n += run->n;
	for (size_t i = 0; i < run->n; i++)
		strvec_clear(&run->t[i].argv);
	free(run->t);
}

/* the lock checkers on objects just built, into slot which */
static void analyse(struct verify *v, const size_t *idx, size_t n,
		    int which)
{
	struct clrun run = { .v = v };

	for (size_t k = 0; k < n; k++) {
		struct vobj *o = &v->o[idx[k]];
		struct objres *r = pick(v, idx[k], which);

		if (!r->built)
			continue;
		o->analysed[which] = true;
		findings_release(&o->sp[which]);
		findings_release(&o->cl[which]);
		free(o->clerr[which]);
		o->clerr[which] = NULL;
		if (v->setup->flags & VERIFY_SPARSE)
			locks_sparse_parse(r->check.data, v->kb->src,
					   &o->sp[which]);
		if (v->setup->flags & VERIFY_CLANG)
			clang_task(v, &run, idx[k], which);
	}
	clang_run(v, &run);
}

static int state_before(struct verify *v)
{
	struct srcstate st;
	size_t *idx = NULL, n = 0;
	int ret;

	srcstate_init(&st, v->setup->before_name, v->setup->repo,
		      v->setup->before);
	ret = kbuild_checkout(v->kb, &st);
	srcstate_release(&st);
	if (!ret) {
		scan_names(v);
		collect_objects(v);
		if (v->setup->flags & (VERIFY_SPARSE | VERIFY_CLANG))
			ret = locks_sparse_spec(v->spec, &v->names,
						v->kb->dir);
	}
	idx = xcalloc(v->no + 1, sizeof(*idx));
	for (size_t i = 0; !ret && i < v->no; i++)
		idx[n++] = i;
	if (!ret)
		ret = make_some(v, idx, n, 0, 0);
	if (!ret) {
		analyse(v, idx, n, 0);
		for (size_t i = 0; i < v->no; i++)
			if (v->o[i].before.built)
				v->o[i].before_name = v->setup->before_name;
	}
	free(idx);
	return ret;
}

static int state_fallback(struct verify *v)
{
	struct srcstate st;
	size_t *idx = xcalloc(v->no + 1, sizeof(*idx)), n = 0;
	int ret = 0;

	for (size_t i = 0; i < v->no; i++)
		if (!v->o[i].before.built)
			idx[n++] = i;
	if (!n || !v->setup->fallback) {
		free(idx);
		return 0;
	}
	srcstate_init(&st, v->setup->fallback_name, v->setup->repo,
		      v->setup->fallback);
	ret = kbuild_checkout(v->kb, &st);
	srcstate_release(&st);
	if (!ret) {
		/* keep the tree's own failure for the report */
		struct objres *keep = xcalloc(n + 1, sizeof(*keep));

		for (size_t k = 0; k < n; k++) {
			keep[k] = v->o[idx[k]].before;
			objres_init(&v->o[idx[k]].before, keep[k].src);
		}
		ret = make_some(v, idx, n, 0, 1);
		for (size_t k = 0; k < n; k++) {
			struct vobj *o = &v->o[idx[k]];

			if (o->before.built) {
				o->before_name = v->setup->fallback_name;
				o->given_error = xstrdup(first_error(&keep[k]));
				objres_clear(&keep[k]);
			} else {
				objres_clear(&o->before);
				o->before = keep[k];
			}
			free(keep[k].obj);
			free(keep[k].src);
		}
		free(keep);
		if (!ret)
			analyse(v, idx, n, 0);
	}
	free(idx);
	return ret;
}

static bool overlaps(const struct verify_target *a,
		     const struct verify_target *b)
{
	for (size_t i = 0; i < a->touched.n; i++)
		if (strvec_contains(&b->touched, a->touched.v[i]))
			return true;
	return false;
}

/*
 * The converted states, as few checkouts as possible: targets whose
 * touched files do not overlap share one, each over the before state.
 */
static int state_after(struct verify *v)
{
	unsigned char *done = xcalloc(v->nt + 1, sizeof(*done));
	size_t *idx = xcalloc(v->no + 1, sizeof(*idx));
	size_t *round = xcalloc(v->nt + 1, sizeof(*round));
	int ret = 0;

	for (size_t first = 0; first < v->nt && !ret; first++) {
		struct srcstate st;
		size_t nr = 0, n = 0;

		if (done[first])
			continue;
		for (size_t i = first; i < v->nt; i++) {
			bool ok = !done[i];

			for (size_t r = 0; r < nr && ok; r++)
				ok = !overlaps(&v->t[i], &v->t[round[r]]);
			if (ok) {
				done[i] = true;
				round[nr++] = i;
			}
		}
		srcstate_init(&st, "after", v->setup->repo, v->setup->before);
		for (size_t r = 0; r < nr; r++) {
			const struct verify_target *t = &v->t[round[r]];

			srcstate_add(&st, t->repo, t->after_rev, t->after_dir,
				     &t->touched);
		}
		ret = kbuild_checkout(v->kb, &st);
		srcstate_release(&st);
		for (size_t i = 0; i < v->no; i++)
			for (size_t r = 0; r < nr; r++)
				if (v->o[i].target == round[r])
					idx[n++] = i;
		if (!ret)
			ret = make_some(v, idx, n, 1, 2);
		if (!ret)
			analyse(v, idx, n, 1);
	}
	free(done);
	free(idx);
	free(round);
	return ret;
}

/* ---- the report -------------------------------------------------------- */

static void diag_key(const struct diag *d, struct buf *b)
{
	buf_reset(b);
	buf_addf(b, "%s: %s: %s: %s", d->file, *d->func ? d->func :
		 "<file scope>", d->kind, d->msg);
}

/* diagnostics of kind in after and not before, matched without lines */
static size_t diag_new(const struct objres *before,
		       const struct objres *after, const char *kind,
		       FILE *out)
{
	unsigned char *used = xcalloc(before->ndiags + 1, sizeof(*used));
	struct buf a = BUF_INIT, b = BUF_INIT;
	size_t n = 0;

	for (size_t i = 0; i < after->ndiags; i++) {
		bool paired = false;

		if (strcmp(after->diags[i].kind, kind))
			continue;
		diag_key(&after->diags[i], &a);
		for (size_t j = 0; j < before->ndiags && !paired; j++) {
			if (used[j])
				continue;
			diag_key(&before->diags[j], &b);
			if (!strcmp(a.data, b.data))
				used[j] = paired = true;
		}
		if (paired)
			continue;
		n++;
		if (out)
			fprintf(out, "    new %s: %s:%d: %s: %s\n", kind,
				after->diags[i].file, after->diags[i].line,
				*after->diags[i].func ?
				after->diags[i].func : "<file scope>",
				after->diags[i].msg);
	}
	buf_release(&a);
	buf_release(&b);
	free(used);
	return n;
}

static size_t count_kind(const struct objres *r, const char *kind)
{
	size_t n = 0;

	for (size_t i = 0; i < r->ndiags; i++)
		n += !strcmp(r->diags[i].kind, kind);
	return n;
}

/* one object's compile lines; true when it fails its filesystem */
static bool report_compile(const struct verify *v, const struct vobj *o,
			   FILE *out)
{
	const struct objres *b = &o->before, *a = &o->after;
	size_t ne, nw;

	if (!a->attempted && !b->attempted) {
		fprintf(out, "  compile %s: not built in this configuration "
			"(check the fstable kconfig symbols)\n", a->obj);
		return false;
	}
	fprintf(out, "  compile %s: before: ", a->obj);
	if (!o->before_name)
		fprintf(out, "does not compile (%s)", first_error(b));
	else if (v->setup->fallback_name &&
		 !strcmp(o->before_name, v->setup->fallback_name))
		fprintf(out, "%s (as given it does not compile: %s)",
			o->before_name, o->given_error ? o->given_error : "?");
	else
		fprintf(out, "%s", o->before_name);
	fprintf(out, "; after: %s\n", a->built ? "compiles" :
		"DOES NOT COMPILE");
	ne = diag_new(b, a, "error", out);
	nw = diag_new(b, a, "warning", out);
	if (!o->before_name && !a->built)
		fprintf(out, "    (%zu errors after, none of them compared)\n",
			count_kind(a, "error"));
	return !a->built || ne || nw;
}

static size_t report_findings(const char *what, const struct vobj *o,
			      const struct findings *pair,
			      char *const *err, FILE *out)
{
	struct findings added = FINDINGS_INIT, gone = FINDINGS_INIT;
	size_t n;

	if (!o->analysed[1]) {
		fprintf(out, "  %-7s %s: not checked (after does not compile)"
			"\n", what, o->after.src);
		return 0;
	}
	if (err[1] || (o->analysed[0] && err[0])) {
		fprintf(out, "  %-7s %s: could not check: %s\n", what,
			o->after.src, err[1] ? err[1] : err[0]);
		return 1;
	}
	findings_delta(&pair[0], &pair[1], &added, &gone);
	findings_sort(&added);
	findings_sort(&gone);
	fprintf(out, "  %-7s %s: %zu new, %zu gone (before: %zu, after: "
		"%zu)\n", what, o->after.src, added.n, gone.n, pair[0].n,
		pair[1].n);
	for (size_t i = 0; i < added.n; i++) {
		fputs("    new: ", out);
		finding_print(out, &added.v[i]);
	}
	for (size_t i = 0; i < gone.n; i++) {
		fputs("    gone: ", out);
		finding_print(out, &gone.v[i]);
	}
	n = added.n;
	findings_release(&added);
	findings_release(&gone);
	return n;
}

static bool report_target(const struct verify *v, size_t t, FILE *out)
{
	const struct verify_target *vt = &v->t[t];
	bool failed = false;
	size_t nobj = 0;

	fprintf(out, "== %s: after %s, %zu file%s touched\n", vt->fs->name,
		vt->after_name, vt->touched.n, vt->touched.n == 1 ? "" : "s");
	for (size_t i = 0; i < v->no; i++) {
		const struct vobj *o = &v->o[i];

		if (o->target != t)
			continue;
		nobj++;
		if (v->setup->flags & VERIFY_COMPILE)
			failed |= report_compile(v, o, out);
		else if (!o->after.built)
			failed = true;
		if (v->setup->flags & VERIFY_SPARSE)
			failed |= report_findings("sparse", o, o->sp,
						  (char *const[]){ NULL,
								   NULL },
						  out) > 0;
		if (v->setup->flags & VERIFY_CLANG)
			failed |= report_findings("clang", o, o->cl, o->clerr,
						  out) > 0;
	}
	if (!nobj)
		fprintf(out, "  no C source among the touched files\n");
	fprintf(out, "%s: %s\n", vt->fs->name, failed ? "FAIL" : "ok");
	return failed;
}

/* the 1-minute load average, to read the times by */
static const char *load_average(void)
{
	static char text[32];
	FILE *fp = fopen("/proc/loadavg", "r");

	if (!fp || !fgets(text, sizeof(text), fp))
		strcpy(text, "?");
	else
		text[strcspn(text, " ")] = '\0';
	if (fp)
		fclose(fp);
	return text;
}

/* CPU seconds this process and its children used so far */
static double cpu_seconds(void)
{
	struct rusage self, kids;

	getrusage(RUSAGE_SELF, &self);
	getrusage(RUSAGE_CHILDREN, &kids);
	return self.ru_utime.tv_sec + kids.ru_utime.tv_sec +
	       self.ru_stime.tv_sec + kids.ru_stime.tv_sec +
	       (self.ru_utime.tv_usec + kids.ru_utime.tv_usec +
		self.ru_stime.tv_usec + kids.ru_stime.tv_usec) / 1e6;
}

static void report_times(const struct verify *v, long long total, FILE *out)
{
	static const char *const slot[] = { "before", "fallback", "after" };

	if (v->kb->prepare_ms)
		fprintf(out, "# prepare: %.1fs\n", v->kb->prepare_ms / 1e3);
	else
		fprintf(out, "# prepare: reused %s\n", v->kb->obj);
	for (int s = 0; s < 3; s++)
		if (v->make_n[s])
			fprintf(out, "# make %s: %.1fs for %zu object%s\n",
				slot[s], v->make_ms[s] / 1e3, v->make_n[s],
				v->make_n[s] == 1 ? "" : "s");
	if (v->clang_n)
		fprintf(out, "# clang: %.1fs for %zu files (two passes each "
			"where a ->lookup is in them)\n", v->clang_ms / 1e3,
			v->clang_n);
	fprintf(out, "# total: %.1fs wall, %.1fs CPU, load average %s\n",
		total / 1e3, cpu_seconds() - v->cpu0, load_average());
}

int verify_stage(struct kbuild *kb, const struct verify_setup *setup,
		 struct verify_target *targets, size_t n, FILE *out)
{
	struct verify v = { .kb = kb, .setup = setup, .t = targets, .nt = n,
			    .names = ANNOT_NAMES_INIT, .out = out };
	long long start = now_ms();
	int ret = 0;

	if ((setup->flags & VERIFY_CLANG) && lockclang_check_header())
		return -1;
	v.cpu0 = cpu_seconds();
	v.spec = path_join(kb->dir, "sparse-spec");
	v.check = locks_sparse_check(v.spec);
	if (state_before(&v) || state_fallback(&v) || state_after(&v)) {
		ret = -1;
	} else {
		for (size_t t = 0; t < n; t++)
			ret += report_target(&v, t, out);
		report_times(&v, now_ms() - start, out);
	}
	for (size_t i = 0; i < v.no; i++) {
		objres_clear(&v.o[i].before);
		objres_clear(&v.o[i].after);
		free(v.o[i].given_error);
		free(v.o[i].before.obj);
		free(v.o[i].before.src);
		free(v.o[i].after.obj);
		free(v.o[i].after.src);
		for (int w = 0; w < 2; w++) {
			findings_release(&v.o[i].sp[w]);
			findings_release(&v.o[i].cl[w]);
			free(v.o[i].clerr[w]);
		}
	}
	free(v.o);
	annot_names_release(&v.names);
	free(v.spec);
	free(v.check);
	return ret;
}

/* ---- the command line -------------------------------------------------- */


/* a request, with what verify_run() works out from it */
struct verify_cli {
	const char *repo, *before, *after, *fallback;
	const char *after_dir;
	char *scratch;		/* the convert stage's repository */
	const char *tree;
};

/* "fsconv/%s" with the name in place of %s */
static char *after_rev_for(const char *pattern, const char *fs)
{
	const char *p = strstr(pattern, "%s");

	if (!p)
		return xstrdup(pattern);
	return xasprintf("%.*s%s%s", (int)(p - pattern), pattern, fs, p + 2);
}

/* where `fsconv convert` keeps the fsconv/<fs> branches of tree, if any */
static char *scratch_repo(const char *tree)
{
	struct workspace ws;
	char *dir;

	workspace_open(&ws, tree, WS_LOCATE_ONLY);
	dir = is_dir(ws.git_dir) ? xstrdup(ws.git_dir) : NULL;
	free(ws.tree);
	free(ws.cache);
	free(ws.git_dir);
	free(ws.results);
	return dir;
}

/* the converted state in a worktree: its files, as they are, over before */
static int target_from_dir(const struct verify_cli *cli,
			   const struct verify_setup *setup,
			   const struct fs_entry *fs, struct verify_target *t)
{
	char real[PATH_MAX];

	if (!realpath(cli->after_dir, real))
		return error("cannot find '%s':", cli->after_dir);
	t->fs = fs;
	t->after_dir = xstrdup(real);
	t->after_name = xstrdup(real);
	if (git_changed_files(real, setup->before, NULL, &fs->paths,
			      &t->touched)) {
		verify_target_release(t);
		return -1;
	}
	return 0;
}

/* a target per filesystem that has a converted state; -1 on error */
static int make_target(const struct verify_cli *cli,
		       const struct verify_setup *setup,
		       const struct fs_entry *fs, bool named,
		       struct verify_target *t)
{
	char *rev = after_rev_for(cli->after, fs->name), *sha;
	const char *repo = setup->repo;

	memset(t, 0, sizeof(*t));
	strvec_init(&t->touched);
	if (cli->after_dir) {
		free(rev);
		return target_from_dir(cli, setup, fs, t);
	}
	/* without --repo: the tree, then the convert stage's scratch */
	if (git_resolve(repo, rev, &sha) &&
	    (cli->repo || !cli->scratch ||
	     git_resolve((repo = cli->scratch), rev, &sha))) {
		if (named)
			fprintf(stderr, "fsconv: %s: no converted state "
				"'%s' in '%s'%s%s, nothing to verify\n",
				fs->name, rev, setup->repo,
				cli->scratch ? " or " : "",
				cli->scratch ? cli->scratch : "");
		free(rev);
		return 1;
	}
	t->fs = fs;
	t->repo = xstrdup(repo);
	t->after_rev = sha;
	t->after_name = rev;
	if (git_changed_files(repo, setup->before, sha, &fs->paths,
			      &t->touched)) {
		verify_target_release(t);
		return -1;
	}
	return 0;
}

static void all_symbols(const struct fstable *t, struct strvec *out)
{
	for (size_t i = 0; i < t->nfs; i++)
		for (size_t j = 0; j < t->fs[i].kconfig.n; j++)
			if (!strvec_contains(out, t->fs[i].kconfig.v[j]))
				strvec_push(out, t->fs[i].kconfig.v[j]);
}

static int resolve_setup(const struct verify_cli *cli,
			 struct verify_setup *s)
{
	char real[PATH_MAX];

	if (!realpath(cli->repo ? cli->repo : cli->tree, real))
		return error("cannot find '%s':", cli->repo ? cli->repo :
			     cli->tree);
	s->repo = xstrdup(real);
	if (!git_is_repo(s->repo))
		return error("'%s' is not a git repository; the verification "
			     "compares revisions", s->repo);
	if (git_resolve(s->repo, cli->before, &s->before))
		return error("no revision '%s' in '%s'", cli->before,
			     s->repo);
	s->before_name = cli->before;
	if (strcmp(cli->fallback, "none") &&
	    git_resolve(s->repo, cli->fallback, &s->fallback))
		fprintf(stderr, "fsconv: no fallback revision '%s' in '%s'; "
			"a file the tree does not compile has no before\n",
			cli->fallback, s->repo);
	s->fallback_name = s->fallback ? cli->fallback : NULL;
	return 0;
}

/* the sparse findings of src that lie in a function holding the parent */
static void keep_annotated(const struct kbuild *kb,
			   const struct annot_names *names,
			   const struct objres *r,
			   const struct findings *sp, struct findings *out)
{
	char *p = path_join(kb->src, r->src);
	struct buf text = BUF_INIT;
	struct annot_file af;

	if (buf_read_file(&text, p)) {
		free(p);
		return;
	}
	annot_file_make(&af, text.data, names, ANNOT_SPARSE);
	for (size_t k = 0; k < sp->n; k++) {
		const struct finding *f = &sp->v[k];
		const struct annot_func *fn = annot_func_named(&af, f->func);

		if (fn && fn->role != ROLE_NONE)
			findings_add(out, f->file, f->line, f->func, f->rule,
				     f->msg);
	}
	annot_file_release(&af);
	buf_release(&text);
	free(p);
}

/*
 * check-locks --path DIR: the lock checkers on the tree as given, for a
 * directory fstable need not list; every finding is printed.
 */
static int verify_absolute(struct kbuild *kb, const struct verify_setup *setup,
			   const struct strvec *dirs, FILE *out)
{
	struct verify v = { .kb = kb, .setup = setup,
			    .names = ANNOT_NAMES_INIT, .out = out };
	struct fs_entry dir = { .name = (char *)"path", .paths = *dirs };
	struct verify_target none = { .fs = &dir, .touched = STRVEC_INIT };
	struct strvec files = STRVEC_INIT;
	struct findings all = FINDINGS_INIT;
	struct srcstate st;
	size_t *idx, n = 0, nfiles = 0;
	int ret;

	v.t = &none;
	v.nt = 1;
	if ((setup->flags & VERIFY_CLANG) && lockclang_check_header())
		return -1;
	v.spec = path_join(kb->dir, "sparse-spec");
	v.check = locks_sparse_check(v.spec);
	srcstate_init(&st, setup->before_name, setup->repo, setup->before);
	ret = kbuild_checkout(kb, &st);
	srcstate_release(&st);
	if (!ret) {
		fs_sources(kb->src, &dir, &files);
		scan_names(&v);
		ret = locks_sparse_spec(v.spec, &v.names, kb->dir);
	}
	/* only files with a function holding the parent can have findings */
	for (size_t i = 0; !ret && i < files.n; i++) {
		char *p = path_join(kb->src, files.v[i]);
		struct buf text = BUF_INIT;
		struct annot_file af;

		if (!buf_read_file(&text, p)) {
			annot_file_make(&af, text.data, &v.names, ANNOT_SPARSE);
			if (af.nannotated)
				add_obj(&v, 0, files.v[i]);
			annot_file_release(&af);
		}
		buf_release(&text);
		free(p);
	}
	idx = xcalloc(v.no + 1, sizeof(*idx));
	for (size_t i = 0; i < v.no; i++)
		idx[n++] = i;
	if (!ret)
		ret = make_some(&v, idx, n, 0, 0);
	if (!ret)
		analyse(&v, idx, n, 0);
	for (size_t i = 0; !ret && i < v.no; i++) {
		struct vobj *o = &v.o[i];

		if (!o->before.attempted) {
			fprintf(out, "# %s: not built in this configuration, "
				"not checked\n", o->before.src);
			continue;
		}
		if (!o->before.built) {
			fprintf(out, "# %s: does not compile: %s\n",
				o->before.src, first_error(&o->before));
			continue;
		}
		if (o->clerr[0])
			fprintf(out, "# %s: clang could not check it: %s\n",
				o->before.src, o->clerr[0]);
		nfiles++;
		keep_annotated(kb, &v.names, &o->before, &o->sp[0], &all);
		for (size_t k = 0; k < o->cl[0].n; k++) {
			const struct finding *f = &o->cl[0].v[k];

			findings_add(&all, f->file, f->line, f->func, f->rule,
				     f->msg);
		}
	}
	findings_sort(&all);
	for (size_t i = 0; i < all.n; i++)
		finding_print(out, &all.v[i]);
	if (!ret)
		fprintf(out, "# %zu finding%s in %zu checked file%s of %zu\n",
			all.n, all.n == 1 ? "" : "s", nfiles,
			nfiles == 1 ? "" : "s", files.n);
	ret = ret ? -1 : all.n ? 1 : 0;
	findings_release(&all);
	for (size_t i = 0; i < v.no; i++) {
		objres_clear(&v.o[i].before);
		findings_release(&v.o[i].sp[0]);
		findings_release(&v.o[i].cl[0]);
		free(v.o[i].clerr[0]);
		free(v.o[i].before.obj);
		free(v.o[i].before.src);
		free(v.o[i].after.obj);
		free(v.o[i].after.src);
	}
	free(v.o);
	free(idx);
	strvec_clear(&files);
	annot_names_release(&v.names);
	free(v.spec);
	free(v.check);
	return ret;
}

static void print_missing(const struct kbuild *kb, FILE *out)
{
	if (!kb->missing.n)
		return;
	fprintf(out, "# not in the configuration (unmet dependencies):");
	for (size_t i = 0; i < kb->missing.n; i++)
		fprintf(out, " %s", kb->missing.v[i]);
	fputc('\n', out);
}

int verify_run(const struct verify_request *rq, const struct fstable *table,
	       FILE *out)
{
	struct verify_cli cli = { .repo = rq->repo, .before = rq->before,
				  .after = rq->after, .after_dir = rq->after_dir,
				  .fallback = rq->fallback, .tree = rq->tree };
	struct verify_setup setup = { .flags = rq->flags };
	struct strvec symbols = STRVEC_INIT;
	struct verify_target *t;
	struct kbuild kb;
	size_t n = 0;
	int ret = EXIT_USAGE;

	for (size_t a = 0; a < rq->names.n; a++)
		if (!fstable_lookup(table, rq->names.v[a]))
			return EXIT_USAGE;
	t = xcalloc(table->nfs + 1, sizeof(*t));
	if (resolve_setup(&cli, &setup))
		goto out;
	cli.scratch = scratch_repo(rq->tree);
	for (size_t i = 0; i < table->nfs; i++) {
		const struct fs_entry *fs = &table->fs[i];
		bool named = strvec_contains(&rq->names, fs->name);
		int r;

		if ((rq->names.n && !named) || (!rq->names.n && rq->paths.n))
			continue;
		r = make_target(&cli, &setup, fs, named, &t[n]);
		if (r < 0)
			goto out;
		n += !r;
	}
	if (!n && !rq->paths.n) {
		fprintf(stderr, "fsconv: no filesystem has a converted "
			"state to verify\n");
		ret = EXIT_OK;
		goto out;
	}
	all_symbols(table, &symbols);
	if (kbuild_open(&kb, rq->build_dir, rq->tree, &symbols, rq->jobs,
			rq->verbose)) {
		kbuild_release(&kb);
		goto out;
	}
	print_missing(&kb, out);
	ret = n ? verify_stage(&kb, &setup, t, n, out) : 0;
	if (ret >= 0 && rq->paths.n) {
		int r = verify_absolute(&kb, &setup, &rq->paths, out);

		ret = r < 0 ? r : ret + r;
	}
	ret = ret < 0 ? EXIT_USAGE : ret ? EXIT_FOUND : EXIT_OK;
	kbuild_release(&kb);
out:
	for (size_t i = 0; i < n; i++)
		verify_target_release(&t[i]);
	free(t);
	free(setup.repo);
	free(setup.before);
	free(setup.fallback);
	free(cli.scratch);
	strvec_clear(&symbols);
	return ret;
}

void verify_request_release(struct verify_request *rq)
{
	strvec_clear(&rq->names);
	strvec_clear(&rq->paths);
}

int verify_command(int argc, const char **argv, unsigned int flags,
		   const char *const *usage)
{
	struct verify_request rq = VERIFY_REQUEST_INIT;
	struct fstable table;
	int all = 0, ret;
	struct option options[] = {
		OPT_STRING(0, "repo", &rq.repo, "DIR",
			   "repository holding the revisions (default: the "
			   "tree, then the convert stage's scratch)"),
		OPT_STRING(0, "before", &rq.before, "REV",
			   "the tree as given (default: HEAD)"),
		OPT_STRING(0, "after", &rq.after, "REV",
			   "converted state; %s is the filesystem "
			   "(default: fsconv/%s)"),
		OPT_STRING(0, "after-dir", &rq.after_dir, "DIR",
			   "the converted state is this worktree, as it is "
			   "(one filesystem)"),
		OPT_STRING(0, "fallback", &rq.fallback, "REV",
			   "before state for files the tree does not compile "
			   "(default: base; 'none' for none)"),
		OPT_BOOL(0, "all", &all,
			 "compile and run both lock checkers in one pass"),
		OPT_STRING(0, "build-dir", &rq.build_dir, "DIR",
			   "where the scratch clones and O= directories live "
			   "(default: build/verify)"),
		OPT_STRVEC(0, "path", &rq.paths, "DIR",
			   "check-locks: check this directory of the tree as "
			   "given and print every finding (repeatable)"),
		OPT_END(),
	};

	argc = parse_options(argc, argv, options, usage, 0);
	rq.flags = all ? VERIFY_COMPILE | VERIFY_SPARSE | VERIFY_CLANG : flags;
	rq.tree = opts.tree;
	if (rq.after_dir && argc != 1)
		die("--after-dir takes exactly one filesystem");
	rq.jobs = opts.jobs;
	rq.verbose = opts.verbose;
	for (int a = 0; a < argc; a++)
		strvec_push(&rq.names, argv[a]);
	strvec_pushv(&rq.paths, (const char *const *)opts.paths.v);
	if (rq.paths.n && !(rq.flags & (VERIFY_SPARSE | VERIFY_CLANG)))
		die("--path is for check-locks");
	if (fstable_load(&table, opts.fstable, opts.tree)) {
		verify_request_release(&rq);
		return EXIT_USAGE;
	}
	ret = verify_run(&rq, &table, stdout);
	fstable_release(&table);
	verify_request_release(&rq);
	return ret;
}

int cmd_build(int argc, const char **argv)
{
	static const char *const usage[] = {
		"fsconv build [--before REV] [--after REV] [--fallback REV] "
		"[--repo DIR] [FS...]",
		NULL,
	};

	return verify_command(argc, argv, VERIFY_COMPILE, usage);
}
