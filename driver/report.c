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

#include "commands.h"
#include "fsconv.h"
#include "options.h"
#include "convert.h"
#include "handoff.h"
#include "report.h"

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
	return !r->nconverted && !r->nmanual && !r->series &&
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
	for (int s = 0; s < NR_STAGES; s++)
		md_cell(b, st(r, s));
	md_cell(b, r->series ? r->series : "-");
	buf_addch(b, '\n');
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
		 "| plan | convert | handoff | series |\n");
	buf_adds(b, "|----|---------------|-----------------|--------------"
		 "|------|---------|---------|--------|\n");
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
	if (nrest)
		buf_addf(b, "\nNothing to convert or report (%zu): %s.\n", nrest,
			 rest.data);
	for (size_t i = 0; i < n; i++)
		if (!quiet_fs(&v[i]))
			md_fs(b, &v[i]);
	buf_release(&rest);
}

/* a JSON string: escapes, and invalid UTF-8 as U+FFFD */
static void json_str(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	buf_addch(b, '"');
	while (*p) {
		size_t n = 0;

		if (*p == '"' || *p == '\\') {
			buf_addch(b, '\\');
			buf_addch(b, (char)*p++);
			continue;
		}
		if (*p < 0x20) {
			buf_addf(b, "\\u%04x", *p++);
			continue;
		}
		if (*p < 0x80) {
			buf_addch(b, (char)*p++);
			continue;
		}
		if ((*p & 0xe0) == 0xc0 && *p >= 0xc2)
			n = 1;
		else if ((*p & 0xf0) == 0xe0)
			n = 2;
		else if ((*p & 0xf8) == 0xf0 && *p <= 0xf4)
			n = 3;
		for (size_t i = 1; n && i <= n; i++)
			if ((p[i] & 0xc0) != 0x80)
				n = 0;
		if (!n) {
			buf_adds(b, "\\ufffd");
			p++;
			continue;
		}
		buf_add(b, p, n + 1);
		p += n + 1;
	}
	buf_addch(b, '"');
}

static void json_key(struct buf *b, const char *key)
{
	json_str(b, key);
	buf_addch(b, ':');
}

static void json_sites(struct buf *b, const char *key, const struct site *v,
		       size_t n)
{
	json_key(b, key);
	buf_addch(b, '[');
	for (size_t i = 0; i < n; i++) {
		buf_adds(b, i ? ",{" : "{");
		json_key(b, "rule");
		json_str(b, v[i].rule);
		buf_addch(b, ',');
		json_key(b, "file");
		json_str(b, v[i].file);
		buf_addf(b, ",\"line\":%d,\"col\":%d,", v[i].line, v[i].col);
		json_key(b, "type");
		json_str(b, v[i].type);
		buf_addch(b, ',');
		json_key(b, "message");
		json_str(b, v[i].message);
		buf_addch(b, '}');
	}
	buf_addch(b, ']');
}

static void json_strvec(struct buf *b, const char *key,
			const struct strvec *sv)
{
	json_key(b, key);
	buf_addch(b, '[');
	for (size_t i = 0; i < sv->n; i++) {
		if (i)
			buf_addch(b, ',');
		json_str(b, sv->v[i]);
	}
	buf_addch(b, ']');
}

static void json_fs(struct buf *b, const struct fs_result *r)
{
	buf_addch(b, '{');
	json_key(b, "name");
	json_str(b, r->fs);
	buf_addch(b, ',');
	json_key(b, "base");
	json_str(b, r->base);
	buf_addch(b, ',');
	json_key(b, "api");
	json_str(b, r->api);
	buf_adds(b, ",\"stages\":{");
	for (int i = 0; i < NR_STAGES; i++) {
		if (i)
			buf_addch(b, ',');
		json_key(b, stage_names[i]);
		buf_adds(b, "{\"status\":");
		json_str(b, st(r, i));
		buf_adds(b, ",\"message\":");
		json_str(b, r->stage[i].message);
		buf_addch(b, '}');
	}
	buf_adds(b, "},\"rules\":[");
	for (size_t i = 0; i < r->nrules; i++) {
		buf_adds(b, i ? ",{" : "{");
		json_key(b, "rule");
		json_str(b, r->rules[i].rule);
		buf_addch(b, ',');
		json_key(b, "subject");
		json_str(b, r->rules[i].subject);
		buf_addf(b, ",\"applied\":%s,\"sites\":%d,\"signature\":%s}",
			 r->rules[i].commit ? "true" : "false",
			 r->rules[i].sites,
			 r->rules[i].signature ? "true" : "false");
	}
	buf_adds(b, "],");
	json_sites(b, "converted", r->converted, r->nconverted);
	buf_addch(b, ',');
	json_sites(b, "manual", r->manual, r->nmanual);
	buf_addch(b, ',');
	json_key(b, "series");
	if (r->series)
		json_str(b, r->series);
	else
		buf_adds(b, "null");
	buf_addch(b, ',');
	json_strvec(b, "to", &r->to);
	buf_addch(b, ',');
	json_strvec(b, "cc", &r->cc);
	buf_addch(b, ',');
	json_strvec(b, "checkpatch", &r->checkpatch);
	buf_addf(b, ",\"checkpatch_errors\":%d}", r->checkpatch_errors);
}

static void json_report(struct buf *b, const struct workspace *ws,
			struct fs_result *v, size_t n,
			const struct fs_result *fold)
{
	buf_addch(b, '{');
	json_key(b, "tree");
	json_str(b, ws->tree);
	buf_adds(b, ",\"filesystems\":[");
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_addch(b, ',');
		json_fs(b, &v[i]);
	}
	buf_adds(b, "],\"vfs_fold\":");
	if (fold)
		json_fs(b, fold);
	else
		buf_adds(b, "null");
	buf_adds(b, "}\n");
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
		"fsconv run [--force] [--timeout SEC] [--cocci DIR] [FS...]",
		NULL,
	};
	struct convert_opts o = CONVERT_OPTS_INIT;
	const struct option options[] = {
		CONVERT_OPTIONS(&o),
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
