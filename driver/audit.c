// SPDX-License-Identifier: GPL-2.0
/*
 * `fsconv audit`: the census of every dcache API site in a filesystem,
 * with libclang and without Coccinelle, checked against what the semantic
 * patches should have done.  census.c reads one translation unit; this
 * file runs the parsers in parallel worker processes, merges their
 * records per filesystem, builds the call graph (by function name, across
 * the filesystem's files), finds what runs under ->lookup, ->atomic_open
 * and ->iterate_shared, classifies each site and writes the reports.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "api.h"
#include "audit.h"
#include "census.h"
#include "commands.h"
#include "fsconv.h"
#include "fstable.h"
#include "json.h"
#include "kparse.h"
#include "options.h"

/* ---- a string -> int map (open addressing, FNV-1a) ---- */

struct strmap {
	char **keys;
	int *vals;
	size_t n, cap;
};

static size_t hash(const char *s)
{
	size_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static int *strmap_slot(struct strmap *m, const char *key, bool add)
{
	size_t i;

	if (add && 2 * (m->n + 1) > m->cap) {
		struct strmap old = *m;

		m->cap = m->cap ? 2 * m->cap : 64;
		m->keys = xcalloc(m->cap, sizeof(*m->keys));
		m->vals = xcalloc(m->cap, sizeof(*m->vals));
		m->n = 0;
		for (i = 0; i < old.cap; i++)
			if (old.keys[i]) {
				*strmap_slot(m, old.keys[i], true) =
					old.vals[i];
				free(old.keys[i]);
			}
		free(old.keys);
		free(old.vals);
	}
	if (!m->cap)
		return NULL;
	for (i = hash(key) & (m->cap - 1); m->keys[i];
	     i = (i + 1) & (m->cap - 1))
		if (!strcmp(m->keys[i], key))
			return &m->vals[i];
	if (!add)
		return NULL;
	m->keys[i] = xstrdup(key);
	m->vals[i] = -1;
	m->n++;
	return &m->vals[i];
}

static int strmap_get(struct strmap *m, const char *key)
{
	int *v = strmap_slot(m, key, false);

	return v ? *v : -1;
}

static void strmap_clear(struct strmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

/* ---- what the records say, per filesystem ---- */

enum root_kind { ROOT_LOOKUP, ROOT_ATOMIC_OPEN, ROOT_ITERATE, NROOTS };

static const struct {
	const char *sname, *field, *label, *key;
} roots[NROOTS] = {
	{ "inode_operations", "lookup", "->lookup", "lookup" },
	{ "inode_operations", "atomic_open", "->atomic_open", "atomic_open" },
	{ "file_operations", "iterate_shared", "->iterate_shared",
	  "iterate_shared" },
};

enum status {
	ST_MISSED,
	ST_HUMAN,
	ST_MANUAL,
	ST_CONVERTED,
	ST_PENDING,
	ST_UNAFFECTED,
	ST_INACTIVE,
	NSTATUS
};

const char *const audit_count_names[NR_AUDIT_COUNTS] = {
	"MISSED", "human", "manual", "converted", "pending", "unaffected",
	"inactive", "lint",
};

/* a site's status counts where audit.h says */
_Static_assert((int)ST_INACTIVE == (int)AUDIT_INACTIVE &&
	       (int)NSTATUS == (int)AUDIT_LINT, "statuses and counts differ");

enum site_flags {
	SITE_DUP = 1 << 0,
	SITE_LOOP = 1 << 1,
	SITE_INACTIVE = 1 << 2,
	SITE_PARENT = 1 << 3,	/* an argument is E->d_parent or holds one */
	/* a lookup in the dentry the last one found, from a root down */
	SITE_ROOTWALK = 1 << 4,
	/* between inode_unlock*() and inode_lock*() of one block (R3) */
	SITE_UNLOCKED = 1 << 5,
};

struct site {
	char *call;
	int nargs;
	char *fn;
	char *file;
	unsigned int line, col;
	unsigned int flags;
	char *text;
	unsigned int under;	/* 1 << enum root_kind */
	char *path[NROOTS];	/* how each root reaches fn */
	enum status status;
	const char *rule;
	char *why;
	char *covered_by;	/* the report line or fstable entry */
};

struct finding {
	char *check, *fn, *file, *msg;
	unsigned int line, col;
};

struct root {
	enum root_kind kind;
	char *fn, *owner, *file;
	unsigned int line, col;
};

struct func {
	char *name, *file;
	unsigned int line, endline;
};

/*
 * Files parsed with the generic flags share one precompiled header, files
 * with a saved kbuild command line another.
 */
enum { GROUP_GENERIC, GROUP_CMD, NGROUPS };

struct fsdata {
	struct fs_entry *fs;
	struct audit_fs *af;	/* its state, and where its results go */
	struct strvec overlay;	/* af->overlay, absolute */
	char *pch[NGROUPS];	/* its own precompiled headers, or NULL */
	struct strvec files;
	unsigned int parse_failed, with_errors;
	/* graph: nodes by name, adjacency lists of node numbers */
	struct strmap node;
	struct strvec names;
	int **adj;
	size_t *nadj, *capadj;
	struct strmap defined;	/* function name -> funcs[] */
	struct func *funcs;
	size_t nfuncs;
	struct root *roots;
	size_t nroots;
	struct site *sites;
	size_t nsites;
	struct finding *lint;
	size_t nlint;
	struct strmap seen;	/* deduplication of header records */
	unsigned int count[NSTATUS];
};

struct report {
	char *file, *type, *msg, *line_text;
	char *function;		/* covers a whole function, line is 0 */
	char *rule;		/* from a results file: "R8", "d_duplicate" */
	unsigned int line, col;
};

struct audit {
	const struct audit_opts *o;
	struct kparse k;
	struct api_profile api;
	struct report *reports;
	size_t nreports;
	struct fsdata *fs;
	size_t nfs;
	/* every file of every filesystem, in order */
	struct unit {
		size_t fs;
		char *rel;
		struct strvec args;
		int group;	/* which precompiled header, or -1 */
		bool from_cmd;
		struct buf out;
	} *units;
	size_t nunits;
	char *tmpdir;
	/* one precompiled header per flag family, and its flags */
	char *pch[NGROUPS];
	struct strvec pch_args[NGROUPS];
	long long parse_ms, pch_ms;
};

static int node(struct fsdata *d, const char *name)
{
	int *v = strmap_slot(&d->node, name, true);

	if (*v < 0) {
		*v = (int)d->names.n;
		strvec_push(&d->names, name);
		d->adj = xreallocarray(d->adj, d->names.n, sizeof(*d->adj));
		d->nadj = xreallocarray(d->nadj, d->names.n, sizeof(*d->nadj));
		d->capadj = xreallocarray(d->capadj, d->names.n,
					  sizeof(*d->capadj));
		d->adj[*v] = NULL;
		d->nadj[*v] = d->capadj[*v] = 0;
	}
	return *v;
}

static void edge(struct fsdata *d, const char *from, const char *to)
{
	int a = node(d, from), b = node(d, to);

	for (size_t i = 0; i < d->nadj[a]; i++)
		if (d->adj[a][i] == b)
			return;
	if (d->nadj[a] == d->capadj[a]) {
		d->capadj[a] = d->capadj[a] ? 2 * d->capadj[a] : 4;
		d->adj[a] = xreallocarray(d->adj[a], d->capadj[a],
					  sizeof(**d->adj));
	}
	d->adj[a][d->nadj[a]++] = b;
}

/* false when this record was already seen from another file's header */
static bool first_time(struct fsdata *d, const char *key)
{
	int *v = strmap_slot(&d->seen, key, true);

	if (*v >= 0)
		return false;
	*v = 1;
	return true;
}

/* split a record line in place on tabs */
static size_t fields(char *line, char **f, size_t max)
{
	size_t n = 0;

	while (n < max) {
		f[n++] = line;
		line = strchr(line, '\t');
		if (!line)
			break;
		*line++ = '\0';
	}
	return n;
}

static unsigned int site_flags(const char *s)
{
	unsigned int fl = 0;

	if (strstr(s, "dup"))
		fl |= SITE_DUP;
	if (strstr(s, "loop"))
		fl |= SITE_LOOP;
	if (strstr(s, "inactive"))
		fl |= SITE_INACTIVE;
	if (strstr(s, "parent"))
		fl |= SITE_PARENT;
	if (strstr(s, "rootwalk"))
		fl |= SITE_ROOTWALK;
	if (strstr(s, "unlocked"))
		fl |= SITE_UNLOCKED;
	return fl;
}

static void add_site(struct fsdata *d, char **f)
{
	struct site *s;
	char *key = xasprintf("S:%s:%s:%s:%s", f[1], f[4], f[5], f[6]);

	if (!first_time(d, key)) {
		free(key);
		return;
	}
	free(key);
	d->sites = xreallocarray(d->sites, d->nsites + 1, sizeof(*d->sites));
	s = &d->sites[d->nsites++];
	memset(s, 0, sizeof(*s));
	s->call = xstrdup(f[1]);
	s->nargs = atoi(f[2]);
	s->fn = xstrdup(f[3]);
	s->file = xstrdup(f[4]);
	s->line = (unsigned int)atoi(f[5]);
	s->col = (unsigned int)atoi(f[6]);
	s->flags = site_flags(f[7]);
	s->text = xstrdup(f[8]);
}

static void add_record(struct audit *a, struct fsdata *d, char *line)
{
	char *f[10], *key;
	size_t n = fields(line, f, ARRAY_SIZE(f));

	switch (line[0]) {
	case 'F':
		if (n < 5)
			break;
		node(d, f[1]);
		if (strmap_get(&d->defined, f[1]) < 0) {
			struct func *fn;

			*strmap_slot(&d->defined, f[1], true) = (int)d->nfuncs;
			d->funcs = xreallocarray(d->funcs, d->nfuncs + 1,
						 sizeof(*d->funcs));
			fn = &d->funcs[d->nfuncs++];
			fn->name = xstrdup(f[1]);
			fn->file = xstrdup(f[2]);
			fn->line = (unsigned int)atoi(f[3]);
			fn->endline = (unsigned int)atoi(f[4]);
		}
		break;
	case 'C':
		if (n >= 6)
			edge(d, f[1], f[2]);
		break;
	case 'R':
		if (n >= 3)
			edge(d, f[1], f[2]);
		break;
	case 'T': {
		char *member;

		if (n < 8)
			break;
		member = xasprintf("@%s.%s", f[1], f[2]);
		edge(d, member, f[3]);
		free(member);
		for (int k = 0; k < NROOTS; k++) {
			struct root *r;

			if (strcmp(f[1], roots[k].sname) ||
			    strcmp(f[2], roots[k].field))
				continue;
			key = xasprintf("T:%s:%s:%s:%s", f[3], f[4], f[5],
					f[6]);
			if (first_time(d, key)) {
				d->roots = xreallocarray(d->roots,
							 d->nroots + 1,
							 sizeof(*d->roots));
				r = &d->roots[d->nroots++];
				r->kind = (enum root_kind)k;
				r->fn = xstrdup(f[3]);
				r->file = xstrdup(f[4]);
				r->line = (unsigned int)atoi(f[5]);
				r->col = (unsigned int)atoi(f[6]);
				r->owner = xstrdup(f[7]);
			}
			free(key);
		}
		break;
	}
	case 'S':
		if (n >= 9)
			add_site(d, f);
		break;
	case 'L': {
		struct finding *l;

		if (n < 7)
			break;
		key = xasprintf("L:%s:%s:%s:%s", f[1], f[3], f[4], f[5]);
		if (first_time(d, key)) {
			d->lint = xreallocarray(d->lint, d->nlint + 1,
						sizeof(*d->lint));
			l = &d->lint[d->nlint++];
			l->check = xstrdup(f[1]);
			l->fn = xstrdup(f[2]);
			l->file = xstrdup(f[3]);
			l->line = (unsigned int)atoi(f[4]);
			l->col = (unsigned int)atoi(f[5]);
			l->msg = xstrdup(f[6]);
		}
		free(key);
		break;
	}
	case 'P':
		if (n >= 4 && atoi(f[2]) > 0) {
			d->with_errors++;
			if (a->o->diag)
				fprintf(stderr, "audit: %s: %s error(s), first: %s\n",
					f[1], f[2], f[3]);
		}
		break;
	default:
		break;
	}
}

/* ---- finding the files and their flags ---- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list_c_files(const char *tree, const char *rel,
			 struct strvec *out)
{
	char *abs = path_join(tree, rel);
	DIR *dir;
	struct dirent *de;
	struct strvec sub = STRVEC_INIT;

	if (!is_dir(abs)) {
		if (ends_with(rel, ".c") && is_file(abs))
			strvec_push(out, rel);
		free(abs);
		return;
	}
	dir = opendir(abs);
	while (dir && (de = readdir(dir))) {
		if (de->d_name[0] == '.')
			continue;
		strvec_pushf(&sub, "%s/%s", rel, de->d_name);
	}
	if (dir)
		closedir(dir);
	qsort(sub.v, sub.n, sizeof(*sub.v), cmp_str);
	for (size_t i = 0; i < sub.n; i++)
		list_c_files(tree, sub.v[i], out);
	strvec_clear(&sub);
	free(abs);
}

/*
 * The system headers a file includes unconditionally, in order: the
 * candidates for the precompiled prefix.  Trace headers are left out,
 * since what they expand to depends on what the file defined first.
 */
static void file_headers(const char *path, struct strvec *out)
{
	struct buf b = BUF_INIT;
	struct strvec lines = STRVEC_INIT;
	int depth = 0;

	if (buf_read_file(&b, path))
		return;
	strvec_split_lines(&lines, b.data);
	for (size_t i = 0; i < lines.n; i++) {
		char *l = lines.v[i], *end;

		if (*l != '#')
			continue;
		for (l++; *l == ' ' || *l == '\t'; l++)
			;
		if (starts_with(l, "if"))
			depth++;
		else if (starts_with(l, "endif"))
			depth--;
		else if (!depth && starts_with(l, "include") &&
			 (l = strchr(l, '<')) && (end = strchr(l, '>'))) {
			*end = '\0';
			if (!strstr(l + 1, "trace") &&
			    !strvec_contains(out, l + 1))
				strvec_push(out, l + 1);
		}
	}
	strvec_clear(&lines);
	buf_release(&b);
}

struct counted {
	const char *name;
	int count, first;
};

static int cmp_counted(const void *pa, const void *pb)
{
	const struct counted *a = pa, *b = pb;

	if (a->count != b->count)
		return b->count - a->count;
	return a->first - b->first;
}

/* headers at least two files of a group include */
static void pch_headers(struct audit *a, int group, struct strvec *out)
{
	struct strmap idx = { 0 };
	struct counted *c = NULL;
	size_t nc = 0;

	for (size_t u = 0; u < a->nunits; u++) {
		struct strvec h = STRVEC_INIT;
		char *abs;

		if (a->units[u].group != group)
			continue;
		abs = path_join(a->k.tree, a->units[u].rel);
		file_headers(abs, &h);
		free(abs);
		for (size_t i = 0; i < h.n; i++) {
			int *v = strmap_slot(&idx, h.v[i], true);

			if (*v < 0) {
				*v = (int)nc;
				c = xreallocarray(c, nc + 1, sizeof(*c));
				c[nc].name = NULL;
				c[nc].count = 0;
				c[nc].first = (int)nc;
				nc++;
			}
			c[*v].count++;
		}
		strvec_clear(&h);
	}
	/* names live in the map; find each entry's key */
	for (size_t i = 0; i < idx.cap; i++)
		if (idx.keys[i])
			c[idx.vals[i]].name = idx.keys[i];
	qsort(c, nc, sizeof(*c), cmp_counted);
	for (size_t i = 0; i < nc && c[i].count >= 2; i++)
		strvec_push(out, c[i].name);
	free(c);
	strmap_clear(&idx);
}

static bool has_pair(const struct strvec *sv, const char *a, const char *b)
{
	for (size_t i = 0; i + 1 < sv->n; i++)
		if (!strcmp(sv->v[i], a) && !strcmp(sv->v[i + 1], b))
			return true;
	return false;
}

/*
 * The flags of saved command lines without what differs per file
 * (KBUILD_MODNAME and friends, which a precompiled header would reject),
 * and the flags every one of them has, for their precompiled header.
 */
static void plan_cmd_units(struct audit *a)
{
	struct unit *first = NULL;
	size_t n = 0;

	for (size_t u = 0; u < a->nunits; u++) {
		struct unit *un = &a->units[u];
		struct strvec args = STRVEC_INIT;

		if (!un->from_cmd)
			continue;
		for (size_t i = 0; i < un->args.n; i++)
			if (!starts_with(un->args.v[i], "-DKBUILD_") &&
			    !starts_with(un->args.v[i], "-D__KBUILD_"))
				strvec_push(&args, un->args.v[i]);
		strvec_pushl(&args, "-DKBUILD_MODNAME=\"fsconv\"",
			     "-DKBUILD_BASENAME=\"fsconv\"",
			     "-DKBUILD_MODFILE=\"fs/fsconv\"", NULL);
		strvec_clear(&un->args);
		un->args = args;
		if (!first)
			first = un;
		n++;
	}
	if (!first || a->o->no_pch || n < (size_t)a->o->pch_min)
		return;
	for (size_t i = 0; i < first->args.n; i++) {
		const char *arg = first->args.v[i];
		bool pair = !strcmp(arg, "-include") && i + 1 < first->args.n;
		bool all = true;

		for (size_t u = 0; all && u < a->nunits; u++) {
			const struct unit *un = &a->units[u];

			if (un->from_cmd)
				all = pair ? has_pair(&un->args, arg,
						      first->args.v[i + 1]) :
					     strvec_contains(&un->args, arg);
		}
		if (all)
			strvec_push(&a->pch_args[GROUP_CMD], arg);
		if (all && pair)
			strvec_push(&a->pch_args[GROUP_CMD],
				    first->args.v[i + 1]);
		i += pair;
	}
	for (size_t u = 0; u < a->nunits; u++)
		if (a->units[u].from_cmd)
			a->units[u].group = GROUP_CMD;
}

/*
 * Flags for every file.  Without a .cmd file every file gets the same
 * macro set, the union of the Kconfig symbols of every directory in the
 * run, so that one precompiled header fits them all; only the -I of its
 * directory and Makefile differ.
 */
static void plan_units(struct audit *a)
{
	struct strvec defs = STRVEC_INIT;
	size_t nbase = a->k.base.n, generic = 0;

	/* what fstable says builds each filesystem, shmem's CONFIG_SHMEM */
	for (size_t f = 0; f < a->nfs; f++)
		for (size_t i = 0; i < a->fs[f].fs->kconfig.n; i++) {
			const char *sym = a->fs[f].fs->kconfig.v[i];
			char *d = xasprintf("-D%s=1", sym);

			if (!strvec_contains(&defs, d))
				strvec_push(&defs, d);
			free(d);
		}
	for (size_t u = 0; u < a->nunits; u++) {
		struct unit *un = &a->units[u];

		kparse_file_flags(&a->k, un->rel, &un->args, &un->from_cmd);
		if (un->from_cmd)
			continue;
		generic++;
		for (size_t i = nbase; i < un->args.n; i++)
			if (starts_with(un->args.v[i], "-DCONFIG_") &&
			    !strvec_contains(&defs, un->args.v[i]))
				strvec_push(&defs, un->args.v[i]);
	}
	for (size_t u = 0; u < a->nunits; u++) {
		struct unit *un = &a->units[u];
		struct strvec args = STRVEC_INIT;

		if (un->from_cmd)
			continue;
		strvec_pushv(&args, (const char *const *)a->k.base.v);
		strvec_pushv(&args, (const char *const *)defs.v);
		for (size_t i = nbase; i < un->args.n; i++)
			if (!starts_with(un->args.v[i], "-DCONFIG_"))
				strvec_push(&args, un->args.v[i]);
		strvec_clear(&un->args);
		un->args = args;
		/* a handful of files do not pay for a precompiled header */
		if (!a->o->no_pch && generic >= (size_t)a->o->pch_min)
			un->group = GROUP_GENERIC;
	}
	strvec_pushv(&a->pch_args[GROUP_GENERIC],
		     (const char *const *)a->k.base.v);
	strvec_pushv(&a->pch_args[GROUP_GENERIC], (const char *const *)defs.v);
	strvec_clear(&defs);
	plan_cmd_units(a);
}

/* ---- the worker processes ---- */

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* the precompiled header a unit is parsed with, or NULL */
static const char *un_pch(const struct audit *a, const struct unit *un)
{
	const struct fsdata *d = &a->fs[un->fs];

	if (un->group < 0)
		return NULL;
	return d->pch[un->group] ? d->pch[un->group] : a->pch[un->group];
}

/*
 * In the child: parse units first..first+n-1 and print each one's records
 * followed by "E <unit>" (with "failed" when libclang gave up), so the
 * parent can tell which units a crash left unparsed.  A worker takes a
 * run of files rather than one: libclang's start-up and the page faults
 * of a fresh process cost a fifth of the time otherwise.
 */
static void __attribute__((noreturn)) worker(struct audit *a, size_t first,
					     size_t n, int fd)
{
	struct buf out = BUF_INIT;
	CXIndex idx = clang_createIndex(1, 0);
	size_t overlaid = a->nfs;

	for (size_t u = first; u < first + n; u++) {
		struct unit *un = &a->units[u];
		const char *crash = getenv("FSCONV_TEST_AUDIT_CRASH");
		int rc;

		/* the tests' stand-in for a file that crashes libclang */
		if (crash && !strcmp(crash, un->rel))
			raise(SIGKILL);
		/* each filesystem in its own state: its branch's files */
		if (un->fs != overlaid) {
			overlaid = un->fs;
			kparse_overlay(&a->k, &a->fs[un->fs].overlay,
				       &a->fs[un->fs].af->texts);
		}
		rc = census_file(&a->k, idx, un->rel, &un->args,
				 un_pch(a, un),
				 &a->fs[un->fs].fs->paths, &out);
		buf_addf(&out, "E\t%zu%s\n", u, rc ? "\tfailed" : "");
		if (write_all(fd, out.data, out.len))
			_exit(1);
		buf_reset(&out);
	}
	_exit(0);
}

struct running {
	pid_t pid;
	int fd;
	size_t first, n;
	struct buf out;
};

static void parse_failed(struct unit *un, const char *why)
{
	warning("cannot parse '%s' (%s); its sites are missing", un->rel, why);
	buf_addf(&un->out, "P\t%s\t-1\tparse failed: %s\n", un->rel, why);
}

/*
 * A worker ended: hand each unit its records.  Units a crash left
 * without an "E" line go back on the retry list, one worker each, so
 * that only the file that crashes libclang loses its sites.
 */
static void reap(struct audit *a, struct running *r, size_t *retry,
		 size_t *nretry)
{
	const char *line = r->out.data;
	size_t cur_start = 0;
	bool *done = xcalloc(r->n, sizeof(*done));
	char why[64];
	int status;

	close(r->fd);
	while (waitpid(r->pid, &status, 0) < 0 && errno == EINTR)
		;
	while (*line) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line + 1) : strlen(line);
		size_t pos = (size_t)(line - r->out.data);

		if (starts_with(line, "E\t")) {
			size_t u = strtoul(line + 2, NULL, 10);

			if (u >= r->first && u < r->first + r->n) {
				buf_add(&a->units[u].out,
					r->out.data + cur_start,
					pos - cur_start);
				done[u - r->first] = true;
				if (strstr(line, "\tfailed") &&
				    strstr(line, "\tfailed") < line + len)
					parse_failed(&a->units[u],
						     "libclang gave up");
			}
			cur_start = pos + len;
		}
		line += len;
	}
	if (WIFSIGNALED(status))
		snprintf(why, sizeof(why), "killed by signal %d",
			 WTERMSIG(status));
	else
		snprintf(why, sizeof(why), "exit status %d",
			 WEXITSTATUS(status));
	for (size_t i = 0; i < r->n; i++) {
		if (done[i])
			continue;
		if (r->n == 1)
			parse_failed(&a->units[r->first + i], why);
		else
			retry[(*nretry)++] = r->first + i;
	}
	free(done);
	buf_release(&r->out);
}

/* parse every unit, at most o->jobs workers at a time */
static int run_workers(struct audit *a)
{
	size_t jobs = (size_t)a->o->jobs;
	struct running *run = xcalloc(jobs, sizeof(*run));
	struct pollfd *pfd = xcalloc(jobs, sizeof(*pfd));
	size_t *retry = xcalloc(a->nunits + 1, sizeof(*retry));
	size_t next = 0, nrun = 0, nretry = 0;

	while (next < a->nunits || nretry || nrun) {
		while ((next < a->nunits || nretry) && nrun < jobs) {
			size_t first, n;
			int p[2];
			pid_t pid;

			if (nretry) {
				first = retry[--nretry];
				n = 1;
			} else {
				/* runs shrink as the queue empties */
				first = next;
				n = (a->nunits - next) / (2 * jobs);
				n = n < 1 ? 1 : n > 16 ? 16 : n;
				next += n;
			}
			if (pipe2(p, O_CLOEXEC))
				die("cannot create pipe:");
			fflush(NULL);
			pid = fork();
			if (pid < 0)
				die("cannot fork:");
			if (!pid) {
				close(p[0]);
				worker(a, first, n, p[1]);
			}
			close(p[1]);
			run[nrun] = (struct running){ pid, p[0], first, n,
						      BUF_INIT };
			nrun++;
		}
		for (size_t i = 0; i < nrun; i++)
			pfd[i] = (struct pollfd){ .fd = run[i].fd,
						  .events = POLLIN };
		if (poll(pfd, nrun, -1) < 0) {
			if (errno == EINTR)
				continue;
			die("poll failed:");
		}
		for (size_t i = 0; i < nrun; i++) {
			char chunk[65536];
			ssize_t n;

			if (!pfd[i].revents)
				continue;
			n = read(run[i].fd, chunk, sizeof(chunk));
			if (n < 0 && errno == EINTR)
				continue;
			if (n > 0) {
				buf_add(&run[i].out, chunk, (size_t)n);
				continue;
			}
			reap(a, &run[i], retry, &nretry);
			run[i] = run[--nrun];
			pfd[i] = pfd[nrun];
			i--;
		}
	}
	free(retry);
	free(run);
	free(pfd);
	return 0;
}

/*
 * A header outside the filesystem's own directories that its branch
 * changed (nfs's include/linux/nfs_xdr.h) may be inside the shared
 * precompiled header, and libclang refuses a precompiled header one of
 * whose files an unsaved file overrides: such a filesystem gets its own,
 * made with its branch's files.
 */
static bool overlay_in_pch(const struct fsdata *d)
{
	for (size_t i = 0; i < d->af->overlay.n; i++) {
		const char *p = d->af->overlay.v[i];

		if (ends_with(p, ".h") &&
		    (starts_with(p, "include/") || starts_with(p, "arch/")))
			return true;
	}
	return false;
}

/*
 * Build the precompiled header of a group of units, d's own when d is
 * not NULL, in a child, so a crash costs only speed.
 */
static void make_pch(struct audit *a, int group, struct fsdata *d)
{
	struct strvec headers = STRVEC_INIT;
	long long start = now_ms();
	char **path = d ? &d->pch[group] : &a->pch[group];
	bool used = false;
	int status;
	pid_t pid;

	for (size_t u = 0; u < a->nunits; u++)
		used |= a->units[u].group == group &&
			(!d || &a->fs[a->units[u].fs] == d);
	if (!used)
		return;
	pch_headers(a, group, &headers);
	*path = xasprintf("%s/prefix%d%s%s.pch", a->tmpdir, group,
			  d ? "-" : "", d ? d->fs->name : "");
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		die("cannot fork:");
	if (!pid) {
		CXIndex idx = clang_createIndex(0, 0);

		if (d)
			kparse_overlay(&a->k, &d->overlay, &d->af->texts);
		_exit(census_make_pch(&a->k, idx, &headers,
				      &a->pch_args[group], *path,
				      a->o->diag) ?
			      1 : 0);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		warning("cannot build a precompiled header; parsing without");
		for (size_t u = 0; u < a->nunits; u++)
			if (a->units[u].group == group &&
			    (!d || &a->fs[a->units[u].fs] == d))
				a->units[u].group = -1;
	}
	a->pch_ms += now_ms() - start;
	strvec_clear(&headers);
}

/* ---- reachability ---- */

/*
 * A call through a VFS operation table, "dir->i_op->lookup(...)": the
 * methods it may reach are roots of their own, and the call itself is a
 * site (R3), so reachability does not flow through it; otherwise one such
 * call in a readdir would put every ->lookup under ->iterate_shared.
 */
static bool vfs_member(const char *name)
{
	static const char *const vfs[] = {
		"@inode_operations.", "@file_operations.",
		"@dentry_operations.", "@super_operations.",
		"@address_space_operations.",
	};

	for (size_t i = 0; name[0] == '@' && i < ARRAY_SIZE(vfs); i++)
		if (starts_with(name, vfs[i]))
			return true;
	return false;
}

/* breadth-first from every root of a kind; pred[] leads back to one */
static void reach(struct fsdata *d, enum root_kind k, int *pred, bool *seen)
{
	size_t n = d->names.n, head = 0, tail = 0;
	int *queue = xcalloc(n ? n : 1, sizeof(*queue));

	for (size_t i = 0; i < n; i++) {
		seen[i] = false;
		pred[i] = -1;
	}
	for (size_t r = 0; r < d->nroots; r++) {
		int v;

		if (d->roots[r].kind != k)
			continue;
		v = node(d, d->roots[r].fn);
		if (!seen[v]) {
			seen[v] = true;
			queue[tail++] = v;
		}
	}
	while (head < tail) {
		int v = queue[head++];

		for (size_t i = 0; i < d->nadj[v]; i++) {
			int w = d->adj[v][i];

			if (vfs_member(d->names.v[w]))
				continue;
			if (!seen[w]) {
				seen[w] = true;
				pred[w] = v;
				queue[tail++] = w;
			}
		}
	}
	free(queue);
}

/* "root > helper > table.field > fn" */
static char *path_to(struct fsdata *d, const int *pred, int v)
{
	struct strvec hops = STRVEC_INIT;
	struct buf b = BUF_INIT;

	for (; v >= 0 && hops.n < 64; v = pred[v]) {
		const char *name = d->names.v[v];

		strvec_push(&hops, name[0] == '@' ? name + 1 : name);
	}
	for (size_t i = hops.n; i-- > 0;) {
		buf_adds(&b, hops.v[i]);
		if (i)
			buf_adds(&b, " > ");
	}
	strvec_clear(&hops);
	return buf_detach(&b);
}

static void compute_reach(struct fsdata *d)
{
	size_t n = d->names.n;
	int *pred = xcalloc(n ? n : 1, sizeof(*pred));
	bool *seen = xcalloc(n ? n : 1, sizeof(*seen));

	for (int k = 0; k < NROOTS; k++) {
		reach(d, (enum root_kind)k, pred, seen);
		for (size_t i = 0; i < d->nsites; i++) {
			struct site *s = &d->sites[i];
			int v = strmap_get(&d->node, s->fn);

			if (v < 0 || !seen[v])
				continue;
			s->under |= 1u << k;
			s->path[k] = path_to(d, pred, v);
		}
	}
	free(pred);
	free(seen);
}

/* direct calls of the filesystem's own ->lookup, as sites */
static void lookup_calls(struct audit *a, struct fsdata *d)
{
	for (size_t u = 0; u < a->nunits; u++) {
		struct unit *un = &a->units[u];
		const char *line = un->out.data;

		if (&a->fs[un->fs] != d)
			continue;
		while (*line) {
			const char *nl = strchr(line, '\n');
			size_t len = nl ? (size_t)(nl - line) : strlen(line);
			char *copy = xstrndup(line, len), *f[8];

			line += len + (nl ? 1 : 0);
			if (copy[0] != 'C' || fields(copy, f, 8) < 6) {
				free(copy);
				continue;
			}
			for (size_t r = 0; r < d->nroots; r++) {
				char *rec[9], *text;

				if (d->roots[r].kind != ROOT_LOOKUP ||
				    strcmp(d->roots[r].fn, f[2]))
					continue;
				text = xasprintf("%s(...)", f[2]);
				rec[1] = "->lookup";
				rec[2] = "3";
				rec[3] = f[1];
				rec[4] = f[3];
				rec[5] = f[4];
				rec[6] = f[5];
				rec[7] = "-";
				rec[8] = text;
				add_site(d, rec);
				free(text);
				break;
			}
			free(copy);
		}
	}
}

/* ---- classification ---- */

static bool fn_calls(const struct fsdata *d, const char *fn, const char *call)
{
	for (size_t i = 0; i < d->nsites; i++)
		if (!(d->sites[i].flags & SITE_INACTIVE) &&
		    !strcmp(d->sites[i].fn, fn) &&
		    !strcmp(d->sites[i].call, call))
			return true;
	return false;
}

static void set(struct site *s, enum status st, const char *rule,
		const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void set(struct site *s, enum status st, const char *rule,
		const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	s->status = st;
	s->rule = rule;
	free(s->why);
	s->why = buf_detach(&b);
}

static bool is_lookup_family(const char *c)
{
	return starts_with(c, "lookup_one") ||
	       starts_with(c, "lookup_noperm") ||
	       !strcmp(c, "lookup_positive_unlocked");
}

#define UNDER(s, k) ((s)->under & (1u << (k)))

static void classify(const struct api_profile *p, const struct fsdata *d,
		     struct site *s)
{
	bool api = p->gen != API_NONE;
	const char *c = s->call;

	if (s->flags & SITE_INACTIVE) {
		set(s, ST_INACTIVE, NULL,
		    "in code this configuration leaves out");
	} else if (!strcmp(c, "d_alloc_parallel")) {
		if (!api)
			set(s, ST_PENDING, "R1", "the tree lacks the new API");
		else if (s->nargs >= 3)
			set(s, ST_MISSED, "R1",
			    "still passes a wait queue (%d arguments)",
			    s->nargs);
		else if (UNDER(s, ROOT_ITERATE) && (s->flags & SITE_UNLOCKED))
			set(s, ST_CONVERTED, "R3",
			    "waits with the directory unlocked (the procfs "
			    "template: %s() first, the lock checks verify "
			    "the relock)", p->noblock);
		else if (UNDER(s, ROOT_ITERATE))
			set(s, ST_MISSED, "R2",
			    "blocks under ->iterate_shared (C6); prime with %s()",
			    p->noblock);
		else if (UNDER(s, ROOT_ATOMIC_OPEN))
			set(s, ST_HUMAN, "R8",
			    "allocates a second dentry in ->atomic_open");
		else if (UNDER(s, ROOT_LOOKUP))
			set(s, ST_HUMAN, "R6",
			    "a nested lookup on the ->lookup path must drop "
			    "the parent lock");
		else
			set(s, ST_CONVERTED, "R1", "two arguments");
	} else if (!strcmp(c, "d_add_ci")) {
		if (p->add_ci_args >= 4 && s->nargs < 4)
			set(s, ST_MISSED, "R5",
			    "needs the ->lookup flags as 4th argument");
		else if (p->add_ci_args >= 4)
			set(s, ST_CONVERTED, "R5", "passes the ->lookup flags");
		else if (s->nargs != p->add_ci_args && p->add_ci_args > 0)
			set(s, ST_MISSED, "R5",
			    "the tree's d_add_ci takes %d arguments",
			    p->add_ci_args);
		else
			set(s, api ? ST_UNAFFECTED : ST_PENDING, NULL,
			    "d_add_ci takes 3 arguments in this tree");
	} else if (!strcmp(c, "d_alloc_noblock") ||
		   !strcmp(c, "d_alloc_trylock")) {
		if (api && strcmp(c, p->noblock))
			set(s, ST_MISSED, "R2",
			    "this tree calls the allocator %s()", p->noblock);
		else if (!api)
			set(s, ST_MISSED, "R2", "the tree has no %s()", c);
		else
			set(s, ST_CONVERTED, "R2", "non-blocking allocation");
	} else if (!strcmp(c, "d_duplicate")) {
		if (p->d_duplicate)
			set(s, ST_CONVERTED, "R4", "duplicates with d_duplicate()");
		else
			set(s, ST_MISSED, "R4", "the tree has no d_duplicate()");
	} else if (!strcmp(c, "d_alloc") && (s->flags & SITE_DUP)) {
		if (p->d_duplicate)
			set(s, ST_MISSED, "R4",
			    "d_alloc(D->d_parent, &D->d_name) duplicates a "
			    "name: use d_duplicate(D)");
		else
			set(s, ST_PENDING, "R4", "the tree has no d_duplicate()");
	} else if (!strcmp(c, "d_alloc") || !strcmp(c, "d_alloc_name")) {
		if (UNDER(s, ROOT_ITERATE))
			set(s, ST_HUMAN, "R9",
			    "allocates a dentry under ->iterate_shared");
		else if (UNDER(s, ROOT_LOOKUP) || UNDER(s, ROOT_ATOMIC_OPEN))
			set(s, ST_HUMAN, "R9",
			    "allocates a dentry on the ->lookup path");
		else
			set(s, ST_UNAFFECTED, NULL, "not under a parent lock");
	} else if (!strcmp(c, "d_lookup") || !strcmp(c, "d_hash_and_lookup") ||
		   starts_with(c, "try_lookup_")) {
		if (UNDER(s, ROOT_ITERATE) &&
		    fn_calls(d, s->fn, "d_alloc_parallel")) {
			if (api)
				set(s, ST_MISSED, "R2",
				    "priming with %s + d_alloc_parallel under "
				    "->iterate_shared: use %s()", c,
				    p->noblock);
			else
				set(s, ST_PENDING, "R2",
				    "the tree lacks the new API");
		} else {
			set(s, ST_UNAFFECTED, NULL, "a dcache lookup");
		}
	} else if (is_lookup_family(c)) {
		/*
		 * smb's open_cached_dir() from cifs_readdir(): a walk from
		 * the share root down the directory's own path looks up in
		 * its ancestors, never in the directory ->iterate_shared
		 * holds, so C6's wait on an in-lookup dentry of that
		 * directory cannot happen and neither R2 nor R9 has
		 * anything to convert.  Where the path goes is the
		 * caller's, so a human still confirms it.
		 */
		if (UNDER(s, ROOT_ITERATE) && (s->flags & SITE_ROOTWALK))
			set(s, ST_MANUAL, "C6",
			    "a walk down from the filesystem root under "
			    "->iterate_shared: each lookup is in the directory "
			    "the one before found, so in the locked directory "
			    "only if the path runs through it; nothing for "
			    "R2/R9 to convert, a human confirms the path ends "
			    "above it");
		else if (UNDER(s, ROOT_ITERATE))
			set(s, ST_HUMAN, "R9",
			    "a full lookup under ->iterate_shared (C6)");
		else if ((UNDER(s, ROOT_LOOKUP) ||
			  UNDER(s, ROOT_ATOMIC_OPEN)) &&
			 (s->flags & SITE_PARENT))
			set(s, ST_HUMAN, "R6",
			    "a nested lookup on the ->lookup path (C6)");
		/*
		 * R6 is a lookup in the directory ->lookup holds locked,
		 * which is where lookup_nested.cocci looks too; a stacked
		 * filesystem's lookup in a lower layer's directory takes
		 * another lock, in the order stacking always had.
		 */
		else if (UNDER(s, ROOT_LOOKUP) || UNDER(s, ROOT_ATOMIC_OPEN))
			set(s, ST_UNAFFECTED, NULL,
			    "a lookup on the ->lookup path, in a directory "
			    "other than the locked parent (a lower layer's, "
			    "as in overlayfs and ecryptfs): not R6");
		else if ((s->flags & SITE_LOOP) && (s->flags & SITE_PARENT))
			set(s, ST_HUMAN, "R10",
			    "a lookup in D->d_parent in a loop, as in a "
			    "find-an-unused-name loop");
		else
			set(s, ST_UNAFFECTED, NULL, "not under a parent lock");
	} else if (!strcmp(c, "->lookup")) {
		if (UNDER(s, ROOT_ITERATE))
			set(s, ST_HUMAN, "R3",
			    "calls ->lookup under ->iterate_shared");
		else
			set(s, ST_UNAFFECTED, NULL, "calls ->lookup");
	} else {
		set(s, ST_UNAFFECTED, NULL, "-");
	}
}

static const struct func *func_of(struct fsdata *d, const char *name)
{
	int i = strmap_get(&d->defined, name);

	return i < 0 ? NULL : &d->funcs[i];
}

/* a report line or fstable manual entry that covers s */
static void cover(struct audit *a, struct fsdata *d, struct site *s)
{
	const struct func *fn;

	if (s->status != ST_MISSED && s->status != ST_HUMAN &&
	    s->status != ST_UNAFFECTED)
		return;
	fn = func_of(d, s->fn);
	/* a report line speaks of a site a rule covers */
	for (size_t i = 0; i < a->nreports; i++) {
		const struct report *r = &a->reports[i];

		if (strcmp(r->file, s->file))
			continue;
		if (r->function && !strcmp(r->function, s->fn)) {
			s->covered_by = xstrdup(r->line_text);
			if (s->status == ST_UNAFFECTED)
				set(s, ST_MANUAL, r->rule ? r->rule : r->type,
				    "in a function reported for a human");
			s->status = ST_MANUAL;
			return;
		}
		if (s->status == ST_UNAFFECTED || r->function)
			continue;
		if (r->line == s->line ||
		    (s->status == ST_HUMAN && fn &&
		     !strcmp(fn->file, r->file) && r->line >= fn->line &&
		     r->line <= fn->endline)) {
			s->covered_by = xstrdup(r->line_text);
			s->status = ST_MANUAL;
			return;
		}
	}
	/*
	 * A manual: entry says a human converts the whole function, even
	 * where we see no lock (ceph_readdir_prepopulate runs in the MDS
	 * reply handler while ->iterate_shared waits for it).
	 */
	for (size_t i = 0; i < d->fs->nmanual; i++) {
		const struct manual_site *m = &d->fs->manual[i];
		const char *colon = strrchr(m->where, ':');

		if (!colon || strcmp(colon + 1, s->fn) ||
		    strncmp(m->where, s->file, (size_t)(colon - m->where)) ||
		    s->file[colon - m->where])
			continue;
		s->covered_by = xasprintf("fstable: %s (%s): %s", m->where,
					  m->rule, m->reason);
		if (s->status == ST_UNAFFECTED) {
			set(s, ST_MANUAL, m->rule,
			    "in a function the table leaves to a human");
		}
		s->status = ST_MANUAL;
		return;
	}
}

static int cmp_site(const void *pa, const void *pb)
{
	const struct site *a = pa, *b = pb;
	int c;

	if (a->status != b->status)
		return (int)a->status - (int)b->status;
	c = strcmp(a->file, b->file);
	if (c)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return a->col < b->col ? -1 : a->col > b->col;
}

static int cmp_root(const void *pa, const void *pb)
{
	const struct root *a = pa, *b = pb;
	int c;

	if (a->kind != b->kind)
		return (int)a->kind - (int)b->kind;
	c = strcmp(a->file, b->file);
	if (c)
		return c;
	return a->line < b->line ? -1 : a->line > b->line;
}

static void analyse(struct audit *a, struct fsdata *d)
{
	for (size_t u = 0; u < a->nunits; u++) {
		struct unit *un = &a->units[u];
		struct strvec lines = STRVEC_INIT;

		if (&a->fs[un->fs] != d)
			continue;
		strvec_split_lines(&lines, un->out.data);
		for (size_t i = 0; i < lines.n; i++)
			add_record(a, d, lines.v[i]);
		strvec_clear(&lines);
		if (strstr(un->out.data, "\t-1\tparse failed"))
			d->parse_failed++;
	}
	lookup_calls(a, d);
	/* an inactive site inside a parsed function belongs to it */
	for (size_t i = 0; i < d->nsites; i++) {
		struct site *s = &d->sites[i];

		if (!(s->flags & SITE_INACTIVE))
			continue;
		for (size_t f = 0; f < d->nfuncs; f++)
			if (!strcmp(d->funcs[f].file, s->file) &&
			    s->line > d->funcs[f].line &&
			    s->line < d->funcs[f].endline) {
				free(s->fn);
				s->fn = xstrdup(d->funcs[f].name);
			}
	}
	compute_reach(d);
	for (size_t i = 0; i < d->nsites; i++) {
		classify(&a->api, d, &d->sites[i]);
		cover(a, d, &d->sites[i]);
		d->count[d->sites[i].status]++;
	}
	qsort(d->sites, d->nsites, sizeof(*d->sites), cmp_site);
	qsort(d->roots, d->nroots, sizeof(*d->roots), cmp_root);
}

/* ---- output ---- */

/* a site as the report lists it, without the leading "- " */
static void site_line(struct buf *b, const struct site *s)
{
	buf_adds(b, audit_count_names[s->status]);
	if (s->rule)
		buf_addf(b, " %s", s->rule);
	buf_addf(b, " %s:%u:%u `%s`", s->file, s->line, s->col, s->text);
	if (strcmp(s->fn, "-"))
		buf_addf(b, " in %s", s->fn);
	for (int k = NROOTS - 1; k >= 0; k--)
		if (UNDER(s, k)) {
			buf_addf(b, ", under %s (%s)", roots[k].label,
				 s->path[k]);
			break;
		}
	buf_addf(b, ": %s", s->why);
	if (s->covered_by)
		buf_addf(b, "; covered by: %s", s->covered_by);
}

/* the listed lines and the counts go to the caller's audit_fs too */
static void list_line(struct fsdata *d, struct buf *b, struct buf *line)
{
	buf_addf(b, "- %s\n", line->data);
	strvec_push(&d->af->lines, line->data);
	buf_reset(line);
}

static void text_fs(struct audit *a, struct fsdata *d, struct buf *b)
{
	struct buf line = BUF_INIT;

	buf_addf(b, "### %s\n\n", d->fs->name);
	buf_addf(b, "Audited: %s.\n\n", d->af->state);
	buf_addf(b, "%zu files, %zu functions", d->files.n, d->nfuncs);
	if (d->with_errors)
		buf_addf(b, " (%u files with parse errors)", d->with_errors);
	if (d->parse_failed)
		buf_addf(b, " (%u files could not be parsed)",
			 d->parse_failed);
	buf_adds(b, ".  ");
	for (int st = 0; st < NSTATUS; st++)
		buf_addf(b, "%s%u %s", st ? ", " : "", d->count[st],
			 audit_count_names[st]);
	buf_addf(b, "; %zu lint.\n\n", d->nlint);
	for (int k = 0, any = 0; k < NROOTS; k++) {
		size_t shown = 0;

		for (size_t r = 0; r < d->nroots; r++) {
			bool again = false;

			if (d->roots[r].kind != (enum root_kind)k)
				continue;
			/* one function in several tables is listed once */
			for (size_t q = 0; q < r; q++)
				if (d->roots[q].kind == d->roots[r].kind &&
				    !strcmp(d->roots[q].fn, d->roots[r].fn))
					again = true;
			if (!again)
				buf_addf(b, "%s%s", shown++ ? ", " :
					 any++ ? "; " : "Roots: ",
					 d->roots[r].fn);
		}
		if (shown)
			buf_addf(b, " (%s)", roots[k].label);
	}
	buf_adds(b, d->nroots ? ".\n\n" : "No roots.\n\n");
	for (size_t i = 0; i < d->nsites; i++) {
		const struct site *s = &d->sites[i];
		bool quiet = s->status == ST_UNAFFECTED ||
			     s->status == ST_INACTIVE;

		if (quiet && !a->o->verbose)
			continue;
		site_line(&line, s);
		if (quiet) {
			buf_addf(b, "- %s\n", line.data);
			buf_reset(&line);
		} else {
			list_line(d, b, &line);
		}
	}
	for (size_t i = 0; i < d->nlint; i++) {
		buf_addf(&line, "lint %s %s:%u:%u in %s: %s", d->lint[i].check,
			 d->lint[i].file, d->lint[i].line, d->lint[i].col,
			 d->lint[i].fn, d->lint[i].msg);
		list_line(d, b, &line);
	}
	buf_addch(b, '\n');
	for (int st = 0; st < NSTATUS; st++)
		d->af->count[st] = d->count[st];
	d->af->count[AUDIT_LINT] = (unsigned int)d->nlint;
	buf_release(&line);
}

static void json_fs(struct json *j, struct fsdata *d)
{
	json_open(j, NULL, '{');
	json_str(j, "name", d->fs->name);
	json_str(j, "state", d->af->state);
	json_open(j, "paths", '[');
	for (size_t i = 0; i < d->fs->paths.n; i++)
		json_str(j, NULL, d->fs->paths.v[i]);
	json_close(j, ']');
	json_int(j, "files", (long long)d->files.n);
	json_int(j, "functions", (long long)d->nfuncs);
	json_int(j, "files_with_errors", d->with_errors);
	json_int(j, "files_not_parsed", d->parse_failed);
	json_open(j, "roots", '[');
	for (size_t r = 0; r < d->nroots; r++) {
		const struct root *rt = &d->roots[r];

		json_open(j, NULL, '{');
		json_str(j, "kind", roots[rt->kind].key);
		json_str(j, "function", rt->fn);
		json_str(j, "file", rt->file);
		json_int(j, "line", rt->line);
		json_int(j, "col", rt->col);
		json_str(j, "table", rt->owner);
		json_close(j, '}');
	}
	json_close(j, ']');
	json_open(j, "sites", '[');
	for (size_t i = 0; i < d->nsites; i++) {
		const struct site *s = &d->sites[i];

		json_open(j, NULL, '{');
		json_str(j, "status", audit_count_names[s->status]);
		json_str(j, "rule", s->rule);
		json_str(j, "call", s->call);
		json_int(j, "args", s->nargs);
		json_str(j, "file", s->file);
		json_int(j, "line", s->line);
		json_int(j, "col", s->col);
		json_str(j, "function", strcmp(s->fn, "-") ? s->fn : NULL);
		json_str(j, "text", s->text);
		json_open(j, "under", '{');
		for (int k = 0; k < NROOTS; k++)
			if (UNDER(s, k))
				json_str(j, roots[k].key, s->path[k]);
		json_close(j, '}');
		json_bool(j, "in_loop", s->flags & SITE_LOOP);
		json_str(j, "why", s->why);
		json_str(j, "covered_by", s->covered_by);
		json_close(j, '}');
	}
	json_close(j, ']');
	json_open(j, "lint", '[');
	for (size_t i = 0; i < d->nlint; i++) {
		const struct finding *l = &d->lint[i];

		json_open(j, NULL, '{');
		json_str(j, "check", l->check);
		json_str(j, "file", l->file);
		json_int(j, "line", l->line);
		json_int(j, "col", l->col);
		json_str(j, "function", l->fn);
		json_str(j, "message", l->msg);
		json_close(j, '}');
	}
	json_close(j, ']');
	json_open(j, "summary", '{');
	for (int st = 0; st < NSTATUS; st++)
		json_int(j, audit_count_names[st], d->count[st]);
	json_int(j, "lint", (long long)d->nlint);
	json_close(j, '}');
	json_close(j, '}');
}

/* ---- reports ---- */

static void add_report(struct audit *a, const char *rule, const char *file,
		       unsigned long line, unsigned long col, const char *type,
		       const char *msg)
{
	const char *rel = file[0] == '/' ? kparse_relpath(&a->k, file) : file;
	const char *colon;
	struct report *r;

	if (!rel)
		rel = file;
	if (starts_with(rel, "./"))
		rel += 2;
	a->reports = xreallocarray(a->reports, a->nreports + 1,
				   sizeof(*a->reports));
	r = &a->reports[a->nreports++];
	memset(r, 0, sizeof(*r));
	colon = strchr(rel, ':');
	if (!line && colon) {
		/* "fs/nfs/dir.c:nfs_atomic_open": the whole function */
		r->file = xstrndup(rel, (size_t)(colon - rel));
		r->function = xstrdup(colon + 1);
	} else {
		r->file = xstrdup(rel);
	}
	r->rule = rule ? xstrdup(rule) : NULL;
	r->line = (unsigned int)line;
	r->col = (unsigned int)col;
	r->type = xstrdup(type);
	r->msg = xstrdup(msg);
	r->line_text = xasprintf("%s:%lu:%lu: %s: %s", rel, line, col, type,
				 msg);
}

/* "FILE:LINE:COL: [LEVEL: ]TYPE: message"; -1 if it is not one */
static int report_line(struct audit *a, char *l)
{
	static const char *const levels[] = { "ERROR", "WARNING", "INFO",
					      "CHECK" };
	char *file = l, *type, *msg, *end = strchr(l, ':');
	unsigned long line, col;

	if (!end)
		return -1;
	*end = '\0';
	line = strtoul(end + 1, &end, 10);
	if (*end != ':' || !line)
		return -1;
	col = strtoul(end + 1, &end, 10);
	if (end[0] != ':' || end[1] != ' ')
		return -1;
	type = end + 2;
	end = strstr(type, ": ");
	if (!end)
		return -1;
	*end = '\0';
	msg = end + 2;
	/* an optional level comes first: the TYPE is the word after it */
	for (size_t i = 0; i < ARRAY_SIZE(levels); i++)
		if (!strcmp(type, levels[i]) && (end = strstr(msg, ": "))) {
			*end = '\0';
			type = msg;
			msg = end + 2;
			break;
		}
	add_report(a, NULL, file, line, col, type, msg);
	return 0;
}

/*
 * One file of report lines, or the convert stage's results file
 * ("fsconv-results 1"), whose "manual" records are the same findings:
 * manual RULE FILE LINE COL TYPE message, tab-separated, LINE 0 and FILE
 * "file:function" for a whole function.
 */
static int load_report_file(struct audit *a, const char *path)
{
	struct buf b = BUF_INIT;
	struct strvec lines = STRVEC_INIT;
	bool results;
	int ret = 0;

	if (buf_read_file(&b, path)) {
		buf_release(&b);
		return error("cannot read report file '%s':", path);
	}
	results = starts_with(b.data, "fsconv-results ");
	/* keep line numbers: empty lines count */
	for (const char *s = b.data; *s;) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		char *l = xstrndup(s, n);

		strvec_push(&lines, l);
		free(l);
		s += n + (nl ? 1 : 0);
	}
	for (size_t i = 0; i < lines.n; i++) {
		char *l = lines.v[i], *f[8];

		if (results) {
			if (starts_with(l, "manual\t") &&
			    fields(l, f, ARRAY_SIZE(f)) >= 7)
				add_report(a, f[1], f[2],
					   strtoul(f[3], NULL, 10),
					   strtoul(f[4], NULL, 10), f[5], f[6]);
			continue;
		}
		if (!*l || *l == '#')
			continue;
		if (report_line(a, l))
			ret = error("%s:%zu: not a report line 'FILE:LINE:COL: TYPE: message'",
				    path, i + 1);
	}
	strvec_clear(&lines);
	buf_release(&b);
	return ret;
}

/* a report file, or a directory of them (the convert stage's results/) */
static int load_reports(struct audit *a, const char *path)
{
	struct strvec files = STRVEC_INIT;
	DIR *dir;
	struct dirent *de;
	int ret = 0;

	if (!is_dir(path))
		return load_report_file(a, path);
	dir = opendir(path);
	if (!dir)
		return error("cannot read directory '%s':", path);
	while ((de = readdir(dir)))
		if (de->d_name[0] != '.')
			strvec_pushf(&files, "%s/%s", path, de->d_name);
	closedir(dir);
	qsort(files.v, files.n, sizeof(*files.v), cmp_str);
	for (size_t i = 0; i < files.n; i++)
		if (is_file(files.v[i]) && load_report_file(a, files.v[i]))
			ret = -1;
	strvec_clear(&files);
	return ret;
}

/* ---- the whole run ---- */

void audit_fs_init(struct audit_fs *af, struct fs_entry *fs)
{
	memset(af, 0, sizeof(*af));
	af->fs = fs;
	strvec_init(&af->overlay);
	strvec_init(&af->texts);
	strvec_init(&af->lines);
}

void audit_fs_release(struct audit_fs *af)
{
	free(af->state);
	strvec_clear(&af->overlay);
	strvec_clear(&af->texts);
	for (size_t i = 0; i < af->nreports; i++) {
		free(af->reports[i].rule);
		free(af->reports[i].file);
		free(af->reports[i].type);
		free(af->reports[i].msg);
	}
	free(af->reports);
	strvec_clear(&af->lines);
	memset(af, 0, sizeof(*af));
}

void audit_report_add(struct audit_fs *af, const char *rule, const char *file,
		      unsigned int line, unsigned int col, const char *type,
		      const char *msg)
{
	af->reports = xreallocarray(af->reports, af->nreports + 1,
				    sizeof(*af->reports));
	af->reports[af->nreports++] = (struct audit_report){
		.rule = rule && *rule ? xstrdup(rule) : NULL,
		.file = xstrdup(file),
		.line = line,
		.col = col,
		.type = xstrdup(type && *type ? type : "REPORT"),
		.msg = xstrdup(msg ? msg : ""),
	};
}

/*
 * The files of a filesystem: the tree's, plus any .c file its branch
 * added; the branch's own text of each is in the overlay.
 */
static void fs_files(struct audit *a, struct fsdata *d)
{
	const struct strvec *ov = &d->af->overlay;

	for (size_t p = 0; p < d->fs->paths.n; p++)
		list_c_files(a->k.tree, d->fs->paths.v[p], &d->files);
	for (size_t i = 0; i < ov->n; i++) {
		if (!ends_with(ov->v[i], ".c") ||
		    strvec_contains(&d->files, ov->v[i]) ||
		    !*d->af->texts.v[i])
			continue;
		strvec_push(&d->files, ov->v[i]);
	}
	for (size_t i = 0; i < ov->n; i++)
		strvec_pushf(&d->overlay, "%s/%s", a->k.tree, ov->v[i]);
}

int audit_run(const struct audit_opts *o, struct audit_fs *v, size_t nfs,
	      struct buf *text, struct buf *json)
{
	struct audit a = { .o = o };
	struct json j;
	char tmpl[] = "/tmp/fsconv-audit.XXXXXX";
	unsigned int total[NSTATUS] = { 0 };
	size_t nlint = 0, with_pch = 0;
	long long start;
	int ret = 0;

	for (int g = 0; g < NGROUPS; g++)
		strvec_init(&a.pch_args[g]);
	if (api_probe(o->tree, &a.api))
		return -1;
	if (kparse_init(&a.k, o->tree, o->obj))
		return -1;
	for (size_t i = 0; i < o->reports.n; i++)
		if (load_reports(&a, o->reports.v[i]))
			ret = -1;
	if (ret)
		goto out;
	a.nfs = nfs;
	a.fs = xcalloc(nfs ? nfs : 1, sizeof(*a.fs));
	for (size_t f = 0; f < nfs; f++) {
		struct fsdata *d = &a.fs[f];

		d->af = &v[f];
		d->fs = v[f].fs;
		memset(v[f].count, 0, sizeof(v[f].count));
		strvec_clear(&v[f].lines);
		for (size_t i = 0; i < v[f].nreports; i++) {
			const struct audit_report *r = &v[f].reports[i];

			add_report(&a, r->rule, r->file, r->line, r->col,
				   r->type, r->msg);
		}
		strvec_init(&d->files);
		strvec_init(&d->names);
		strvec_init(&d->overlay);
		fs_files(&a, d);
		for (size_t i = 0; i < d->files.n; i++) {
			struct unit *un;

			a.units = xreallocarray(a.units, a.nunits + 1,
						sizeof(*a.units));
			un = &a.units[a.nunits++];
			memset(un, 0, sizeof(*un));
			un->fs = f;
			un->rel = xstrdup(d->files.v[i]);
			un->group = -1;
			strvec_init(&un->args);
			buf_init(&un->out);
		}
	}
	if (!mkdtemp(tmpl))
		die("cannot create a temporary directory:");
	a.tmpdir = xstrdup(tmpl);
	plan_units(&a);
	for (int g = 0; g < NGROUPS; g++) {
		make_pch(&a, g, NULL);
		for (size_t f = 0; f < nfs; f++)
			if (overlay_in_pch(&a.fs[f]))
				make_pch(&a, g, &a.fs[f]);
	}
	start = now_ms();
	run_workers(&a);
	a.parse_ms = now_ms() - start;

	if (json) {
		struct buf api = BUF_INIT;

		api_json(&a.api, &api);
		json_init(&j, json);
		json_open(&j, NULL, '{');
		json_str(&j, "tree", a.k.tree);
		json_raw(&j, "api", api.data);
		buf_release(&api);
		json_int(&j, "files", (long long)a.nunits);
		json_int(&j, "parse_ms", a.parse_ms);
		json_int(&j, "pch_ms", a.pch_ms);
		json_open(&j, "filesystems", '[');
		for (size_t f = 0; f < nfs; f++) {
			analyse(&a, &a.fs[f]);
			json_fs(&j, &a.fs[f]);
		}
		json_close(&j, ']');
	} else {
		for (size_t f = 0; f < nfs; f++)
			analyse(&a, &a.fs[f]);
	}
	for (size_t u = 0; u < a.nunits; u++)
		with_pch += a.units[u].group >= 0;
	buf_addf(text, "## Audit of %s\n\nAPI %s.  %zu files parsed in "
		 "%.1f s, %zu with precompiled headers made in %.1f s.\n\n",
		 a.k.tree, a.api.profile, a.nunits, a.parse_ms / 1000.0,
		 with_pch, a.pch_ms / 1000.0);
	for (size_t f = 0; f < nfs; f++) {
		text_fs(&a, &a.fs[f], text);
		for (int st = 0; st < NSTATUS; st++)
			total[st] += a.fs[f].count[st];
		nlint += a.fs[f].nlint;
	}
	buf_adds(text, "Total: ");
	for (int st = 0; st < NSTATUS; st++)
		buf_addf(text, "%s%u %s", st ? ", " : "", total[st],
			 audit_count_names[st]);
	buf_addf(text, "; %zu lint.\n", nlint);
	if (json) {
		json_open(&j, "summary", '{');
		for (int st = 0; st < NSTATUS; st++)
			json_int(&j, audit_count_names[st], total[st]);
		json_int(&j, "lint", (long long)nlint);
		json_close(&j, '}');
		json_close(&j, '}');
		buf_addch(json, '\n');
	}
	ret = (int)(total[ST_MISSED] + nlint);
out:
	if (a.tmpdir)
		remove_tree(a.tmpdir);
	free(a.tmpdir);
	for (int g = 0; g < NGROUPS; g++) {
		free(a.pch[g]);
		strvec_clear(&a.pch_args[g]);
	}
	kparse_release(&a.k);
	/* fsconv exits soon after: the per-filesystem data goes with it */
	return ret;
}
