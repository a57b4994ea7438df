// SPDX-License-Identifier: GPL-2.0
/*
 * The text of a series: the manifest each version directory keeps (base,
 * tip, fingerprint, change-id, recipients, checkpatch findings, one line
 * per patch), the cover letter's body and its "Changes in vN" list.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fsconv.h"
#include "plan.h"
#include "series.h"

#define MANIFEST "manifest"

void manifest_init(struct manifest *m)
{
	memset(m, 0, sizeof(*m));
	strvec_init(&m->to);
	strvec_init(&m->cc);
	strvec_init(&m->checkpatch);
}

void manifest_release(struct manifest *m)
{
	free(m->base);
	free(m->tip);
	free(m->change_id);
	strvec_clear(&m->to);
	strvec_clear(&m->cc);
	strvec_clear(&m->checkpatch);
	for (size_t i = 0; i < m->npatches; i++)
		free(m->patches[i].subject);
	free(m->patches);
	manifest_init(m);
}

void manifest_add_patch(struct manifest *m, const char *subject,
			uint64_t hash)
{
	m->patches = xreallocarray(m->patches, m->npatches + 1,
				   sizeof(*m->patches));
	m->patches[m->npatches++] = (struct patch_info){ xstrdup(subject),
							  hash };
}

/* "key value" lines; values are single lines */
int manifest_load(struct manifest *m, const char *dir)
{
	char *path = path_join(dir, MANIFEST);
	struct buf text = BUF_INIT;
	struct strvec lines = STRVEC_INIT;

	manifest_init(m);
	if (buf_read_file(&text, path)) {
		free(path);
		return -1;
	}
	strvec_split_lines(&lines, text.data);
	for (size_t i = 0; i < lines.n; i++) {
		char *k = lines.v[i], *v = strchr(k, ' ');

		if (!v)
			continue;
		*v++ = '\0';
		if (!strcmp(k, "version"))
			m->version = atoi(v);
		else if (!strcmp(k, "base"))
			m->base = xstrdup(v);
		else if (!strcmp(k, "tip"))
			m->tip = xstrdup(v);
		else if (!strcmp(k, "change-id"))
			m->change_id = xstrdup(v);
		else if (!strcmp(k, "fingerprint"))
			m->fingerprint = strtoull(v, NULL, 16);
		else if (!strcmp(k, "to"))
			strvec_push(&m->to, v);
		else if (!strcmp(k, "cc"))
			strvec_push(&m->cc, v);
		else if (!strcmp(k, "checkpatch"))
			strvec_push(&m->checkpatch, v);
		else if (!strcmp(k, "checkpatch-errors"))
			m->checkpatch_errors = atoi(v);
		else if (!strcmp(k, "patch") && strchr(v, ' ')) {
			char *s = strchr(v, ' ');

			*s = '\0';
			manifest_add_patch(m, s + 1, strtoull(v, NULL, 16));
		}
	}
	strvec_clear(&lines);
	buf_release(&text);
	if (!m->version || !m->base || !m->tip) {
		warning("'%s' is corrupt; treating the version as unknown",
			path);
		free(path);
		manifest_release(m);
		return -1;
	}
	free(path);
	return 0;
}

int manifest_save(const struct manifest *m, const char *dir)
{
	struct buf b = BUF_INIT;
	char *path = path_join(dir, MANIFEST);
	int ret;

	buf_addf(&b, "version %d\nbase %s\ntip %s\nchange-id %s\n"
		 "fingerprint %016llx\n", m->version, m->base, m->tip,
		 m->change_id, (unsigned long long)m->fingerprint);
	for (size_t i = 0; i < m->to.n; i++)
		buf_addf(&b, "to %s\n", m->to.v[i]);
	for (size_t i = 0; i < m->cc.n; i++)
		buf_addf(&b, "cc %s\n", m->cc.v[i]);
	for (size_t i = 0; i < m->npatches; i++)
		buf_addf(&b, "patch %016llx %s\n",
			 (unsigned long long)m->patches[i].hash,
			 m->patches[i].subject);
	for (size_t i = 0; i < m->checkpatch.n; i++)
		buf_addf(&b, "checkpatch %s\n", m->checkpatch.v[i]);
	buf_addf(&b, "checkpatch-errors %d\n", m->checkpatch_errors);
	ret = write_file_atomic(path, b.data, b.len);
	buf_release(&b);
	free(path);
	return ret;
}

int latest_version(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int best = 0;

	if (!d)
		return 0;
	while ((de = readdir(d))) {
		char *end;
		long n;

		if (de->d_name[0] != 'v' || !isdigit((unsigned char)de->d_name[1]))
			continue;
		n = strtol(de->d_name + 1, &end, 10);
		if (!*end && n > best && n < 10000)
			best = (int)n;
	}
	closedir(d);
	return best;
}

/* the commits base..tip, oldest first: subject and content hash each */
int read_patches(const struct workspace *ws, const char *base,
			const char *tip, struct manifest *m)
{
	struct buf out = BUF_INIT;
	char *range = xasprintf("%s..%s", base, tip);
	int ret = ws_gitl(ws, NULL, &out, "log", "--reverse", "-p",
			  "--format=%x01%s%n%n%b", range, NULL);

	for (char *s = out.data; !ret && (s = strchr(s, '\x01')); ) {
		char *end = strchr(s + 1, '\x01');
		size_t n = end ? (size_t)(end - s - 1) : strlen(s + 1);
		char *subject = xstrndup(s + 1, strcspn(s + 1, "\n"));

		manifest_add_patch(m, subject, fnv64(FNV64_INIT, s + 1, n));
		free(subject);
		s += 1 + n;
	}
	free(range);
	buf_release(&out);
	return ret;
}

/* "patch 1", "patches 1-2", "patches 1, 3" */
static void patch_numbers(struct buf *b, const int *v, size_t n)
{
	bool range = n > 1;

	for (size_t i = 1; i < n; i++)
		range &= v[i] == v[i - 1] + 1;
	buf_adds(b, n > 1 ? "Patches " : "Patch ");
	if (range) {
		buf_addf(b, "%d-%d", v[0], v[n - 1]);
		return;
	}
	for (size_t i = 0; i < n; i++)
		buf_addf(b, "%s%d", i ? ", " : "", v[i]);
}

static void cover_sites(struct buf *b, const struct fs_result *r)
{
	if (!r->nmanual) {
		text_para(b, "No site was reported for a human.");
		return;
	}
	buf_adds(b, "Left for a human (not converted by this series):\n\n");
	for (size_t i = 0; i < r->nmanual; i++) {
		const struct site *s = &r->manual[i];
		struct buf line = BUF_INIT;

		if (s->line)
			buf_addf(&line, "%s:%d:%d: %s (%s): %s", s->file,
				 s->line, s->col, s->type, s->rule,
				 s->message);
		else
			buf_addf(&line, "%s: %s (%s): %s", s->file, s->type,
				 s->rule, s->message);
		text_wrap(b, line.data, "- ", "  ", 72);
		buf_release(&line);
	}
	buf_addch(b, '\n');
}

/* the cover letter's body; the changelog is added apart from it */
/* what each Moderate-confidence rule asks the maintainer to check */
static void cover_reviews(struct buf *b, const struct fs_result *r,
			  const struct api_profile *api)
{
	for (size_t i = 0; i < r->nrules; i++) {
		char *path, *review;
		struct buf t = BUF_INIT;

		if (!r->rules[i].commit)
			continue;
		path = xasprintf("%s/cocci/%s.cocci", fsconv_home(),
				 r->rules[i].rule);
		review = rule_review(path, api);
		free(path);
		if (!review)
			continue;
		buf_addf(&t, "To check in \"%s\": %s", r->rules[i].subject,
			 review);
		text_para(b, t.data);
		buf_release(&t);
		free(review);
	}
}

void cover_blurb(struct series *s)
{
	const struct fs_result *r = s->res;
	struct buf *b = &s->blurb, t = BUF_INIT;
	int sig[64];
	size_t nsig = 0, n = 0;

	buf_addf(&t, "This series converts %s to the dcache API of the VFS "
		 "series \"VFS: Prepare to lift lookup out of exclusive lock "
		 "for directory ops\", one patch per semantic patch.", r->fs);
	text_para(b, t.data);
	buf_reset(&t);
	buf_addf(&t, "It applies on top of the VFS series (base-commit below, "
		 "\"%s\"), which provides the API this series uses (%s).",
		 s->ws->base_subject, r->api ? r->api : "unknown profile");
	text_para(b, t.data);
	buf_reset(&t);
	for (size_t i = 0; i < r->nrules; i++) {
		if (!r->rules[i].commit)
			continue;
		n++;
		if (r->rules[i].signature && nsig < ARRAY_SIZE(sig))
			sig[nsig++] = (int)n;
	}
	if (nsig) {
		patch_numbers(&t, sig, nsig);
		buf_addf(&t, " follow%s VFS signature changes "
			 "(d_alloc_parallel() lost its wait queue, d_add_ci() "
			 "takes the ->lookup flags), which break every caller "
			 "at once.  For bisectability %s must be folded into "
			 "the VFS commit that changes the signature rather "
			 "than applied on %s own; vfs-fold/ beside this series "
			 "has the conversions of every filesystem as one patch "
			 "for that.", nsig > 1 ? "" : "s",
			 nsig > 1 ? "they" : "it", nsig > 1 ? "their" : "its");
		text_para(b, t.data);
		buf_reset(&t);
	}
	/* what `fsconv run` verified, as it recorded it; never re-run here */
	if (r->verify_note)
		text_para(b, r->verify_note);
	buf_adds(b, "Generated with Coccinelle from these semantic patches; "
		 "please review\nthem as you would any patch:\n\n");
	for (size_t i = 0; i < r->nrules; i++) {
		const struct rule_result *rr = &r->rules[i];

		buf_addf(&t, "cocci/%s.cocci: %d site%s converted", rr->rule,
			 rr->sites, rr->sites == 1 ? "" : "s");
		if (!rr->commit)
			buf_adds(&t, " (no change)");
		text_wrap(b, t.data, "- ", "  ", 72);
		buf_reset(&t);
	}
	buf_addch(b, '\n');
	cover_reviews(b, r, &s->ws->api);
	cover_sites(b, r);
	buf_release(&t);
}

/* "Changes in vN:" against the previous version's manifest */
static void changelog(struct series *s, struct buf *b)
{
	const struct manifest *p = &s->prev, *c = &s->cur;
	size_t before = b->len;

	buf_addf(b, "Changes in v%d:\n", s->version);
	before = b->len;
	if (strcmp(p->base, c->base)) {
		struct buf t = BUF_INIT;

		buf_addf(&t, "rebased onto %.12s (\"%s\")", c->base,
			 s->ws->base_subject);
		text_wrap(b, t.data, "- ", "  ", 72);
		buf_release(&t);
	}
	for (size_t i = 0; i < c->npatches; i++) {
		const struct patch_info *o = NULL;
		struct buf t = BUF_INIT;

		for (size_t j = 0; j < p->npatches; j++)
			if (!strcmp(p->patches[j].subject, c->patches[i].subject))
				o = &p->patches[j];
		if (!o)
			buf_addf(&t, "new patch: \"%s\"", c->patches[i].subject);
		else if (o->hash != c->patches[i].hash)
			buf_addf(&t, "\"%s\": regenerated (the semantic patch "
				 "or the code changed)", c->patches[i].subject);
		if (t.len)
			text_wrap(b, t.data, "- ", "  ", 72);
		buf_release(&t);
	}
	for (size_t j = 0; j < p->npatches; j++) {
		bool kept = false;
		struct buf t = BUF_INIT;

		for (size_t i = 0; i < c->npatches; i++)
			kept |= !strcmp(p->patches[j].subject,
					c->patches[i].subject);
		if (kept)
			continue;
		buf_addf(&t, "dropped: \"%s\"", p->patches[j].subject);
		text_wrap(b, t.data, "- ", "  ", 72);
		buf_release(&t);
	}
	if (b->len == before)
		buf_adds(b, "- cover letter: sites left for a human or "
			 "recipients updated\n");
	if (s->range_diff)
		buf_addf(b, "- range-diff against v%d: below, and in "
			 "range-diff-v%d.txt\n", p->version, p->version);
	buf_addch(b, '\n');
}

/* subject and blurb into format-patch's cover template */
int cover_fill(struct series *s, const char *path)
{
	struct buf in = BUF_INIT, out = BUF_INIT, subj = BUF_INIT;
	const char *p, *q;
	int ret;

	if (buf_read_file(&in, path))
		return error("cannot read '%s':", path);
	p = strstr(in.data, "*** SUBJECT HERE ***");
	q = p ? strstr(p, "*** BLURB HERE ***") : NULL;
	if (!q) {
		buf_release(&in);
		return error("'%s' is not format-patch's cover template", path);
	}
	buf_add(&out, in.data, (size_t)(p - in.data));
	buf_addf(&subj, "%s convert to the new directory-locking dcache API",
		 s->res->prefix);
	buf_adds(&out, subj.data);
	p += strlen("*** SUBJECT HERE ***");
	buf_add(&out, p, (size_t)(q - p));
	buf_adds(&out, s->blurb.data);
	if (s->prev.version)
		changelog(s, &out);
	buf_rtrim(&out);
	q += strlen("*** BLURB HERE ***");
	buf_adds(&out, q);
	/* a stable change-id after base-commit:, as b4 does */
	p = strstr(out.data, "\nbase-commit: ");
	if (p) {
		size_t at = (size_t)(strchr(p + 1, '\n') + 1 - out.data);
		struct buf fixed = BUF_INIT;

		buf_add(&fixed, out.data, at);
		buf_addf(&fixed, "change-id: %s\n", s->cur.change_id);
		buf_adds(&fixed, out.data + at);
		buf_release(&out);
		out = fixed;
	}
	ret = write_file_atomic(path, out.data, out.len);
	buf_release(&in);
	buf_release(&out);
	buf_release(&subj);
	return ret;
}

/* the fingerprint of what a reviewer would see */
uint64_t series_fingerprint(const struct series *s)
{
	uint64_t h = fnv64_str(FNV64_INIT, s->base);

	for (size_t i = 0; i < s->cur.npatches; i++)
		h = fnv64(h, &s->cur.patches[i].hash,
			  sizeof(s->cur.patches[i].hash));
	return fnv64_str(h, s->blurb.data);
}

char *series_change_id(const struct series *s)
{
	char date[16];
	time_t now = time(NULL);

	strftime(date, sizeof(date), "%Y%m%d", gmtime(&now));
	return xasprintf("%s-fsconv-%s-%.12s", date, s->name, s->tip);
}

