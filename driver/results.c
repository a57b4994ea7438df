// SPDX-License-Identifier: GPL-2.0
/*
 * The results file every stage shares, one per filesystem: a line format,
 * one record per line, tab-separated fields with '\t' '\n' '\\' escaped.
 * A corrupt file is a warning and is rebuilt by the next run.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "results.h"

#define RESULTS_MAGIC "fsconv-results 1"

const char *const stage_names[NR_STAGES] = { "plan", "convert", "verify",
						     "audit", "handoff" };

void result_init(struct fs_result *r, const char *fs)
{
	memset(r, 0, sizeof(*r));
	r->fs = xstrdup(fs);
	strvec_init(&r->to);
	strvec_init(&r->cc);
	strvec_init(&r->checkpatch);
	strvec_init(&r->verify);
	strvec_init(&r->audit);
}

static void sites_free(struct site *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].rule);
		free(v[i].file);
		free(v[i].type);
		free(v[i].message);
	}
	free(v);
}

void result_release(struct fs_result *r)
{
	free(r->fs);
	free(r->prefix);
	free(r->base);
	free(r->tip);
	free(r->memo);
	free(r->api);
	free(r->series);
	for (int i = 0; i < NR_STAGES; i++) {
		free(r->stage[i].status);
		free(r->stage[i].message);
	}
	for (size_t i = 0; i < r->nrules; i++) {
		free(r->rules[i].rule);
		free(r->rules[i].subject);
		free(r->rules[i].commit);
	}
	free(r->rules);
	sites_free(r->converted, r->nconverted);
	sites_free(r->manual, r->nmanual);
	strvec_clear(&r->to);
	strvec_clear(&r->cc);
	strvec_clear(&r->checkpatch);
	strvec_clear(&r->verify);
	free(r->verify_note);
	free(r->audit_key);
	free(r->audit_state);
	strvec_clear(&r->audit);
	memset(r, 0, sizeof(*r));
}

void result_set_stage(struct fs_result *r, enum stage s, const char *status,
		      const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	free(r->stage[s].status);
	free(r->stage[s].message);
	r->stage[s].status = status ? xstrdup(status) : NULL;
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	r->stage[s].message = buf_detach(&b);
}

void site_add(struct site **v, size_t *n, const char *rule, const char *file,
	      int line, int col, const char *type, const char *message)
{
	*v = xreallocarray(*v, *n + 1, sizeof(**v));
	(*v)[(*n)++] = (struct site){
		.rule = xstrdup(rule ? rule : ""),
		.file = xstrdup(file ? file : ""),
		.line = line,
		.col = col,
		.type = xstrdup(type ? type : ""),
		.message = xstrdup(message ? message : ""),
	};
}

bool result_stage_failed(const struct fs_result *r, int stage)
{
	const char *s = r->stage[stage].status;

	return s && !strcmp(s, "failed");
}

bool result_failed(const struct fs_result *r)
{
	for (int i = 0; i < NR_STAGES; i++)
		if (result_stage_failed(r, i))
			return true;
	return false;
}

static void put_field(struct buf *b, const char *s)
{
	buf_addch(b, '\t');
	for (; s && *s; s++) {
		if (*s == '\t')
			buf_adds(b, "\\t");
		else if (*s == '\n')
			buf_adds(b, "\\n");
		else if (*s == '\\')
			buf_adds(b, "\\\\");
		else
			buf_addch(b, *s);
	}
}

/* a record: key, then its fields; PUT() counts them */
static void put_record(struct buf *b, const char *key, size_t n,
		       const char *const *f)
{
	buf_adds(b, key);
	for (size_t i = 0; i < n; i++)
		put_field(b, f[i]);
	buf_addch(b, '\n');
}

#define PUT(b, key, ...)                                                \
	put_record(b, key, ARRAY_SIZE(((const char *[]){ __VA_ARGS__ })), \
		   (const char *[]){ __VA_ARGS__ })

static void put_sites(struct buf *b, const char *key, const struct site *v,
		      size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char line[16], col[16];

		snprintf(line, sizeof(line), "%d", v[i].line);
		snprintf(col, sizeof(col), "%d", v[i].col);
		PUT(b, key, v[i].rule, v[i].file, line, col, v[i].type,
		    v[i].message);
	}
}

int write_file_if_changed(const char *path, const void *p, size_t len)
{
	struct buf old = BUF_INIT;
	bool same = !buf_read_file(&old, path) && old.len == len &&
		    !memcmp(old.data, p, len);

	buf_release(&old);
	return same ? 0 : write_file_atomic(path, p, len);
}

int result_save(const struct fs_result *r, const char *dir)
{
	struct buf b = BUF_INIT;
	char *path = path_join(dir, r->fs);
	char num[32];
	int ret;

	buf_adds(&b, RESULTS_MAGIC "\n");
	PUT(&b, "fs", r->fs);
	PUT(&b, "prefix", r->prefix);
	PUT(&b, "base", r->base);
	PUT(&b, "tip", r->tip);
	PUT(&b, "memo", r->memo);
	PUT(&b, "api", r->api);
	for (int i = 0; i < NR_STAGES; i++)
		if (r->stage[i].status)
			PUT(&b, "stage", stage_names[i], r->stage[i].status,
			    r->stage[i].message);
	for (size_t i = 0; i < r->nrules; i++) {
		snprintf(num, sizeof(num), "%d", r->rules[i].sites);
		PUT(&b, "rule", r->rules[i].rule,
		    r->rules[i].commit ? r->rules[i].commit : "-", num,
		    r->rules[i].signature ? "signature" : "-",
		    r->rules[i].subject);
	}
	put_sites(&b, "converted", r->converted, r->nconverted);
	put_sites(&b, "manual", r->manual, r->nmanual);
	if (r->series)
		PUT(&b, "series", r->series);
	for (size_t i = 0; i < r->to.n; i++)
		PUT(&b, "to", r->to.v[i]);
	for (size_t i = 0; i < r->cc.n; i++)
		PUT(&b, "cc", r->cc.v[i]);
	for (size_t i = 0; i < r->checkpatch.n; i++)
		PUT(&b, "checkpatch", r->checkpatch.v[i]);
	snprintf(num, sizeof(num), "%d", r->checkpatch_errors);
	PUT(&b, "checkpatch_errors", num);
	for (size_t i = 0; i < r->verify.n; i++)
		PUT(&b, "verify", r->verify.v[i]);
	if (r->verify_note)
		PUT(&b, "verify_note", r->verify_note);
	if (r->audit_state) {
		PUT(&b, "audit_key", r->audit_key);
		PUT(&b, "audit_state", r->audit_state);
		for (int i = 0; i < NR_AUDIT_COUNTS; i++) {
			snprintf(num, sizeof(num), "%u", r->audit_count[i]);
			PUT(&b, "audit_count", audit_count_names[i], num);
		}
		for (size_t i = 0; i < r->audit.n; i++)
			PUT(&b, "audit", r->audit.v[i]);
	}
	if (mkdirs(dir, 0777))
		ret = error("cannot create '%s':", dir);
	else
		ret = write_file_if_changed(path, b.data, b.len);
	free(path);
	buf_release(&b);
	return ret;
}

/* split one line into unescaped fields */
static void get_fields(char *line, struct strvec *f)
{
	for (char *s = line;;) {
		size_t n = strcspn(s, "\t");
		struct buf b = BUF_INIT;

		for (size_t i = 0; i < n; i++) {
			if (s[i] == '\\' && i + 1 < n) {
				i++;
				buf_addch(&b, s[i] == 't' ? '\t' :
					      s[i] == 'n' ? '\n' : s[i]);
			} else {
				buf_addch(&b, s[i]);
			}
		}
		strvec_push(f, b.data);
		buf_release(&b);
		if (!s[n])
			break;
		s += n + 1;
	}
}

static char *dup_or_null(const char *s)
{
	return s && *s && strcmp(s, "-") ? xstrdup(s) : NULL;
}

static int get_record(struct fs_result *r, struct strvec *f)
{
	const char *k = f->v[0];
	size_t n = f->n;

	if (!strcmp(k, "fs") && n == 2)
		return strcmp(f->v[1], r->fs) ? -1 : 0;
	if (!strcmp(k, "prefix") && n == 2)
		r->prefix = dup_or_null(f->v[1]);
	else if (!strcmp(k, "base") && n == 2)
		r->base = dup_or_null(f->v[1]);
	else if (!strcmp(k, "tip") && n == 2)
		r->tip = dup_or_null(f->v[1]);
	else if (!strcmp(k, "memo") && n == 2)
		r->memo = dup_or_null(f->v[1]);
	else if (!strcmp(k, "api") && n == 2)
		r->api = dup_or_null(f->v[1]);
	else if (!strcmp(k, "series") && n == 2)
		r->series = dup_or_null(f->v[1]);
	else if (!strcmp(k, "to") && n == 2)
		strvec_push(&r->to, f->v[1]);
	else if (!strcmp(k, "cc") && n == 2)
		strvec_push(&r->cc, f->v[1]);
	else if (!strcmp(k, "checkpatch") && n == 2)
		strvec_push(&r->checkpatch, f->v[1]);
	else if (!strcmp(k, "checkpatch_errors") && n == 2)
		r->checkpatch_errors = atoi(f->v[1]);
	else if (!strcmp(k, "verify") && n == 2)
		strvec_push(&r->verify, f->v[1]);
	else if (!strcmp(k, "verify_note") && n == 2)
		r->verify_note = dup_or_null(f->v[1]);
	else if (!strcmp(k, "audit_key") && n == 2)
		r->audit_key = dup_or_null(f->v[1]);
	else if (!strcmp(k, "audit_state") && n == 2)
		r->audit_state = dup_or_null(f->v[1]);
	else if (!strcmp(k, "audit") && n == 2)
		strvec_push(&r->audit, f->v[1]);
	else if (!strcmp(k, "audit_count") && n == 3) {
		for (int i = 0; i < NR_AUDIT_COUNTS; i++)
			if (!strcmp(audit_count_names[i], f->v[1]))
				r->audit_count[i] = (unsigned int)atoi(f->v[2]);
	}	else if (!strcmp(k, "stage") && n == 4) {
		for (int i = 0; i < NR_STAGES; i++)
			if (!strcmp(stage_names[i], f->v[1]))
				result_set_stage(r, i, f->v[2], "%s",
						 f->v[3]);
	} else if (!strcmp(k, "rule") && n == 6) {
		r->rules = xreallocarray(r->rules, r->nrules + 1,
					 sizeof(*r->rules));
		r->rules[r->nrules++] = (struct rule_result){
			.rule = xstrdup(f->v[1]),
			.commit = dup_or_null(f->v[2]),
			.sites = atoi(f->v[3]),
			.signature = !strcmp(f->v[4], "signature"),
			.subject = xstrdup(f->v[5]),
		};
	} else if ((!strcmp(k, "converted") || !strcmp(k, "manual")) &&
		   n == 7) {
		bool conv = k[0] == 'c';

		site_add(conv ? &r->converted : &r->manual,
			 conv ? &r->nconverted : &r->nmanual, f->v[1],
			 f->v[2], atoi(f->v[3]), atoi(f->v[4]), f->v[5],
			 f->v[6]);
	} else {
		return -1;
	}
	return 0;
}

int result_load(struct fs_result *r, const char *dir, const char *fs)
{
	struct buf text = BUF_INIT;
	char *path = path_join(dir, fs);
	int ret = 0, lineno = 0;

	result_init(r, fs);
	if (buf_read_file(&text, path)) {
		free(path);
		return -1;
	}
	if (!starts_with(text.data, RESULTS_MAGIC "\n")) {
		ret = -1;
		lineno = 1;
	}
	for (char *s = text.data; !ret && *s; ) {
		size_t n = strcspn(s, "\n");
		struct strvec f = STRVEC_INIT;

		lineno++;
		s[n] = '\0';
		if (lineno > 1) {
			get_fields(s, &f);
			ret = get_record(r, &f);
		}
		strvec_clear(&f);
		s += n + 1;
		if (s > text.data + text.len)
			break;
	}
	if (ret) {
		warning("'%s:%d' is corrupt; ignoring it (the next run "
			"rewrites it)", path, lineno);
		result_release(r);
		result_init(r, fs);
	}
	free(path);
	buf_release(&text);
	return ret;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void result_list(const char *dir, struct strvec *names)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d)))
		if (de->d_name[0] != '.' && !strstr(de->d_name, ".tmp."))
			strvec_push(names, de->d_name);
	closedir(d);
	qsort(names->v, names->n, sizeof(*names->v), cmp_str);
}

