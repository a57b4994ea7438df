// SPDX-License-Identifier: GPL-2.0
/*
 * The last stage.  The report is patches-out/REPORT.md (a one-screen
 * table first, then the sites per filesystem) and patches-out/report.json
 * with the same facts; both are rebuilt from the results files, so
 * `fsconv report` alone can rewrite them, and both are replaced
 * atomically.  `fsconv run`, every stage in turn, lives here too.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "commands.h"
#include "fsconv.h"
#include "options.h"
#include "convert.h"
#include "handoff.h"
#include "json.h"
#include "report.h"
#include "verify.h"

static const char *st(const struct fs_result *r, enum stage s)
{
	return r->stage[s].status ? r->stage[s].status : "-";
}

static size_t rules_applied(const struct fs_result *r)
{
	size_t n = 0;

	for (size_t i = 0; i < r->nrules; i++)
		n += r->rules[i].commit != NULL;
	return n;
}

/* a table cell: no '|' or newline may break the row */
static void md_cell(struct buf *b, const char *s)
{
	buf_adds(b, " ");
	for (; s && *s; s++) {
		if (*s == '|')
			buf_adds(b, "\\|");
		else if (*s == '\n')
			buf_addch(b, ' ');
		else
			buf_addch(b, *s);
	}
	buf_adds(b, " |");
}

static void md_site(struct buf *b, const struct site *s, bool manual)
{
	if (s->line)
		buf_addf(b, "- `%s:%d%s%.0d`", s->file, s->line,
			 s->col ? ":" : "", s->col);
	else
		buf_addf(b, "- `%s`", s->file);
	buf_addf(b, " %s", s->rule);
	if (manual)
		buf_addf(b, ", %s: %s", s->type, s->message);
	buf_addch(b, '\n');
}

/* a filesystem with nothing converted, reported or failed: one word */
static bool quiet_fs(const struct fs_result *r)
{
	return !r->nconverted && !r->nmanual && !r->series && !r->audit.n &&
	       !result_failed(r);
}

static void md_fs(struct buf *b, const struct fs_result *r)
{
	buf_addf(b, "\n## %s\n\n", r->fs);
	for (int i = 0; i < NR_STAGES; i++)
		if (r->stage[i].status)
			buf_addf(b, "- %s: %s%s%s\n", stage_names[i],
				 r->stage[i].status,
				 *r->stage[i].message ? ": " : "",
				 r->stage[i].message);
	if (r->series)
		buf_addf(b, "- series: `%s` (`fsconv send --dry-run %s`)\n",
			 r->series, r->fs);
	if (r->nconverted) {
		buf_addf(b, "\n### Sites converted (%zu)\n\n", r->nconverted);
		for (size_t i = 0; i < r->nconverted; i++)
			md_site(b, &r->converted[i], false);
	}
	if (r->nmanual) {
		buf_addf(b, "\n### Sites for a human (%zu)\n\n", r->nmanual);
		for (size_t i = 0; i < r->nmanual; i++)
			md_site(b, &r->manual[i], true);
	}
	if (r->verify_note || r->verify.n) {
		buf_adds(b, "\n### Verification\n\n");
		if (r->verify_note)
			buf_addf(b, "%s\n", r->verify_note);
		if (r->verify.n)
			buf_adds(b, "\n```\n");
		for (size_t i = 0; i < r->verify.n; i++)
			buf_addf(b, "%s\n", r->verify.v[i]);
		if (r->verify.n)
			buf_adds(b, "```\n");
	}
	if (r->audit_state) {
		buf_addf(b, "\n### Audit\n\nAudited: %s.\n\n", r->audit_state);
		for (size_t i = 0; i < r->audit.n; i++)
			buf_addf(b, "- %s\n", r->audit.v[i]);
		if (!r->audit.n)
			buf_adds(b, "Nothing MISSED, nothing for a human.\n");
	}
	if (r->checkpatch.n) {
		buf_addf(b, "\n### checkpatch (%zu, %d error(s))\n\n",
			 r->checkpatch.n, r->checkpatch_errors);
		for (size_t i = 0; i < r->checkpatch.n; i++)
			buf_addf(b, "- `%s`\n", r->checkpatch.v[i]);
	}
}

static void md_row(struct buf *b, const struct fs_result *r)
{
	char num[3][32];

	snprintf(num[0], sizeof(num[0]), "%zu", rules_applied(r));
	snprintf(num[1], sizeof(num[1]), "%zu", r->nconverted);
	snprintf(num[2], sizeof(num[2]), "%zu", r->nmanual);
	buf_adds(b, "|");
	md_cell(b, r->fs);
	for (int k = 0; k < 3; k++)
		md_cell(b, num[k]);
	/* the audit has its own line under the table: the columns stay */
	for (int s = 0; s < NR_STAGES; s++)
		if (s != STAGE_AUDIT)
			md_cell(b, st(r, s));
	md_cell(b, r->series ? r->series : "-");
	buf_addch(b, '\n');
}

/* the audit over every filesystem: one line, and which ones MISSED */
static void md_audit_total(struct buf *b, const struct fs_result *v, size_t n)
{
	unsigned int total[NR_AUDIT_COUNTS] = { 0 };
	struct buf missed = BUF_INIT;
	size_t audited = 0;

	for (size_t i = 0; i < n; i++) {
		if (!v[i].audit_state)
			continue;
		audited++;
		for (int k = 0; k < NR_AUDIT_COUNTS; k++)
			total[k] += v[i].audit_count[k];
		if (v[i].audit_count[AUDIT_MISSED])
			buf_addf(&missed, "%s%s", missed.len ? ", " : "",
				 v[i].fs);
	}
	if (audited) {
		buf_addf(b, "\nAudit of %zu filesystem(s): ", audited);
		for (int k = 0; k < NR_AUDIT_COUNTS; k++)
			buf_addf(b, "%s%u %s", k ? ", " : "", total[k],
				 audit_count_names[k]);
		if (missed.len)
			buf_addf(b, " (MISSED in %s)", missed.data);
		buf_adds(b, ".\n");
	}
	buf_release(&missed);
}

/*
 * One screen first: a row per filesystem with something to say, the
 * others named on one line; then the details of each row.
 */
static void md_report(struct buf *b, const struct workspace *ws,
		      struct fs_result *v, size_t n, const struct fs_result *fold)
{
	struct buf rest = BUF_INIT;
	size_t nrest = 0;

	buf_adds(b, "# fsconv report\n\n");
	buf_addf(b, "Tree `%s`", ws->tree);
	for (size_t i = 0; i < n; i++)
		if (v[i].api) {
			buf_addf(b, ", API profile %s", v[i].api);
			break;
		}
	buf_adds(b, ".\n\n");
	buf_adds(b, "| fs | rules applied | sites converted | manual sites "
		 "| plan | convert | verify | handoff | series |\n");
	buf_adds(b, "|----|---------------|-----------------|--------------"
		 "|------|---------|--------|---------|--------|\n");
	for (size_t i = 0; i < n; i++) {
		if (quiet_fs(&v[i])) {
			buf_addf(&rest, "%s%s", nrest++ ? ", " : "", v[i].fs);
			continue;
		}
		md_row(b, &v[i]);
	}
	if (fold) {
		struct fs_result row = *fold;

		/* the fold has no rules or sites of its own */
		row.fs = "(vfs-fold)";
		row.nrules = row.nconverted = row.nmanual = 0;
		md_row(b, &row);
	}
	md_audit_total(b, v, n);
	if (nrest)
		buf_addf(b, "\nNothing to convert or report (%zu): %s.\n", nrest,
			 rest.data);
	for (size_t i = 0; i < n; i++)
		if (!quiet_fs(&v[i]))
			md_fs(b, &v[i]);
	buf_release(&rest);
}

static void json_sites(struct json *j, const char *key, const struct site *v,
		       size_t n)
{
	json_open(j, key, '[');
	for (size_t i = 0; i < n; i++) {
		json_open(j, NULL, '{');
		json_str(j, "rule", v[i].rule);
		json_str(j, "file", v[i].file);
		json_int(j, "line", v[i].line);
		json_int(j, "col", v[i].col);
		json_str(j, "type", v[i].type);
		json_str(j, "message", v[i].message);
		json_close(j, '}');
	}
	json_close(j, ']');
}

static void json_strvec(struct json *j, const char *key,
			const struct strvec *sv)
{
	json_open(j, key, '[');
	for (size_t i = 0; i < sv->n; i++)
		json_str(j, NULL, sv->v[i]);
	json_close(j, ']');
}

static void json_fs(struct json *j, const char *key,
		    const struct fs_result *r)
{
	json_open(j, key, '{');
	json_str(j, "name", r->fs);
	json_str(j, "base", r->base);
	json_str(j, "api", r->api);
	json_open(j, "stages", '{');
	for (int i = 0; i < NR_STAGES; i++) {
		json_open(j, stage_names[i], '{');
		json_str(j, "status", st(r, i));
		json_str(j, "message", r->stage[i].message ?
				       r->stage[i].message : "");
		json_close(j, '}');
	}
	json_close(j, '}');
	json_open(j, "rules", '[');
	for (size_t i = 0; i < r->nrules; i++) {
		json_open(j, NULL, '{');
		json_str(j, "rule", r->rules[i].rule);
		json_str(j, "subject", r->rules[i].subject);
		json_bool(j, "applied", r->rules[i].commit != NULL);
		json_int(j, "sites", r->rules[i].sites);
		json_bool(j, "signature", r->rules[i].signature);
		json_close(j, '}');
	}
	json_close(j, ']');
	json_sites(j, "converted", r->converted, r->nconverted);
	json_sites(j, "manual", r->manual, r->nmanual);
	if (r->series)
		json_str(j, "series", r->series);
	else
		json_raw(j, "series", "null");
	json_strvec(j, "to", &r->to);
	json_strvec(j, "cc", &r->cc);
	json_strvec(j, "checkpatch", &r->checkpatch);
	json_int(j, "checkpatch_errors", r->checkpatch_errors);
	if (r->audit_state) {
		json_open(j, "audit", '{');
		json_str(j, "state", r->audit_state);
		json_open(j, "summary", '{');
		for (int i = 0; i < NR_AUDIT_COUNTS; i++)
			json_int(j, audit_count_names[i], r->audit_count[i]);
		json_close(j, '}');
		json_strvec(j, "sites", &r->audit);
		json_close(j, '}');
	} else {
		json_raw(j, "audit", "null");
	}
	json_open(j, "verification", '{');
	if (r->verify_note)
		json_str(j, "note", r->verify_note);
	else
		json_raw(j, "note", "null");
	json_strvec(j, "report", &r->verify);
	json_close(j, '}');
	json_close(j, '}');
}

static void json_report(struct buf *b, const struct workspace *ws,
			struct fs_result *v, size_t n,
			const struct fs_result *fold)
{
	struct json j;

	json_init(&j, b);
	json_open(&j, NULL, '{');
	json_str(&j, "tree", ws->tree);
	json_open(&j, "filesystems", '[');
	for (size_t i = 0; i < n; i++)
		json_fs(&j, NULL, &v[i]);
	json_close(&j, ']');
	if (fold)
		json_fs(&j, "vfs_fold", fold);
	else
		json_raw(&j, "vfs_fold", "null");
	json_close(&j, '}');
	buf_addch(b, '\n');
}

int report_write(const struct workspace *ws, const char *out,
		 const struct strvec *names)
{
	struct fs_result *v = xcalloc(names->n + 1, sizeof(*v)), fold;
	struct buf md = BUF_INIT, js = BUF_INIT;
	char *mdpath = path_join(out, "REPORT.md");
	char *jspath = path_join(out, "report.json");
	bool have_fold = !result_load(&fold, ws->cache, "vfs-fold");
	size_t n = 0;
	int ret = 0;

	for (size_t i = 0; i < names->n; i++)
		if (!result_load(&v[n], ws->results, names->v[i]))
			n++;
		else
			result_release(&v[n]);
	md_report(&md, ws, v, n, have_fold ? &fold : NULL);
	json_report(&js, ws, v, n, have_fold ? &fold : NULL);
	if (mkdirs(out, 0777))
		ret = error("cannot create '%s':", out);
	else if (write_file_if_changed(mdpath, md.data, md.len) ||
		 write_file_if_changed(jspath, js.data, js.len))
		ret = -1;
	for (size_t i = 0; i < n; i++)
		result_release(&v[i]);
	result_release(&fold);
	free(v);
	free(mdpath);
	free(jspath);
	buf_release(&md);
	buf_release(&js);
	return ret;
}

int cmd_report(int argc, const char **argv)
{
	static const char *const usage[] = { "fsconv report", NULL };
	const struct option options[] = { OPT_END() };
	struct strvec names = STRVEC_INIT;
	struct workspace ws;
	int failed = 0, ret;

	if (parse_options(argc, argv, options, usage, 0))
		die("report takes no arguments");
	workspace_open(&ws, opts.tree, WS_LOCATE_ONLY);
	result_list(ws.results, &names);
	if (!names.n)
		die("no results for '%s': run 'fsconv run' first", ws.tree);
	for (size_t i = 0; i < names.n; i++) {
		struct fs_result r;

		if (!result_load(&r, ws.results, names.v[i]))
			failed += result_failed(&r);
		result_release(&r);
	}
	ret = report_write(&ws, opts.out, &names);
	strvec_clear(&names);
	if (ret)
		return EXIT_FOUND;
	return failed ? EXIT_FOUND : EXIT_OK;
}

/* `fsconv run`: every stage in turn, each reading what the last wrote */
int cmd_run(int argc, const char **argv)
{
	static const char *const usage[] = {
		"fsconv run [--force] [--timeout SEC] [--cocci DIR] "
		"[--no-verify] [--no-audit] [FS...]",
		NULL,
	};
	struct convert_opts o = CONVERT_OPTS_INIT;
	int no_verify = 0;
	int no_audit = 0;
	const struct option options[] = {
		CONVERT_OPTIONS(&o),
		OPT_BOOL(0, "no-verify", &no_verify,
			 "do not compile-test and lock-check the converted "
			 "filesystems before the hand-off (a filesystem that "
			 "does not compile otherwise gets no series)"),
		OPT_BOOL(0, "no-audit", &no_audit,
			 "do not audit the converted filesystems (a MISSED "
			 "site otherwise makes the run exit 1)"),
		OPT_END(),
	};
	struct strvec names = STRVEC_INIT, all = STRVEC_INIT;
	struct workspace ws;
	struct plan p;
	int failed;

	argc = parse_options(argc, argv, options, usage, 0);
	convert_opts_defaults(&o);
	workspace_open(&ws, opts.tree, 0);
	plan_build(&p, &ws, o.cocci_dir, argc, argv);
	failed = convert_plan(&p, &o);
	for (size_t i = 0; i < p.nfs; i++)
		strvec_push(&names, p.fs[i].fs->name);
	if (!no_verify)
		failed += run_verify(&ws, &p.table, &names, o.force);
	if (!no_audit)
		failed += run_audit(&ws, &p.table, &names, o.force);
	failed += handoff_run(&ws, &names);
	result_list(ws.results, &all);
	if (report_write(&ws, opts.out, &all))
		failed++;
	else if (!opts.quiet)
		printf("report: %s/REPORT.md\n", opts.out);
	strvec_clear(&names);
	strvec_clear(&all);
	return failed ? EXIT_FOUND : EXIT_OK;
}
