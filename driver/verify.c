// SPDX-License-Identifier: GPL-2.0
/*
 * `fsconv run`'s verification step: verify_run() (build.c) over the
 * converted filesystems, its printed report split per filesystem into the
 * results files.  build.c has no structured result to hand over, so the
 * report lines are the interface: verify_digest() reads the lines
 * report_target() prints, and anything it does not recognise is kept
 * verbatim for REPORT.md rather than guessed at.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "build.h"
#include "fsconv.h"
#include "verify.h"

struct digest {
	struct strvec objs;	/* compiled after */
	struct strvec before;	/* the before state of each, as verify says */
	struct strvec missing;	/* not built in this configuration */
	size_t broken;		/* objects that do not compile after */
	size_t new_errors, new_warnings;
	bool sparse, clang;	/* the checker ran on some file */
	size_t sp_new, sp_unchecked, cl_unchecked;
	struct strvec cl_new;	/* "C6" per new clang finding */
	struct strvec cl_gone;	/* "C6 in func" */
	struct strvec cant;	/* "could not check" reasons */
	int in;			/* 0 compile, 1 sparse, 2 clang */
};

/* "file:line: func: RULE: msg" (finding_print()): RULE, and func */
static void finding_fields(const char *s, char **rule, char **func)
{
	const char *f = strstr(s, ": "), *r = NULL, *e = NULL;

	if (f)
		r = strstr(f + 2, ": ");
	if (r)
		e = strstr(r + 2, ": ");
	*func = f && r ? xstrndup(f + 2, r - f - 2) : xstrdup("?");
	*rule = r && e ? xstrndup(r + 2, e - r - 2) : xstrdup("?");
}

static void digest_checker(struct digest *d, const char *rest, int which)
{
	size_t added = 0, gone = 0;
	const char *colon = strstr(rest, ": ");

	d->in = which;
	if (!colon)
		return;
	colon += 2;
	if (starts_with(colon, "not checked")) {
		*(which == 1 ? &d->sp_unchecked : &d->cl_unchecked) += 1;
	} else if (starts_with(colon, "could not check: ")) {
		strvec_push(&d->cant, colon + strlen("could not check: "));
		*(which == 1 ? &d->sp_unchecked : &d->cl_unchecked) += 1;
	} else if (sscanf(colon, "%zu new, %zu gone", &added, &gone) == 2) {
		if (which == 1) {
			d->sparse = true;
			d->sp_new += added;
		} else {
			d->clang = true;
		}
	}
}

static void digest_line(struct digest *d, const char *s)
{
	const char *p;
	char *rule, *func;

	if (starts_with(s, "  compile ")) {
		const char *after = strstr(s, "; after: ");
		const char *obj = s + strlen("  compile ");

		d->in = 0;
		p = strstr(obj, ": ");
		if (!p)
			return;
		if (starts_with(p, ": not built")) {
			strvec_pushf(&d->missing, "%.*s", (int)(p - obj), obj);
			return;
		}
		if (!starts_with(p, ": before: ") || !after)
			return;
		strvec_pushf(&d->objs, "%.*s", (int)(p - obj), obj);
		p += strlen(": before: ");
		if (starts_with(p, "does not compile"))
			strvec_push(&d->before, "none");
		else
			strvec_pushf(&d->before, "%.*s",
				     (int)strcspn(p, " ;"), p);
		if (strcmp(after + strlen("; after: "), "compiles"))
			d->broken++;
	} else if (starts_with(s, "  sparse ")) {
		digest_checker(d, s, 1);
	} else if (starts_with(s, "  clang ")) {
		digest_checker(d, s, 2);
	} else if (starts_with(s, "    new error: ")) {
		d->new_errors++;
	} else if (starts_with(s, "    new warning: ")) {
		d->new_warnings++;
	} else if (d->in == 2 && (starts_with(s, "    new: ") ||
				  starts_with(s, "    gone: "))) {
		bool added = s[4] == 'n';

		finding_fields(s + (added ? 9 : 10), &rule, &func);
		if (added)
			strvec_push(&d->cl_new, rule);
		else
			strvec_pushf(&d->cl_gone, "%s in %s", rule, func);
		free(rule);
		free(func);
	}
}

static void list_words(struct buf *b, const struct strvec *v)
{
	for (size_t i = 0; i < v->n; i++)
		buf_addf(b, "%s%s", i ? ", " : "", v->v[i]);
}

/* "before: base" when every object agrees, else one state per object */
static void before_words(struct buf *b, const struct digest *d)
{
	bool same = true;

	for (size_t i = 1; i < d->before.n; i++)
		same &= !strcmp(d->before.v[i], d->before.v[0]);
	if (same) {
		buf_addf(b, "before: %s", d->before.v[0]);
		if (!strcmp(d->before.v[0], "base"))
			buf_addf(b, ", as the tree as given (the VFS change "
				 "without this series) does not compile %s",
				 d->objs.n == 1 ? "it" : "them");
		else if (!strcmp(d->before.v[0], "none"))
			buf_adds(b, ", it does not compile before either");
		return;
	}
	buf_adds(b, "before:");
	for (size_t i = 0; i < d->before.n; i++)
		buf_addf(b, "%s %s %s", i ? "," : "", d->objs.v[i],
			 d->before.v[i]);
}

/* "2 C1, 1 C6" */
static void rule_counts(struct buf *b, const struct strvec *rules)
{
	struct strvec seen = STRVEC_INIT;

	for (size_t i = 0; i < rules->n; i++) {
		size_t n = 0;

		if (strvec_contains(&seen, rules->v[i]))
			continue;
		strvec_push(&seen, rules->v[i]);
		for (size_t j = i; j < rules->n; j++)
			n += !strcmp(rules->v[j], rules->v[i]);
		buf_addf(b, "%s%zu %s", seen.n > 1 ? ", " : "", n,
			 rules->v[i]);
	}
	strvec_clear(&seen);
}

static void compile_words(struct buf *b, const struct digest *d,
			  const struct fs_entry *fs,
			  const struct strvec *unmet)
{
	struct utsname u;
	size_t nsym = 0;

	buf_addf(b, "Compile-tested on %s defconfig",
		 uname(&u) ? "the host's" : u.machine);
	for (size_t i = 0; fs && i < fs->kconfig.n; i++)
		if (!strvec_contains(unmet, fs->kconfig.v[i]))
			buf_addf(b, "%s%s%s", nsym++ ? ", " : " plus ",
				 starts_with(fs->kconfig.v[i], "CONFIG_") ?
				 "" : "CONFIG_", fs->kconfig.v[i]);
	buf_adds(b, " (");
	list_words(b, &d->objs);
	buf_adds(b, "; ");
	before_words(b, d);
	buf_adds(b, "): ");
	if (d->broken)
		buf_addf(b, "%zu object%s DO%s NOT COMPILE after it", d->broken,
			 d->broken == 1 ? "" : "s", d->broken == 1 ? "ES" : "");
	else if (d->new_warnings)
		buf_addf(b, "compiles, with %zu new warning%s",
			 d->new_warnings, d->new_warnings == 1 ? "" : "s");
	else
		buf_adds(b, "compiles, no new error or warning");
	if (d->missing.n) {
		buf_adds(b, "; not built in this configuration: ");
		list_words(b, &d->missing);
	}
}

/* the cover letter's paragraph: only what verify ran and said */
static char *note_for(const struct digest *d, const struct fs_entry *fs,
		      const struct strvec *unmet)
{
	struct buf b = BUF_INIT;

	if (d->objs.n)
		compile_words(&b, d, fs, unmet);
	else if (d->missing.n) {
		buf_adds(&b, "Not compile-tested: ");
		list_words(&b, &d->missing);
		buf_adds(&b, " not built in the verification configuration");
	} else {
		buf_adds(&b, "Not compile-tested: no C source among the "
			 "touched files");
	}
	if (d->sparse) {
		buf_adds(&b, "; sparse -Wcontext: ");
		if (d->sp_new)
			buf_addf(&b, "%zu new context imbalance%s", d->sp_new,
				 d->sp_new == 1 ? "" : "s");
		else
			buf_adds(&b, "no new context imbalance");
	}
	if (d->clang) {
		buf_adds(&b, "; clang lock analysis: ");
		if (d->cl_new.n) {
			buf_adds(&b, "new findings: ");
			rule_counts(&b, &d->cl_new);
		} else {
			buf_adds(&b, "no new finding");
		}
		if (d->cl_gone.n) {
			buf_adds(&b, " (");
			list_words(&b, &d->cl_gone);
			buf_adds(&b, " gone)");
		}
	}
	if (d->sp_unchecked || d->cl_unchecked)
		buf_addf(&b, "; %zu file(s) not lock-checked",
			 d->sp_unchecked + d->cl_unchecked);
	buf_adds(&b, ".");
	return buf_detach(&b);
}

static void verify_digest_unmet(struct fs_result *r, const struct fs_entry *fs,
				const char *report, const struct strvec *unmet)
{
	struct digest d = { .objs = STRVEC_INIT, .before = STRVEC_INIT,
			    .missing = STRVEC_INIT, .cl_new = STRVEC_INIT,
			    .cl_gone = STRVEC_INIT, .cant = STRVEC_INIT };
	struct strvec lines = STRVEC_INIT;
	char *head = xasprintf("== %s: ", r->fs);
	char *tail_ok = xasprintf("%s: ok", r->fs);
	char *tail_fail = xasprintf("%s: FAIL", r->fs);
	bool in = false, done = false;

	strvec_clear(&r->verify);
	free(r->verify_note);
	r->verify_note = NULL;
	strvec_split_lines(&lines, report);
	for (size_t i = 0; i < lines.n && !done; i++) {
		const char *s = lines.v[i];

		if (!in) {
			in = starts_with(s, head);
			if (in)
				strvec_push(&r->verify, s);
			continue;
		}
		strvec_push(&r->verify, s);
		if (!strcmp(s, tail_ok) || !strcmp(s, tail_fail))
			done = true;
		else
			digest_line(&d, s);
	}
	if (!done) {
		result_set_stage(r, STAGE_VERIFY, "failed", "verification "
				 "did not report on it");
	} else {
		r->verify_note = note_for(&d, fs, unmet);
		if (d.broken)
			result_set_stage(r, STAGE_VERIFY, "failed",
					 "%zu object(s) do not compile after "
					 "the conversion", d.broken);
		else if (d.new_warnings || d.sp_new || d.cl_new.n ||
			 d.cant.n || d.missing.n)
			result_set_stage(r, STAGE_VERIFY, "warn", "%zu new "
					 "warning(s), %zu new sparse, %zu new "
					 "clang finding(s), %zu not built, "
					 "%zu not checked", d.new_warnings,
					 d.sp_new, d.cl_new.n, d.missing.n,
					 d.cant.n);
		else
			result_set_stage(r, STAGE_VERIFY, "ok", "%zu object(s) "
					 "compile, no new finding", d.objs.n);
	}
	strvec_clear(&lines);
	strvec_clear(&d.objs);
	strvec_clear(&d.before);
	strvec_clear(&d.missing);
	strvec_clear(&d.cl_new);
	strvec_clear(&d.cl_gone);
	strvec_clear(&d.cant);
	free(head);
	free(tail_ok);
	free(tail_fail);
}

void verify_digest(struct fs_result *r, const struct fs_entry *fs,
		   const char *report)
{
	struct strvec unmet = STRVEC_INIT;
	struct strvec lines = STRVEC_INIT;
	const char *key = "# not in the configuration (unmet dependencies):";

	strvec_split_lines(&lines, report);
	for (size_t i = 0; i < lines.n; i++) {
		char *s = lines.v[i], *w;

		if (!starts_with(s, key))
			continue;
		for (w = strtok(s + strlen(key), " "); w; w = strtok(NULL, " "))
			strvec_push(&unmet, w);
	}
	verify_digest_unmet(r, fs, report, &unmet);
	strvec_clear(&lines);
	strvec_clear(&unmet);
}

/* converted, and the branch differs from its base */
static bool to_verify(const struct fs_result *r)
{
	const char *conv = r->stage[STAGE_CONVERT].status;

	return conv && !strcmp(conv, "ok") && r->tip && r->base &&
	       strcmp(r->tip, r->base);
}

/* a verification of this very branch is on record: nothing to redo */
static bool verified_already(const struct fs_result *r)
{
	const char *v = r->stage[STAGE_VERIFY].status;

	return v && (!strcmp(v, "ok") || !strcmp(v, "warn") ||
		     !strcmp(v, "failed")) && r->verify_note;
}

int run_verify(const struct workspace *ws, const struct fstable *table,
	       const struct strvec *names, bool force)
{
	struct verify_request rq = VERIFY_REQUEST_INIT;
	struct fs_result *v = xcalloc(names->n + 1, sizeof(*v));
	char *text = NULL;
	size_t len = 0, n = 0;
	int failed = 0, ret;
	FILE *out;

	for (size_t i = 0; i < names->n; i++) {
		if (result_load(&v[n], ws->results, names->v[i])) {
			result_release(&v[n]);
			continue;
		}
		if (!force && to_verify(&v[n]) && verified_already(&v[n])) {
			if (!opts.quiet)
				printf("%s: verification unchanged (%s)\n",
				       v[n].fs,
				       v[n].stage[STAGE_VERIFY].status);
			failed += result_stage_failed(&v[n], STAGE_VERIFY);
			result_release(&v[n]);
			continue;
		}
		result_set_stage(&v[n], STAGE_VERIFY, NULL, "%s", "");
		strvec_clear(&v[n].verify);
		free(v[n].verify_note);
		v[n].verify_note = NULL;
		if (to_verify(&v[n]))
			strvec_push(&rq.names, v[n].fs);
		else if (result_stage_failed(&v[n], STAGE_PLAN) ||
			 result_stage_failed(&v[n], STAGE_CONVERT))
			result_set_stage(&v[n], STAGE_VERIFY, "skipped",
					 "the conversion did not succeed");
		else
			result_set_stage(&v[n], STAGE_VERIFY, "skipped",
					 "nothing converted to verify");
		n++;
	}
	rq.tree = opts.tree;
	rq.flags = VERIFY_COMPILE | VERIFY_SPARSE | VERIFY_CLANG;
	rq.jobs = opts.jobs;
	rq.verbose = opts.verbose;
	ret = EXIT_OK;
	if (rq.names.n) {
		out = open_memstream(&text, &len);
		if (!out)
			die("out of memory");
		ret = verify_run(&rq, table, out);
		fclose(out);
		if (!opts.quiet)
			fputs(text, stdout);
	}
	for (size_t i = 0; i < n; i++) {
		if (!strvec_contains(&rq.names, v[i].fs))
			goto save;
		if (ret == EXIT_USAGE)
			result_set_stage(&v[i], STAGE_VERIFY, "failed",
					 "verification could not run");
		else
			verify_digest(&v[i], fstable_lookup(table, v[i].fs),
				      text);
		failed += result_stage_failed(&v[i], STAGE_VERIFY);
save:
		if (result_save(&v[i], ws->results))
			failed++;
		result_release(&v[i]);
	}
	free(v);
	free(text);
	verify_request_release(&rq);
	return failed;
}
