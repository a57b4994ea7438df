// SPDX-License-Identifier: GPL-2.0
/*
 * fstable/filesystems.yaml: which files make up each filesystem, its
 * subject prefix, Kconfig symbols, rules to skip and sites a human must
 * convert.  Read with libyaml's document API and checked against a schema
 * table of {key, node type, handler, offset} in the manner of netplan, but
 * with the parse state in a struct fstable_parser passed down instead of
 * file-scope cursors.  Every problem is reported, not only the first, as
 * "file:line:col: message" followed by the source line and a caret.  The
 * checks of single values (paths against the tree, rules) are fscheck.c.
 */
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <yaml.h>

#include "fsconv.h"
#include "fstable.h"
#include "fstable-parser.h"

#define FSTABLE_VERSION 1

struct field;
typedef void (*field_fn)(struct fstable_parser *p, const struct field *f,
			 yaml_node_t *node, void *obj);
/* checks one string of a sequence; reports and returns false if bad */
typedef bool (*check_fn)(struct fstable_parser *p, yaml_node_t *node,
			 const char *value);

/* one key of a mapping; the schema is a table of these */
struct field {
	const char *key;
	yaml_node_type_t type;	/* the node type the value must have */
	const char *expect;	/* "a string", for "expected a string for 'x'" */
	field_fn handler;
	size_t offset;		/* where in obj the handler stores the value */
	unsigned int flag;	/* for handle_flag: the bit to set */
	check_fn check;		/* for strings and sequences of strings */
	unsigned int required : 1;
};

/* the start of 0-based line n of the source, or NULL past the end */
static const char *src_line(struct fstable_parser *p, size_t n)
{
	const char *s = p->src.data;

	for (size_t line = 0; line < n && s; line++) {
		s = strchr(s, '\n');
		if (s)
			s++;
	}
	return s && *s ? s : NULL;
}

/* the byte at mark m; columns count characters, not bytes */
static const char *src_at(struct fstable_parser *p, const yaml_mark_t *m)
{
	const char *s = src_line(p, m->line);
	size_t col = 0;

	if (!s)
		return NULL;
	for (; *s && *s != '\n'; s++) {
		if (((unsigned char)*s & 0xc0) == 0x80)
			continue;
		if (col++ == m->column)
			return s;
	}
	return s;
}

static void print_caret(struct fstable_parser *p, const yaml_mark_t *m)
{
	const char *s = src_line(p, m->line), *at = src_at(p, m);
	struct buf caret = BUF_INIT;

	if (!s)
		return;
	/* keep the line's tabs so the caret lines up under them */
	for (const char *c = s; c < at; c++)
		if (((unsigned char)*c & 0xc0) != 0x80)
			buf_addch(&caret, *c == '\t' ? '\t' : ' ');
	fprintf(stderr, "%.*s\n%s^\n", (int)strcspn(s, "\n"), s,
		caret.data);
	buf_release(&caret);
}

void fstable_error(struct fstable_parser *p, const yaml_mark_t *m,
		   const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "%s:%zu:%zu: ", p->name, m->line + 1, m->column + 1);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	print_caret(p, m);
	p->nerr++;
}

/* an empty plain scalar is YAML's null: "key:" with nothing after it */
static bool is_null(yaml_node_t *node)
{
	return node->type == YAML_SCALAR_NODE &&
	       node->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	       (!*scalar(node) || !strcmp(scalar(node), "~") ||
		!strcmp(scalar(node), "null"));
}

static yaml_node_t *node_at(struct fstable_parser *p, yaml_node_item_t i)
{
	return yaml_document_get_node(&p->doc, i);
}

const char *fstable_guess(const char *word, const char *const *cand, size_t n)
{
	const char *best = NULL;
	size_t bestd = SIZE_MAX, len = strlen(word);

	for (size_t i = 0; i < n; i++) {
		size_t d = levenshtein(word, cand[i]);

		if (d < bestd) {
			bestd = d;
			best = cand[i];
		}
	}
	if (bestd <= 2 || bestd * 3 <= len)
		return best;
	return NULL;
}

static void unknown_key(struct fstable_parser *p, const struct field *table,
			yaml_node_t *key)
{
	const char *names[32];
	size_t n = 0;
	const char *guess;

	for (; table->key && n < ARRAY_SIZE(names); table++)
		names[n++] = table->key;
	guess = fstable_guess(scalar(key), names, n);
	if (guess)
		fstable_error(p, &key->start_mark,
			      "unknown key '%s' (did you mean '%s'?)",
			      scalar(key), guess);
	else
		fstable_error(p, &key->start_mark, "unknown key '%s'",
			      scalar(key));
}

/*
 * Run the handler of every key of a mapping node; returns a bit mask of
 * the table entries seen, for check_required().
 */
static unsigned long process_mapping(struct fstable_parser *p,
				     const struct field *table,
				     yaml_node_t *node, void *obj)
{
	yaml_node_t *first[32] = { NULL };
	unsigned long seen = 0;

	for (yaml_node_pair_t *pair = node->data.mapping.pairs.start;
	     pair < node->data.mapping.pairs.top; pair++) {
		yaml_node_t *key = node_at(p, pair->key);
		yaml_node_t *value = node_at(p, pair->value);
		const struct field *f;
		size_t i;

		if (key->type != YAML_SCALAR_NODE) {
			fstable_error(p, &key->start_mark,
				      "expected a plain key (check indentation)");
			continue;
		}
		for (f = table, i = 0; f->key; f++, i++)
			if (!strcmp(f->key, scalar(key)))
				break;
		if (!f->key) {
			unknown_key(p, table, key);
			continue;
		}
		if (first[i]) {
			fstable_error(p, &key->start_mark,
				      "duplicate key '%s' (first at line %zu)",
				      f->key, first[i]->start_mark.line + 1);
			continue;
		}
		first[i] = key;
		seen |= 1UL << i;
		if (is_null(value) && f->type != YAML_SCALAR_NODE) {
			fstable_error(p, &value->start_mark,
				      "'%s' has no value (expected %s)",
				      f->key, f->expect);
			continue;
		}
		if (value->type != f->type) {
			fstable_error(p, &value->start_mark,
				      "expected %s for '%s'", f->expect,
				      f->key);
			continue;
		}
		f->handler(p, f, value, obj);
	}
	return seen;
}

static void check_required(struct fstable_parser *p, const struct field *table,
			   unsigned long seen, yaml_node_t *node,
			   const char *what)
{
	for (size_t i = 0; table[i].key; i++)
		if (table[i].required && !(seen & (1UL << i)))
			fstable_error(p, &node->start_mark,
				      "missing required key '%s' in %s",
				      table[i].key, what);
}

static bool check_string(struct fstable_parser *p, const struct field *f,
			 yaml_node_t *node)
{
	if (is_null(node) || !*scalar(node)) {
		fstable_error(p, &node->start_mark,
			      "'%s' is empty (expected %s)", f->key,
			      f->expect);
		return false;
	}
	if (strchr(scalar(node), '\n')) {
		fstable_error(p, &node->start_mark,
			      "'%s' must be on one line", f->key);
		return false;
	}
	return !f->check || f->check(p, node, scalar(node));
}

static void handle_string(struct fstable_parser *p, const struct field *f,
			  yaml_node_t *node, void *obj)
{
	char **dst = (char **)((char *)obj + f->offset);

	if (check_string(p, f, node))
		*dst = xstrdup(scalar(node));
}

static void handle_strvec(struct fstable_parser *p, const struct field *f,
			  yaml_node_t *node, void *obj)
{
	struct strvec *sv = (struct strvec *)((char *)obj + f->offset);

	for (yaml_node_item_t *it = node->data.sequence.items.start;
	     it < node->data.sequence.items.top; it++) {
		yaml_node_t *item = node_at(p, *it);

		if (item->type != YAML_SCALAR_NODE) {
			fstable_error(p, &item->start_mark,
				      "expected %s for '%s'", f->expect,
				      f->key);
			continue;
		}
		if (!check_string(p, f, item))
			continue;
		if (strvec_contains(sv, scalar(item))) {
			fstable_error(p, &item->start_mark,
				      "'%s' is listed twice in '%s'",
				      scalar(item), f->key);
			continue;
		}
		strvec_push(sv, scalar(item));
	}
}

static void handle_flag(struct fstable_parser *p, const struct field *f,
			yaml_node_t *node, void *obj)
{
	unsigned int *flags = (unsigned int *)((char *)obj + f->offset);

	if (!strcmp(scalar(node), "true"))
		*flags |= f->flag;
	else if (!strcmp(scalar(node), "false"))
		*flags &= ~f->flag;
	else
		fstable_error(p, &node->start_mark,
			      "expected true or false for '%s', not '%s'",
			      f->key, scalar(node));
}

static void handle_version(struct fstable_parser *p, const struct field *f,
			   yaml_node_t *node, void *obj)
{
	(void)f;
	(void)obj;
	if (strcmp(scalar(node), "1"))
		fstable_error(p, &node->start_mark,
			      "unsupported version '%s' (this fsconv reads version %d)",
			      scalar(node), FSTABLE_VERSION);
}

#define STR(k, st, m, req, chk)                                        \
	{ .key = k, .type = YAML_SCALAR_NODE, .expect = "a string",     \
	  .handler = handle_string, .offset = offsetof(st, m),          \
	  .required = req, .check = chk }
#define STRVEC(k, st, m, req, chk)                                      \
	{ .key = k, .type = YAML_SEQUENCE_NODE,                         \
	  .expect = "a sequence of strings", .handler = handle_strvec,  \
	  .offset = offsetof(st, m), .required = req, .check = chk }

static const struct field manual_fields[] = {
	STR("where", struct manual_site, where, 1, fscheck_where),
	STR("rule", struct manual_site, rule, 1, fscheck_manual_rule),
	STR("reason", struct manual_site, reason, 1, NULL),
	{ NULL },
};

static void handle_manual(struct fstable_parser *p, const struct field *f,
			  yaml_node_t *node, void *obj)
{
	struct fs_entry *fs = obj;

	(void)f;
	for (yaml_node_item_t *it = node->data.sequence.items.start;
	     it < node->data.sequence.items.top; it++) {
		yaml_node_t *item = node_at(p, *it);
		struct manual_site *m;
		unsigned long seen;

		if (item->type != YAML_MAPPING_NODE) {
			fstable_error(p, &item->start_mark,
				      "expected a mapping with 'where', 'rule' and 'reason' for each 'manual' site");
			continue;
		}
		fs->manual = xreallocarray(fs->manual, fs->nmanual + 1,
					   sizeof(*fs->manual));
		m = &fs->manual[fs->nmanual++];
		memset(m, 0, sizeof(*m));
		seen = process_mapping(p, manual_fields, item, m);
		check_required(p, manual_fields, seen, item,
			       "this manual site");
	}
}

static const struct field fs_fields[] = {
	STR("name", struct fs_entry, name, 1, fscheck_name),
	STRVEC("paths", struct fs_entry, paths, 1, fscheck_path),
	STR("prefix", struct fs_entry, prefix, 1, fscheck_prefix),
	STRVEC("kconfig", struct fs_entry, kconfig, 0, fscheck_kconfig),
	STRVEC("skip", struct fs_entry, skip, 0, fscheck_rule),
	{ .key = "manual", .type = YAML_SEQUENCE_NODE,
	  .expect = "a sequence of mappings", .handler = handle_manual },
	{ .key = "no_dirlock", .type = YAML_SCALAR_NODE,
	  .expect = "true or false", .handler = handle_flag,
	  .offset = offsetof(struct fs_entry, flags), .flag = FS_NO_DIRLOCK },
	{ NULL },
};

static void fs_entry_release(struct fs_entry *fs)
{
	free(fs->name);
	free(fs->prefix);
	strvec_clear(&fs->paths);
	strvec_clear(&fs->kconfig);
	strvec_clear(&fs->skip);
	for (size_t i = 0; i < fs->nmanual; i++) {
		free(fs->manual[i].where);
		free(fs->manual[i].rule);
		free(fs->manual[i].reason);
	}
	free(fs->manual);
}

static void handle_filesystems(struct fstable_parser *p,
			       const struct field *f, yaml_node_t *node,
			       void *obj)
{
	struct fstable *t = obj;

	(void)f;
	for (yaml_node_item_t *it = node->data.sequence.items.start;
	     it < node->data.sequence.items.top; it++) {
		yaml_node_t *item = node_at(p, *it);
		struct fs_entry *fs, *dup;
		unsigned long seen;
		char *what;

		if (item->type != YAML_MAPPING_NODE) {
			fstable_error(p, &item->start_mark,
				      "expected a mapping for each filesystem (check indentation)");
			continue;
		}
		t->fs = xreallocarray(t->fs, t->nfs + 1, sizeof(*t->fs));
		fs = &t->fs[t->nfs];
		memset(fs, 0, sizeof(*fs));
		strvec_init(&fs->paths);
		strvec_init(&fs->kconfig);
		strvec_init(&fs->skip);
		fs->line = (int)item->start_mark.line + 1;
		fs->col = (int)item->start_mark.column + 1;
		seen = process_mapping(p, fs_fields, item, fs);
		what = fs->name ? xasprintf("filesystem '%s'", fs->name) :
				  xstrdup("this filesystem");
		check_required(p, fs_fields, seen, item, what);
		free(what);
		dup = fs->name ? fstable_find(t, fs->name) : NULL;
		if (dup)
			fstable_error(p, &item->start_mark,
				      "duplicate filesystem name '%s' (first at line %d)",
				      fs->name, dup->line);
		t->nfs++;
	}
}

static const struct field top_fields[] = {
	{ .key = "version", .type = YAML_SCALAR_NODE, .expect = "a number",
	  .handler = handle_version, .required = 1 },
	{ .key = "filesystems", .type = YAML_SEQUENCE_NODE,
	  .expect = "a sequence of filesystems", .handler = handle_filesystems,
	  .required = 1 },
	{ NULL },
};

/* libyaml's scanner messages, said in terms of what to fix */
static void syntax_error(struct fstable_parser *p, yaml_parser_t *yp)
{
	const yaml_mark_t *m = &yp->problem_mark;
	const char *problem = yp->problem ? yp->problem : "unknown error";
	const char *context = yp->context ? yp->context : "";
	const char *at = src_at(p, m);

	if (strstr(problem, "tab") || (at && *at == '\t'))
		fstable_error(p, m, "invalid YAML: tabs are not allowed for indentation, use spaces");
	else if (strstr(problem, "mapping values are not allowed"))
		fstable_error(p, m, "invalid YAML: unexpected ':' (check the indentation, or quote a value containing ': ')");
	else if (strstr(problem, "did not find expected") &&
		 strstr(context, "block"))
		fstable_error(p, m, "invalid YAML: inconsistent indentation (%s in the block from line %zu)",
			      problem, yp->context_mark.line + 1);
	else if (strstr(problem, "end of stream") &&
		 strstr(context, "quoted scalar"))
		fstable_error(p, m, "invalid YAML: unterminated quoted string (opened at line %zu)",
			      yp->context_mark.line + 1);
	else if (*context)
		fstable_error(p, m, "invalid YAML: %s %s at line %zu", problem,
			      context, yp->context_mark.line + 1);
	else
		fstable_error(p, m, "invalid YAML: %s", problem);
}

static void load_rule_names(struct strvec *rules)
{
	char *dir = path_join(fsconv_home(), "cocci");
	DIR *d = opendir(dir);
	struct dirent *de;

	free(dir);
	if (!d)
		return;
	while ((de = readdir(d)))
		if (de->d_name[0] != '.' && ends_with(de->d_name, ".cocci"))
			strvec_pushf(rules, "%.*s",
				     (int)(strlen(de->d_name) - 6), de->d_name);
	closedir(d);
}

/* the path relative to the current directory when it lies below it */
static const char *display_name(const char *path, char *cwd, size_t size)
{
	size_t n;

	if (*path != '/' || !getcwd(cwd, size))
		return path;
	n = strlen(cwd);
	if (!strncmp(path, cwd, n) && path[n] == '/')
		return path + n + 1;
	return path;
}

static void parse_document(struct fstable_parser *p, yaml_parser_t *yp)
{
	yaml_node_t *root = yaml_document_get_root_node(&p->doc);
	yaml_document_t extra;
	unsigned long seen;

	if (!root) {
		yaml_mark_t start = { 0 };

		fstable_error(p, &start, "the table is empty (expected 'version: %d' and 'filesystems:')",
			      FSTABLE_VERSION);
		return;
	}
	if (root->type != YAML_MAPPING_NODE) {
		fstable_error(p, &root->start_mark,
			      "expected a mapping with 'version' and 'filesystems' at the top");
		return;
	}
	seen = process_mapping(p, top_fields, root, p->t);
	check_required(p, top_fields, seen, root, "the table");
	if (!yaml_parser_load(yp, &extra)) {
		syntax_error(p, yp);
		return;
	}
	root = yaml_document_get_root_node(&extra);
	if (root)
		fstable_error(p, &root->start_mark,
			      "unexpected second YAML document (one table per file)");
	yaml_document_delete(&extra);
}

int fstable_load(struct fstable *t, const char *path, const char *tree)
{
	struct fstable_parser p = { .t = t, .tree = tree, .src = BUF_INIT,
				    .rules = STRVEC_INIT };
	char cwd[PATH_MAX];
	yaml_parser_t yp;

	memset(t, 0, sizeof(*t));
	t->path = xstrdup(path);
	p.name = display_name(path, cwd, sizeof(cwd));
	if (buf_read_file(&p.src, path)) {
		error("cannot read '%s':", p.name);
		free(t->path);
		t->path = NULL;
		return -1;
	}
	load_rule_names(&p.rules);
	if (!yaml_parser_initialize(&yp))
		die("out of memory initializing the YAML parser");
	yaml_parser_set_input_string(&yp, (const unsigned char *)p.src.data,
				     p.src.len);
	if (!yaml_parser_load(&yp, &p.doc)) {
		syntax_error(&p, &yp);
	} else {
		parse_document(&p, &yp);
		yaml_document_delete(&p.doc);
	}
	yaml_parser_delete(&yp);
	buf_release(&p.src);
	strvec_clear(&p.rules);
	free(p.paths);
	if (p.nerr) {
		fstable_release(t);
		return -1;
	}
	return 0;
}

void fstable_release(struct fstable *t)
{
	for (size_t i = 0; i < t->nfs; i++)
		fs_entry_release(&t->fs[i]);
	free(t->fs);
	free(t->path);
	memset(t, 0, sizeof(*t));
}

struct fs_entry *fstable_find(const struct fstable *t, const char *name)
{
	for (size_t i = 0; i < t->nfs; i++)
		if (t->fs[i].name && !strcmp(t->fs[i].name, name))
			return &t->fs[i];
	return NULL;
}

struct fs_entry *fstable_lookup(const struct fstable *t, const char *name)
{
	struct fs_entry *fs = fstable_find(t, name);
	const char **names;
	const char *guess;

	if (fs)
		return fs;
	names = xcalloc(t->nfs, sizeof(*names));
	for (size_t i = 0; i < t->nfs; i++)
		names[i] = t->fs[i].name;
	guess = fstable_guess(name, names, t->nfs);
	if (guess)
		error("unknown filesystem '%s' (did you mean '%s'?)", name,
		      guess);
	else
		error("unknown filesystem '%s' (see 'fsconv fstable --list')",
		      name);
	free(names);
	return NULL;
}
