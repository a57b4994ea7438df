// SPDX-License-Identifier: GPL-2.0
/*
 * The plan stage: read the semantic patches' headers, select the
 * filesystems and find, per filesystem and rule, the files the rule may
 * change, with one `git grep` over the base for every rule's keywords.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsconv.h"
#include "plan.h"
#include "treefacts.h"

static bool is_ident(const char *s)
{
	if (!*s || isdigit((unsigned char)*s))
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return false;
	return true;
}

static void split_words(struct strvec *sv, const char *s, const char *seps)
{
	while (*s) {
		size_t n;

		s += strspn(s, seps);
		n = strcspn(s, seps);
		if (n)
			strvec_pushf(sv, "%.*s", (int)n, s);
		s += n;
	}
}

/* the first sentence of the description, as a subject */
static char *first_sentence(const char *desc)
{
	struct buf b = BUF_INIT;

	for (const char *s = desc; *s; s++) {
		if (*s == '\n' && s[1] == '\n')
			break;
		if (*s == '.' && (!s[1] || isspace((unsigned char)s[1])))
			break;
		if (isspace((unsigned char)*s)) {
			if (b.len && b.data[b.len - 1] != ' ')
				buf_addch(&b, ' ');
			continue;
		}
		buf_addch(&b, *s);
	}
	buf_rtrim(&b);
	/* "Drop ..." reads "drop ..." after "nfs: "; "VFS ..." stays */
	if (b.len > 1 && isupper((unsigned char)b.data[0]) &&
	    islower((unsigned char)b.data[1]))
		b.data[0] = (char)tolower((unsigned char)b.data[0]);
	return buf_detach(&b);
}

char *rule_api_text(const char *text, const struct api_profile *api)
{
	static const char from[] = "d_alloc_noblock";
	const size_t n = sizeof(from) - 1;
	struct buf b = BUF_INIT;
	const char *s = text, *hit;

	if (!api || !api->noblock[0] || !strcmp(api->noblock, from))
		return xstrdup(text);
	while ((hit = strstr(s, from))) {
		char c = hit[n];

		buf_add(&b, s, (size_t)(hit - s));
		/* the whole word only: not d_alloc_noblock_return */
		if (isalnum((unsigned char)c) || c == '_')
			buf_add(&b, hit, n);
		else
			buf_adds(&b, api->noblock);
		s = hit + n;
	}
	buf_adds(&b, s);
	return buf_detach(&b);
}

char *rule_review(const char *path, const struct api_profile *api)
{
	struct buf text = BUF_INIT, review = BUF_INIT;
	bool in_review = false;
	char *out;

	if (buf_read_file(&text, path)) {
		buf_release(&text);
		return NULL;
	}
	for (char *s = text.data; *s; ) {
		size_t n = strcspn(s, "\n");
		const char *body = NULL;

		if (!strncmp(s, "// Review:", 10)) {
			in_review = true;
			body = s + 10;
		} else if (in_review && !strncmp(s, "//  ", 4)) {
			body = s + 4;
		} else {
			in_review = false;
		}
		if (body) {
			body += strspn(body, " \t");
			if (review.len)
				buf_addch(&review, ' ');
			buf_add(&review, body, n - (size_t)(body - s));
		}
		s += n + (s[n] == '\n');
	}
	buf_release(&text);
	if (!review.len)
		return NULL;
	out = rule_api_text(review.data, api);
	buf_release(&review);
	return out;
}

/* header lines: "// Key: value" by exact prefix, as coccicheck reads them */
static void rule_header_line(struct rule *r, const char *line,
			     struct buf *desc)
{
	if (starts_with(line, "///")) {
		line += 3;
		if (*line == ' ')
			line++;
		buf_adds(desc, line);
		buf_addch(desc, '\n');
	} else if (starts_with(line, "// Confidence:")) {
		free(r->confidence);
		r->confidence = xstrdup(line + 14 + strspn(line + 14, " \t"));
	} else if (starts_with(line, "// Options:")) {
		strvec_clear(&r->options);
		split_words(&r->options, line + 11, " \t");
	} else if (starts_with(line, "// Keywords:")) {
		split_words(&r->keywords, line + 12, " \t,");
	} else if (starts_with(line, "// Converts:")) {
		split_words(&r->converts, line + 12, " \t,");
	} else if (starts_with(line, "// Requires:")) {
		split_words(&r->requires, line + 12, " \t,");
	}
}

/*
 * A rule names in `// Requires:` the parts of the API it rewrites to; a
 * tree without one of them cannot take the rule, which is then skipped
 * with the reason in every filesystem's report that had candidates.
 */
static void rule_requires(struct rule *r, const struct api_profile *api)
{
	for (size_t i = 0; api && !r->skip_reason && i < r->requires.n; i++) {
		const char *need = r->requires.v[i];
		bool have;

		if (!strcmp(need, "d_lookup_handoff"))
			have = api->d_lookup_handoff;
		else if (!strcmp(need, "d_duplicate"))
			have = api->d_duplicate;
		else if (!strcmp(need, "LOOKUP_SHARED"))
			have = api->lookup_shared;
		else
			have = false;
		if (!have)
			r->skip_reason = xasprintf("the tree has no %s%s "
						   "(API profile %s)", need,
						   islower((unsigned char)*need) ?
						   "()" : "", api->name);
	}
}

/* the names a `virtual a, b` line declares */
static void rule_virtuals(struct rule *r, const char *line,
			  struct strvec *names)
{
	size_t first = names->n;

	split_words(names, line + 7, " \t,;");
	for (size_t i = first; i < names->n; i++) {
		if (!strcmp(names->v[i], "patch"))
			r->flags |= RULE_PATCH;
		else if (!strcmp(names->v[i], "report"))
			r->flags |= RULE_REPORT;
		else if (!strcmp(names->v[i], "no_dirlock"))
			r->flags |= RULE_NO_DIRLOCK;
		else if (!strcmp(names->v[i], "wq_unused"))
			r->flags |= RULE_WQ_FIELD;
	}
}

/* every virtual.NAME the rule binds a value to */
static void rule_bound(const char *text, struct strvec *names)
{
	const char *s = text;

	while ((s = strstr(s, "virtual."))) {
		size_t n;

		s += 8;
		n = strspn(s, "abcdefghijklmnopqrstuvwxyz"
			      "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
		if (n)
			strvec_pushf(names, "%.*s", (int)n, s);
	}
}

/*
 * The -D arguments the API profile asks for (api_spatch_defines()), kept
 * only where the rule declares or binds the name: spatch rejects a -D of
 * a virtual rule the semantic patch does not have.
 */
static void rule_defines(struct rule *r, const struct api_profile *api,
			 const struct strvec *known)
{
	struct strvec all = STRVEC_INIT;

	if (!api)
		return;
	api_spatch_defines(api, &all);
	for (size_t i = 0; i + 1 < all.n; i += 2) {
		char *name = xstrndup(all.v[i + 1], strcspn(all.v[i + 1], "="));

		if (!strcmp(all.v[i], "-D") && strvec_contains(known, name))
			strvec_pushl(&r->defines, "-D", all.v[i + 1], NULL);
		free(name);
	}
	strvec_clear(&all);
}

static bool is_signature_rule(const char *name)
{
	/* the two rules whose VFS commit breaks every caller at once */
	return !strcmp(name, "d_alloc_parallel") || !strcmp(name, "d_add_ci");
}

int rule_load(struct rule *r, const char *path, const struct api_profile *api)
{
	struct buf text = BUF_INIT, desc = BUF_INIT;
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	struct strvec known = STRVEC_INIT;
	char *line;

	memset(r, 0, sizeof(*r));
	strvec_init(&r->options);
	strvec_init(&r->keywords);
	strvec_init(&r->report_keywords);
	strvec_init(&r->converts);
	strvec_init(&r->requires);
	r->order = -1;
	strvec_init(&r->defines);
	if (buf_read_file(&text, path))
		return error("cannot read rule '%s':", path);
	r->path = xstrdup(path);
	r->name = xstrndup(base, strlen(base) - (ends_with(base, ".cocci") ? 6 : 0));
	r->hash = fnv64(FNV64_INIT, text.data, text.len);
	strvec_pushl(&r->options, "--no-includes", "--include-headers", NULL);
	for (char *s = text.data; *s; ) {
		size_t n = strcspn(s, "\n");

		line = xstrndup(s, n);
		if (starts_with(line, "//"))
			rule_header_line(r, line, &desc);
		else if (starts_with(line, "virtual") && isspace((unsigned char)line[7]))
			rule_virtuals(r, line, &known);
		free(line);
		s += n + (s[n] == '\n');
	}
	rule_bound(text.data, &known);
	rule_defines(r, api, &known);
	rule_requires(r, api);
	strvec_clear(&known);
	buf_rtrim(&desc);
	line = buf_detach(&desc);
	r->description = rule_api_text(line, api);
	free(line);
	r->subject = first_sentence(r->description);
	if (!*r->subject) {
		free(r->subject);
		r->subject = xasprintf("apply %s.cocci", r->name);
	}
	if (is_signature_rule(r->name))
		r->flags |= RULE_SIGNATURE;
	buf_release(&text);
	if (!(r->flags & (RULE_PATCH | RULE_REPORT)))
		return error("rule '%s' has neither 'virtual patch' nor "
			     "'virtual report'", path);
	return 0;
}

static int rule_cmp(const void *a, const void *b)
{
	const struct rule *x = a, *y = b;
	int sx = !!(x->flags & RULE_SIGNATURE), sy = !!(y->flags & RULE_SIGNATURE);

	/* signature changes first: they are folded into the VFS commit */
	if (sx != sy)
		return sy - sx;
	/* then the README's order, then the rest by name */
	if (x->order != y->order) {
		if (x->order < 0 || y->order < 0)
			return x->order < 0 ? 1 : -1;
		return x->order - y->order;
	}
	return strcmp(x->name, y->name);
}

/* the backquoted words of text up to end, into sv, without ".cocci" */
static void quoted_words(struct strvec *sv, const char *text, const char *end)
{
	const char *s = text, *e;

	while ((s = memchr(s, '`', (size_t)(end - s))) &&
	       (e = memchr(s + 1, '`', (size_t)(end - s - 1)))) {
		strvec_pushf(sv, "%.*s", (int)(e - s - 1), s + 1);
		s = e + 1;
	}
}

/*
 * What cocci/README.md says about a rule: its place in "## Order" and
 * the prefilter tokens of its "Prefilter" line ("Prefilter token: `A`",
 * or "Prefilter: patch mode `A`; report/org/context also `B`, `C*`").
 * A rule's own `// Keywords:` wins; without either, the rule's name.
 */
static void readme_apply(struct rule *r, const char *readme)
{
	char *head = xasprintf("`%s.cocci`", r->name);
	const char *order = strstr(readme, "\n## Order"), *s;
	int n = 0;

	for (s = order; s && (s = strchr(s + 1, '\n')) && s[1] != '#'; ) {
		if (!isdigit((unsigned char)s[1]))
			continue;
		n++;
		if (!strncmp(s + 1 + strspn(s + 1, "0123456789. "), head,
			     strlen(head)))
			r->order = n;
	}
	free(head);
	head = xasprintf("\n### %s.cocci", r->name);
	s = strstr(readme, head);
	free(head);
	if (s && !r->keywords.n && (s = strstr(s, "Prefilter"))) {
		const char *end = strstr(s, "\n-"), *also;

		if (!end)
			end = s + strlen(s);
		also = strstr(s, " also ");
		if (!also || also > end)
			also = end;
		quoted_words(&r->keywords, s, also);
		strvec_pushv(&r->report_keywords,
			     (const char *const *)r->keywords.v);
		quoted_words(&r->report_keywords, also, end);
	}
	if (!r->keywords.n && is_ident(r->name))
		strvec_push(&r->keywords, r->name);
	if (!r->report_keywords.n)
		strvec_pushv(&r->report_keywords,
			     (const char *const *)r->keywords.v);
	/* "D_ADD_CI_FLAGS" for d_add_ci: the README's name for a converted site */
	if (!r->converts.n) {
		char *up = xstrdup(r->name);

		for (char *c = up; *c; c++)
			*c = (char)toupper((unsigned char)*c);
		strvec_pushf(&r->converts, "%s*", up);
		free(up);
	}
}

static void load_rules(struct plan *p, const char *rel)
{
	char dir[PATH_MAX], *readme_path;
	struct buf readme = BUF_INIT;
	struct dirent *de;
	int bad = 0;
	DIR *d;

	/* spatch runs elsewhere: the rules need an absolute path */
	if (!realpath(rel, dir) || !(d = opendir(dir)))
		die("cannot open the semantic patch directory '%s':", rel);
	while ((de = readdir(d))) {
		char *path;

		if (de->d_name[0] == '.' || !ends_with(de->d_name, ".cocci"))
			continue;
		path = path_join(dir, de->d_name);
		p->rules = xreallocarray(p->rules, p->nrules + 1,
					 sizeof(*p->rules));
		if (rule_load(&p->rules[p->nrules], path, &p->ws->api))
			bad++;
		else
			p->nrules++;
		free(path);
	}
	closedir(d);
	if (bad)
		exit(EXIT_USAGE);
	if (!p->nrules)
		die("no semantic patches (*.cocci) in '%s'", dir);
	readme_path = path_join(dir, "README.md");
	buf_read_file(&readme, readme_path);
	for (size_t i = 0; i < p->nrules; i++)
		readme_apply(&p->rules[i], readme.data);
	free(readme_path);
	buf_release(&readme);
	qsort(p->rules, p->nrules, sizeof(*p->rules), rule_cmp);
}

static char *spatch_version(void)
{
	struct child c = CHILD_INIT;
	struct buf out = BUF_INIT;
	int ret;

	strvec_pushl(&c.args, "spatch", "--version", NULL);
	c.quiet_enoent = 1;
	ret = child_run_capture(&c, &out, NULL, 60000);
	child_release(&c);
	if (ret < 0 && errno == ENOENT)
		die("spatch not found in PATH: install coccinelle");
	if (ret)
		die("'spatch --version' failed (%s): is coccinelle broken?",
		    ret == RUN_TIMEOUT ? "timed out" : "non-zero exit");
	out.len = strcspn(out.data, "\n");
	out.data[out.len] = '\0';
	return buf_detach(&out);
}

/* an ad-hoc filesystem from --path DIR: named after its last component */
static void add_adhoc(struct plan *p, const char *path)
{
	struct fs_entry *fs;
	const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	char *full;

	if (*path == '/' || strstr(path, "..") || !*name)
		die("--path '%s' must be relative to the tree top, without '..'",
		    path);
	full = path_join(p->ws->tree, path);
	if (!is_dir(full) && !is_file(full))
		die("--path '%s' does not exist in '%s'", path, p->ws->tree);
	free(full);
	if (fstable_find(&p->table, name))
		die("--path '%s' has the name of filesystem '%s' in '%s'",
		    path, name, p->table.path);
	p->adhoc = xreallocarray(p->adhoc, p->nadhoc + 1, sizeof(*p->adhoc));
	fs = &p->adhoc[p->nadhoc++];
	memset(fs, 0, sizeof(*fs));
	fs->name = xstrdup(name);
	fs->prefix = xasprintf("%s:", name);
	strvec_init(&fs->paths);
	strvec_init(&fs->kconfig);
	strvec_init(&fs->skip);
	strvec_push(&fs->paths, path);
}

static struct fs_entry *find_adhoc(struct plan *p, const char *name)
{
	for (size_t i = 0; i < p->nadhoc; i++)
		if (!strcmp(p->adhoc[i].name, name))
			return &p->adhoc[i];
	return NULL;
}

static void select_fs(struct plan *p, struct fs_entry *fs)
{
	for (size_t i = 0; i < p->nfs; i++)
		if (p->fs[i].fs == fs)
			return;
	p->fs = xreallocarray(p->fs, p->nfs + 1, sizeof(*p->fs));
	p->fs[p->nfs++] = (struct plan_fs){ .fs = fs,
						 .skipped = STRVEC_INIT };
}

static void select_filesystems(struct plan *p, int argc, const char **argv)
{
	int bad = 0;

	for (int i = 0; i < argc; i++) {
		struct fs_entry *fs = find_adhoc(p, argv[i]);

		if (!fs && p->table.nfs)
			fs = fstable_lookup(&p->table, argv[i]);
		else if (!fs)
			error("unknown filesystem '%s'", argv[i]);
		if (fs)
			select_fs(p, fs);
		else
			bad++;
	}
	if (bad)
		exit(EXIT_USAGE);
	if (argc)
		return;
	for (size_t i = 0; i < p->nadhoc; i++)
		select_fs(p, &p->adhoc[i]);
	for (size_t i = 0; !p->nadhoc && i < p->table.nfs; i++)
		select_fs(p, &p->table.fs[i]);
	if (!p->nfs)
		die("no filesystems in '%s'", p->table.path);
}

/* path lies at or below dir, comparing whole components */
static bool path_under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return !strncmp(path, dir, n) && (!path[n] || path[n] == '/');
}

/* one file the prefilter found, and the keywords it contains */
struct hit {
	char *path;
	char *blob;
	struct strvec words;
};

static int hit_cmp(const void *a, const void *b)
{
	return strcmp(((const struct hit *)a)->path,
		      ((const struct hit *)b)->path);
}

/*
 * One `git grep -o` over the base for every rule's keywords, restricted
 * to the selected filesystems' paths: which file has which keyword.
 */
static size_t grep_keywords(struct plan *p, struct hit **hitsp)
{
	struct strvec argv = STRVEC_INIT, words = STRVEC_INIT;
	struct buf out = BUF_INIT;
	struct hit *hits = NULL;
	size_t nhits = 0;
	size_t skip = strlen(p->ws->base) + 1;

	for (size_t i = 0; i < p->nrules; i++) {
		const struct strvec *kw[2] = { &p->rules[i].keywords,
					       &p->rules[i].report_keywords };

		for (int m = 0; m < 2; m++)
			for (size_t j = 0; j < kw[m]->n; j++)
				if (!strvec_contains(&words, kw[m]->v[j]))
					strvec_push(&words, kw[m]->v[j]);
	}
	/* README tokens may end in '*': "lookup_one*" */
	strvec_pushl(&argv, "grep", "-o", "-w", "-E", "-I", NULL);
	for (size_t i = 0; i < words.n; i++) {
		size_t n = strcspn(words.v[i], "*");

		strvec_push(&argv, "-e");
		strvec_pushf(&argv, "%.*s%s", (int)n, words.v[i],
			     words.v[i][n] ? "[A-Za-z0-9_]*" : "");
	}
	strvec_pushl(&argv, p->ws->base, "--", NULL);
	for (size_t i = 0; i < p->nfs; i++)
		for (size_t j = 0; j < p->fs[i].fs->paths.n; j++)
			strvec_push(&argv, p->fs[i].fs->paths.v[j]);
	/* git grep exits 1 when nothing matches */
	ws_git(p->ws, NULL, &out, (const char *const *)argv.v);
	for (char *s = out.data; *s; ) {
		size_t n = strcspn(s, "\n");
		char *line = xstrndup(s, n), *colon = strrchr(line, ':');

		s += n + (s[n] == '\n');
		if (!colon || colon < line + skip) {
			free(line);
			continue;
		}
		*colon = '\0';
		/* spatch reads C: skip documentation and build files */
		if (!ends_with(line, ".c") && !ends_with(line, ".h")) {
			free(line);
			continue;
		}
		if (!nhits || strcmp(hits[nhits - 1].path, line + skip)) {
			hits = xreallocarray(hits, nhits + 1, sizeof(*hits));
			hits[nhits] = (struct hit){ .path = xstrdup(line + skip),
						    .words = STRVEC_INIT };
			nhits++;
		}
		if (!strvec_contains(&hits[nhits - 1].words, colon + 1))
			strvec_push(&hits[nhits - 1].words, colon + 1);
		free(line);
	}
	strvec_clear(&argv);
	strvec_clear(&words);
	buf_release(&out);
	*hitsp = hits;
	return nhits;
}

/* the blob of every hit in the base, with one `git ls-tree` */
static int find_blobs(struct plan *p, struct hit *hits, size_t nhits)
{
	struct strvec argv = STRVEC_INIT;
	struct buf out = BUF_INIT;
	size_t i = 0;
	int ret;

	if (!nhits)
		return 0;
	strvec_pushl(&argv, "ls-tree", "--full-tree", p->ws->base, "--",
		     NULL);
	for (size_t j = 0; j < nhits; j++)
		strvec_push(&argv, hits[j].path);
	ret = ws_git(p->ws, NULL, &out, (const char *const *)argv.v);
	strvec_clear(&argv);
	if (ret)
		die("cannot list the files of '%s'", p->ws->base);
	/* ls-tree and git grep both list paths in index order */
	for (char *s = out.data; *s; ) {
		size_t n = strcspn(s, "\n");
		char *tab = memchr(s, '\t', n);

		if (tab && tab - s > 40 && i < nhits) {
			char *path = xstrndup(tab + 1, n - (size_t)(tab + 1 - s));

			while (i < nhits && strcmp(hits[i].path, path) < 0)
				i++;
			if (i < nhits && !strcmp(hits[i].path, path))
				hits[i].blob = xstrndup(tab - 40, 40);
			free(path);
		}
		s += n + (s[n] == '\n');
	}
	buf_release(&out);
	return 0;
}

static bool hit_matches(const struct hit *h, const struct strvec *kw)
{
	for (size_t i = 0; i < kw->n; i++)
		for (size_t j = 0; j < h->words.n; j++)
			if (!fnmatch(kw->v[i], h->words.v[j], 0))
				return true;
	return false;
}

/* for which modes a file is a candidate of a rule */
static unsigned int hit_modes(const struct hit *h, const struct rule *r)
{
	unsigned int m = 0;

	if ((r->flags & RULE_PATCH) && hit_matches(h, &r->keywords))
		m |= RULE_PATCH;
	if ((r->flags & RULE_REPORT) && hit_matches(h, &r->report_keywords))
		m |= RULE_REPORT;
	return m;
}

static void item_add_file(struct plan_item *item, const char *path,
			  const char *blob, unsigned int modes)
{
	item->files = xreallocarray(item->files, item->nfiles + 1,
				    sizeof(*item->files));
	item->files[item->nfiles++] = (struct candidate){
		.path = xstrdup(path),
		.blob = xstrdup(blob),
		.modes = modes,
	};
}

static bool has_candidate(const struct plan_item *item, const char *path)
{
	for (size_t i = 0; i < item->nfiles; i++)
		if (!strcmp(item->files[i].path, path))
			return true;
	return false;
}

/*
 * R1 deletes a structure's wait queue only when the whole tree has no
 * other user (treefacts.c): then -D wq_unused -D wq_field=STRUCT.FIELD,
 * and the file declaring the member becomes a patch-mode candidate.
 * Otherwise the rule keeps the member and reports it.
 */
/*
 * wq_fields_find() greps the whole tree (seconds): its answer depends
 * only on the base and the filesystem's paths, so a warm run reads it
 * from <cache>/plan/wq-<hash>, one "STRUCT FIELD DECL LINE OTHER|-" line
 * per member.
 */
static size_t wq_fields_cached(struct plan *p, struct plan_fs *pf,
			       struct wq_field **fields)
{
	uint64_t h = fnv64_str(FNV64_INIT, p->ws->base);
	struct strvec lines = STRVEC_INIT;
	struct buf b = BUF_INIT;
	struct wq_field *f = NULL;
	size_t n = 0;
	char *path;

	for (size_t i = 0; i < pf->fs->paths.n; i++)
		h = fnv64_str(h, pf->fs->paths.v[i]);
	path = xasprintf("%s/plan/wq-%016llx", p->ws->cache,
			 (unsigned long long)h);
	if (!buf_read_file(&b, path) && starts_with(b.data, "wq 1\n")) {
		strvec_split_lines(&lines, b.data + 5);
		for (size_t i = 0; i < lines.n; i++) {
			struct strvec w = STRVEC_INIT;

			split_words(&w, lines.v[i], " ");
			if (w.n == 5) {
				f = xreallocarray(f, n + 1, sizeof(*f));
				f[n++] = (struct wq_field){
					.sname = xstrdup(w.v[0]),
					.field = xstrdup(w.v[1]),
					.decl = xstrdup(w.v[2]),
					.decl_line = atoi(w.v[3]),
					.other = strcmp(w.v[4], "-") ?
						xstrdup(w.v[4]) : NULL,
				};
			}
			strvec_clear(&w);
		}
		strvec_clear(&lines);
		goto out;
	}
	n = wq_fields_find(p->ws, &pf->fs->paths, &f);
	buf_reset(&b);
	buf_adds(&b, "wq 1\n");
	for (size_t i = 0; i < n; i++)
		buf_addf(&b, "%s %s %s %d %s\n", f[i].sname, f[i].field,
			 f[i].decl, f[i].decl_line,
			 f[i].other ? f[i].other : "-");
	/* a cache: failing to write it only costs the next run a grep */
	if (!mkdirs_for_file(path))
		write_file_atomic(path, b.data, b.len);
out:
	buf_release(&b);
	free(path);
	*fields = f;
	return n;
}

static void wq_field_facts(struct plan *p, struct plan_fs *pf,
			   struct plan_item *item)
{
	struct wq_field *f;
	size_t n = wq_fields_cached(p, pf, &f);
	struct buf out = BUF_INIT;
	char *spec;

	for (size_t i = 0; i < n; i++) {
		if (f[i].other) {
			if (opts.verbose)
				fprintf(stderr, "%s: %s.%s stays: also used "
					"at %s\n", pf->fs->name, f[i].sname,
					f[i].field, f[i].other);
			continue;
		}
		strvec_pushl(&item->defines, "-D", "wq_unused", "-D", NULL);
		strvec_pushf(&item->defines, "wq_field=%s.%s", f[i].sname,
			     f[i].field);
		item->facts = xasprintf("Nothing else in the tree uses the "
					"wait queue %s.%s (git grep of %.12s), "
					"so the member and its "
					"init_waitqueue_head() go as well.",
					f[i].sname, f[i].field, p->ws->base);
		if (has_candidate(item, f[i].decl))
			break;
		spec = xasprintf("%s:%s", p->ws->base, f[i].decl);
		if (!ws_gitl(p->ws, NULL, &out, "rev-parse", spec, NULL)) {
			buf_rtrim(&out);
			item_add_file(item, f[i].decl, out.data, RULE_PATCH);
		}
		free(spec);
		/* the rule takes one STRUCT.FIELD */
		break;
	}
	buf_release(&out);
	wq_fields_free(f, n);
}

static void plan_fs_items(struct plan_fs *pf, struct plan *p,
			  struct hit *hits, size_t nhits)
{
	for (size_t r = 0; r < p->nrules; r++) {
		struct rule *rule = &p->rules[r];
		struct plan_item item = { .rule = rule,
					  .defines = STRVEC_INIT };

		if (strvec_contains(&pf->fs->skip, rule->name))
			continue;
		for (size_t h = 0; h < nhits; h++) {
			bool mine = false;
			unsigned int modes;

			for (size_t k = 0; k < pf->fs->paths.n; k++)
				mine |= path_under(hits[h].path,
						   pf->fs->paths.v[k]);
			if (!mine || !hits[h].blob)
				continue;
			modes = hit_modes(&hits[h], rule);
			if (!modes)
				continue;
			item_add_file(&item, hits[h].path, hits[h].blob,
				      modes);
		}
		if (!item.nfiles)
			continue;
		if (rule->skip_reason) {
			strvec_pushf(&pf->skipped, "%s: %s", rule->name,
				     rule->skip_reason);
			for (size_t f = 0; f < item.nfiles; f++) {
				free(item.files[f].path);
				free(item.files[f].blob);
			}
			free(item.files);
			continue;
		}
		if (rule->flags & RULE_WQ_FIELD)
			wq_field_facts(p, pf, &item);
		pf->items = xreallocarray(pf->items, pf->nitems + 1,
					  sizeof(*pf->items));
		pf->items[pf->nitems++] = item;
	}
}

/*
 * The prefilter's result depends only on the base, the keywords and the
 * paths: a warm run reads it from <cache>/plan/ instead of grepping.
 */
static char *hits_cache_path(struct plan *p)
{
	uint64_t h = fnv64_str(FNV64_INIT, p->ws->base);

	for (size_t i = 0; i < p->nrules; i++) {
		const struct rule *r = &p->rules[i];

		for (size_t j = 0; j < r->keywords.n; j++)
			h = fnv64_str(h, r->keywords.v[j]);
		h = fnv64_str(h, "");
		for (size_t j = 0; j < r->report_keywords.n; j++)
			h = fnv64_str(h, r->report_keywords.v[j]);
		h = fnv64_str(h, "");
	}
	for (size_t i = 0; i < p->nfs; i++)
		for (size_t j = 0; j < p->fs[i].fs->paths.n; j++)
			h = fnv64_str(h, p->fs[i].fs->paths.v[j]);
	return xasprintf("%s/plan/%016llx", p->ws->cache,
			 (unsigned long long)h);
}

/* "PATH\tBLOB\tWORD WORD..." lines; -1 when absent or corrupt */
static int hits_load(const char *path, struct hit **hitsp, size_t *np)
{
	struct buf text = BUF_INIT;
	struct strvec lines = STRVEC_INIT;
	struct hit *hits = NULL;
	size_t n = 0;
	int ret = 0;

	if (buf_read_file(&text, path))
		return -1;
	strvec_split_lines(&lines, text.data);
	for (size_t i = 0; i < lines.n; i++) {
		char *l = lines.v[i], *t1 = strchr(l, '\t'), *t2;

		if (!t1 || !(t2 = strchr(t1 + 1, '\t')) || t2 - t1 != 41) {
			warning("'%s' is corrupt; finding the files again", path);
			ret = -1;
			break;
		}
		hits = xreallocarray(hits, n + 1, sizeof(*hits));
		hits[n] = (struct hit){ .path = xstrndup(l, (size_t)(t1 - l)),
					.blob = xstrndup(t1 + 1, 40),
					.words = STRVEC_INIT };
		split_words(&hits[n++].words, t2 + 1, " ");
	}
	strvec_clear(&lines);
	buf_release(&text);
	if (ret) {
		for (size_t i = 0; i < n; i++) {
			free(hits[i].path);
			free(hits[i].blob);
			strvec_clear(&hits[i].words);
		}
		free(hits);
		return ret;
	}
	*hitsp = hits;
	*np = n;
	return 0;
}

static void hits_save(const char *path, const struct hit *hits, size_t n)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < n; i++) {
		if (!hits[i].blob)
			continue;
		buf_addf(&b, "%s\t%s\t", hits[i].path, hits[i].blob);
		for (size_t j = 0; j < hits[i].words.n; j++)
			buf_addf(&b, "%s%s", j ? " " : "", hits[i].words.v[j]);
		buf_addch(&b, '\n');
	}
	/* a cache: failing to write it only costs the next run a grep */
	if (!mkdirs_for_file(path))
		write_file_atomic(path, b.data, b.len);
	buf_release(&b);
}

/*
 * A derived prefilter for lookup_flags.cocci, which rewrites and reports
 * calls of a ->lookup(): a function the file names in a `.lookup =`,
 * defines as `struct dentry *F(struct inode *, struct dentry *, ...)`,
 * or calls as
 * E->i_op->lookup().  Its keywords select every file that has a
 * ->lookup() at all (109 of 6.12 fs/, 6 of which change), and spatch
 * parses each twice, once per mode.  A file keeps the rule only when its
 * text calls such a function: a superset of what the rule can match (a
 * comment mentioning F() counts as a call), so the census of `fsconv
 * audit` finds no MISSED site that the keywords alone would have caught.
 */
#define DERIVED_RULE "lookup_flags"
/* the verdicts' cache format; change it when plan_lookup_calls() changes */
#define DERIVED_HEADER "lookup-calls 3\n"

static bool word_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* past tok (a word, or punctuation) after blanks at s, or NULL */
static const char *expect(const char *s, const char *tok)
{
	size_t n = strlen(tok);

	if (!s)
		return NULL;
	s += strspn(s, " \t\r\n");
	if (strncmp(s, tok, n) || (word_char(*tok) && word_char(s[n])))
		return NULL;
	return s + n;
}

/* the identifier after blanks at s, into name; past it, or NULL */
static const char *ident(const char *s, char *name, size_t size)
{
	size_t n;

	if (!s)
		return NULL;
	s += strspn(s, " \t\r\n");
	for (n = 0; word_char(s[n]); n++)
		;
	if (!n || n >= size || isdigit((unsigned char)*s))
		return NULL;
	memcpy(name, s, n);
	name[n] = '\0';
	return s + n;
}

/* past a parameter `struct TAG *[name]` at s, or NULL */
static const char *param(const char *s, const char *tag)
{
	char name[128];
	const char *e = expect(expect(expect(s, "struct"), tag), "*");

	return e && ident(e, name, sizeof(name)) ? ident(e, name, sizeof(name))
						  : e;
}

/* the first non-blank before s, or '\0' at the start of text */
static char char_before(const char *text, const char *s)
{
	while (s > text && isspace((unsigned char)s[-1]))
		s--;
	return s > text ? s[-1] : '\0';
}

/*
 * text has word w followed by '(' other than in a declaration, where a
 * type comes before it (`int w(`, `struct dentry *w(`)
 */
static bool has_call(const char *text, const char *w)
{
	static const char *const before_call[] = { "return", "else", "do" };
	size_t n = strlen(w);

	for (const char *s = text; (s = strstr(s, w)); s += n) {
		const char *b = s;
		bool call = true;
		char c;

		if ((s > text && word_char(s[-1])) || word_char(s[n]) ||
		    !expect(s + n, "("))
			continue;
		c = char_before(text, s);
		while (b > text && isspace((unsigned char)b[-1]))
			b--;
		if (c == '*') {
			call = false;
		} else if (word_char(c)) {
			const char *t = b;

			while (t > text && word_char(t[-1]))
				t--;
			call = false;
			for (size_t i = 0; i < ARRAY_SIZE(before_call); i++)
				if ((size_t)(b - t) == strlen(before_call[i]) &&
				    !strncmp(t, before_call[i], (size_t)(b - t)))
					call = true;
		}
		if (call)
			return true;
	}
	return false;
}

bool plan_lookup_calls(const char *text)
{
	struct strvec names = STRVEC_INIT;
	char name[128];
	const char *e;
	bool ret = false;

	for (const char *s = text; !ret && (s = strstr(s, "lookup")); s += 6) {
		if ((s > text && word_char(s[-1])) || word_char(s[6]))
			continue;
		/* E->i_op->lookup( */
		if (char_before(text, s) == '>' && expect(s + 6, "("))
			ret = true;
		/* .lookup = [&]F */
		else if (char_before(text, s) == '.' &&
			 (e = expect(s + 6, "=")) &&
			 (e = ident(expect(e, "&") ? expect(e, "&") : e, name,
				    sizeof(name))))
			strvec_push(&names, name);
	}
	for (const char *s = text; !ret && (s = strstr(s, "struct")); s += 6) {
		if ((s > text && word_char(s[-1])) || word_char(s[6]))
			continue;
		e = ident(expect(expect(s + 6, "dentry"), "*"), name,
			  sizeof(name));
		e = param(expect(e, "("), "inode");
		if (expect(param(expect(e, ","), "dentry"), ","))
			strvec_push(&names, name);
	}
	for (size_t i = 0; !ret && i < names.n; i++)
		ret = has_call(text, names.v[i]);
	strvec_clear(&names);
	return ret;
}

/*
 * The verdict for every blob in blobs, '1' or '0' in verdict[i]: from
 * <cache>/plan/lookup-calls ("BLOB 0|1" lines; a blob's text never
 * changes), the rest read with one `git cat-file --batch`.  A file that
 * cannot be read keeps the rule ('1').
 */
static void derived_verdicts(struct plan *p, const struct strvec *blobs,
			     char *verdict)
{
	char *cache = xasprintf("%s/plan/lookup-calls", p->ws->cache);
	char *listfile = xasprintf("%s.list", cache);
	struct buf b = BUF_INIT, list = BUF_INIT, out = BUF_INIT;
	struct strvec lines = STRVEC_INIT, want = STRVEC_INIT;
	struct child c = CHILD_INIT;
	size_t pos = 0, known;
	int fd;

	memset(verdict, '1', blobs->n);
	if (!buf_read_file(&b, cache) && starts_with(b.data, DERIVED_HEADER))
		strvec_split_lines(&lines, b.data + strlen(DERIVED_HEADER));
	known = lines.n;
	for (size_t i = 0; i < blobs->n; i++) {
		bool found = false;

		for (size_t j = 0; !found && j < lines.n; j++)
			if (strlen(lines.v[j]) == 42 &&
			    !strncmp(lines.v[j], blobs->v[i], 40)) {
				verdict[i] = lines.v[j][41];
				found = true;
			}
		if (!found && !strvec_contains(&want, blobs->v[i])) {
			strvec_push(&want, blobs->v[i]);
			buf_addf(&list, "%s\n", blobs->v[i]);
		}
	}
	if (!want.n || mkdirs_for_file(listfile) ||
	    write_file_atomic(listfile, list.data, list.len) ||
	    (fd = open(listfile, O_RDONLY | O_CLOEXEC)) < 0)
		goto out;
	strvec_pushl(&c.args, "git", NULL);
	strvec_pushf(&c.args, "--git-dir=%s", p->ws->git_dir);
	strvec_pushl(&c.args, "cat-file", "--batch", NULL);
	c.in = fd;
	if (child_run_capture(&c, &out, NULL, 0))
		want.n = 0;
	close(fd);
	for (size_t i = 0; i < want.n; i++) {
		char *nl = memchr(out.data + pos, '\n', out.len - pos), *text;
		unsigned long size;

		if (!nl || sscanf(out.data + pos, "%*s blob %lu", &size) != 1 ||
		    (size_t)(nl + 1 - out.data) + size > out.len)
			break;
		text = xstrndup(nl + 1, size);
		strvec_pushf(&lines, "%s %c", want.v[i],
			     plan_lookup_calls(text) ? '1' : '0');
		free(text);
		pos = (size_t)(nl + 1 - out.data) + size + 1;
	}
	for (size_t i = 0; i < blobs->n; i++)
		for (size_t j = known; j < lines.n; j++)
			if (!strncmp(lines.v[j], blobs->v[i], 40))
				verdict[i] = lines.v[j][41];
	/* a cache: failing to write it only costs the next run a scan */
	buf_reset(&b);
	buf_adds(&b, DERIVED_HEADER);
	for (size_t j = 0; j < lines.n; j++)
		buf_addf(&b, "%s\n", lines.v[j]);
	write_file_atomic(cache, b.data, b.len);
out:
	unlink(listfile);
	child_release(&c);
	strvec_clear(&lines);
	strvec_clear(&want);
	buf_release(&b);
	buf_release(&list);
	buf_release(&out);
	free(listfile);
	free(cache);
}

/*
 * Drop the derived rule's candidates that cannot match.  The item stays
 * when none is left: the rule was considered and found nothing, as the
 * results of a run that gave spatch the files would say too.
 */
static void derived_prefilter(struct plan *p)
{
	struct strvec blobs = STRVEC_INIT;
	size_t before = 0, after = 0, k = 0;
	char *verdict;

	for (size_t i = 0; i < p->nfs; i++)
		for (size_t j = 0; j < p->fs[i].nitems; j++)
			if (!strcmp(p->fs[i].items[j].rule->name, DERIVED_RULE))
				for (size_t f = 0; f < p->fs[i].items[j].nfiles; f++)
					strvec_push(&blobs,
						    p->fs[i].items[j].files[f].blob);
	if (!blobs.n)
		return;
	verdict = xmalloc(blobs.n);
	derived_verdicts(p, &blobs, verdict);
	for (size_t i = 0; i < p->nfs; i++)
		for (size_t j = 0; j < p->fs[i].nitems; j++) {
			struct plan_item *it = &p->fs[i].items[j];
			size_t n = 0;

			if (strcmp(it->rule->name, DERIVED_RULE))
				continue;
			for (size_t f = 0; f < it->nfiles; f++, k++) {
				if (verdict[k] == '1') {
					it->files[n++] = it->files[f];
					continue;
				}
				free(it->files[f].path);
				free(it->files[f].blob);
			}
			before += it->nfiles;
			after += n;
			it->nfiles = n;
		}
	if (opts.verbose)
		fprintf(stderr, "plan: %s: %zu of %zu candidate file(s) call "
			"a ->lookup()\n", DERIVED_RULE, after, before);
	free(verdict);
	strvec_clear(&blobs);
}

int plan_build(struct plan *p, struct workspace *ws, const char *cocci_dir,
	       int argc, const char **argv)
{
	struct hit *hits = NULL;
	size_t nhits;
	char *cache;

	memset(p, 0, sizeof(*p));
	p->ws = ws;
	p->spatch_version = spatch_version();
	load_rules(p, cocci_dir);
	if (opts.paths.n && !is_file(opts.fstable))
		p->table.path = xstrdup(opts.fstable);
	else if (fstable_load(&p->table, opts.fstable, ws->tree))
		exit(EXIT_USAGE);
	for (size_t i = 0; i < opts.paths.n; i++)
		add_adhoc(p, opts.paths.v[i]);
	select_filesystems(p, argc, argv);
	cache = hits_cache_path(p);
	if (hits_load(cache, &hits, &nhits)) {
		nhits = grep_keywords(p, &hits);
		qsort(hits, nhits, sizeof(*hits), hit_cmp);
		find_blobs(p, hits, nhits);
		hits_save(cache, hits, nhits);
	}
	free(cache);
	for (size_t i = 0; i < p->nfs; i++)
		plan_fs_items(&p->fs[i], p, hits, nhits);
	derived_prefilter(p);
	for (size_t i = 0; i < nhits; i++) {
		free(hits[i].path);
		free(hits[i].blob);
		strvec_clear(&hits[i].words);
	}
	free(hits);
	return 0;
}

