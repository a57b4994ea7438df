// SPDX-License-Identifier: GPL-2.0
/*
 * `fsconv fstable`: check and list the filesystem table, and write one for
 * a tree fsconv has not seen (--discover).  Discovery reads only the tree:
 * fs/<dir>/ sources for ->lookup initializers and the APIs the rules
 * convert, the Makefiles and Kconfig files for the symbols that build each
 * filesystem, and MAINTAINERS for its files outside fs/.  The result is
 * written through libyaml's emitter, so it is always valid YAML.
 */
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "commands.h"
#include "fsconv.h"
#include "fstable.h"
#include "options.h"

/* the APIs the rules convert; cocci headers' "// Keywords:" add to these */
static const char *const rule_apis[] = {
	"d_alloc_parallel", "d_alloc_noblock", "d_duplicate", "d_add_ci",
	"d_alloc",
};

/* one candidate filesystem while discovering */
struct fsdir {
	char *name;
	struct strvec paths;
	struct strvec kconfig;
	unsigned int lookup : 1;	/* has a .lookup = initializer */
	unsigned int api : 1;		/* calls an API a rule converts */
};

struct discover {
	const char *tree;
	struct strvec apis;
	struct strvec topobj;	/* fs/Makefile "CONFIG_X d/" pairs */
	struct strvec claimed;	/* files outside fs/ already in an entry */
	struct buf maintainers;	/* the MAINTAINERS file */
	struct buf text;	/* scratch for file contents */
};

static bool is_ident(char c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

/* text calls ident(...): a whole word followed by '(' */
static bool calls(const char *text, const char *ident)
{
	size_t n = strlen(ident);

	for (const char *s = strstr(text, ident); s; s = strstr(s + 1, ident)) {
		const char *e = s + n;

		if (s > text && is_ident(s[-1]))
			continue;
		while (*e == ' ' || *e == '\t')
			e++;
		if (*e == '(')
			return true;
	}
	return false;
}

/* a ".lookup = ..." designated initializer */
static bool has_lookup_init(const char *text)
{
	for (const char *s = strstr(text, ".lookup"); s;
	     s = strstr(s + 1, ".lookup")) {
		const char *e = s + 7;

		while (*e == ' ' || *e == '\t')
			e++;
		if (*e == '=' && e[1] != '=')
			return true;
	}
	return false;
}

static bool uses_rule_api(struct discover *d, const char *text)
{
	for (size_t i = 0; i < d->apis.n; i++)
		if (calls(text, d->apis.v[i]))
			return true;
	return false;
}

/* push each "CONFIG_X" of "obj-$(CONFIG_X)" in a Makefile */
static void makefile_symbols(const char *text, struct strvec *out)
{
	for (const char *s = strstr(text, "obj-$(CONFIG_"); s;
	     s = strstr(s + 1, "obj-$(CONFIG_")) {
		const char *sym = s + 6;
		size_t n = strspn(sym, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");

		strvec_pushf(out, "%.*s", (int)n, sym);
	}
}

/* push each "CONFIG_X" of a "config X" line in a Kconfig file */
static void kconfig_symbols(const char *text, struct strvec *out)
{
	for (const char *s = text; *s; s += strcspn(s, "\n"), s += !!*s) {
		s += strspn(s, " \t");
		if (starts_with(s, "menuconfig"))
			s += 4;
		if (!starts_with(s, "config ") && !starts_with(s, "config\t"))
			continue;
		s += 7;
		s += strspn(s, " \t");
		strvec_pushf(out, "CONFIG_%.*s",
			     (int)strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"),
			     s);
	}
}

/* walk a directory of the tree, noting what each file says */
static void scan_dir(struct discover *d, const char *rel, struct fsdir *fs,
		     struct strvec *obj, struct strvec *defined)
{
	char *full = path_join(d->tree, rel);
	struct dirent **ents;
	int n = scandir(full, &ents, NULL, alphasort);

	free(full);
	for (int i = 0; i < n; i++) {
		const char *name = ents[i]->d_name;
		char *path = path_join(rel, name);
		char *abs = path_join(d->tree, path);

		if (name[0] == '.') {
			/* hidden files and . and .. */
		} else if (is_dir(abs)) {
			scan_dir(d, path, fs, obj, defined);
		} else if (ends_with(name, ".c") || ends_with(name, ".h") ||
			   !strcmp(name, "Makefile") || !strcmp(name, "Kbuild") ||
			   starts_with(name, "Kconfig")) {
			buf_reset(&d->text);
			if (!buf_read_file(&d->text, abs)) {
				if (starts_with(name, "Kconfig"))
					kconfig_symbols(d->text.data, defined);
				else if (!ends_with(name, ".c") &&
					 !ends_with(name, ".h"))
					makefile_symbols(d->text.data, obj);
				else if (has_lookup_init(d->text.data))
					fs->lookup = 1;
				else if (uses_rule_api(d, d->text.data))
					fs->api = 1;
			}
		}
		free(abs);
		free(path);
		free(ents[i]);
	}
	if (n >= 0)
		free(ents);
}

static bool is_test_symbol(const char *sym)
{
	return strstr(sym, "KUNIT") || ends_with(sym, "_TEST") ||
	       ends_with(sym, "_TESTS");
}

/* the symbols that build fs/<name>: fs/Makefile's, then its own */
static void fs_kconfig(struct discover *d, struct fsdir *fs,
		       const char *dir, struct strvec *obj,
		       struct strvec *defined)
{
	for (size_t i = 0; i + 1 < d->topobj.n; i += 2)
		if (!strcmp(d->topobj.v[i + 1], dir) &&
		    !strvec_contains(&fs->kconfig, d->topobj.v[i]))
			strvec_push(&fs->kconfig, d->topobj.v[i]);
	for (size_t i = 0; i < obj->n; i++)
		if (strvec_contains(defined, obj->v[i]) &&
		    !is_test_symbol(obj->v[i]) &&
		    !strvec_contains(&fs->kconfig, obj->v[i]))
			strvec_push(&fs->kconfig, obj->v[i]);
}

/* fs/Makefile: "obj-$(CONFIG_NFS_FS) += nfs/" as pairs "CONFIG_NFS_FS", "nfs" */
static void read_top_makefile(struct discover *d)
{
	char *path = path_join(d->tree, "fs/Makefile");

	buf_reset(&d->text);
	if (buf_read_file(&d->text, path))
		warning("cannot read '%s':", path);
	for (const char *s = strstr(d->text.data, "obj-$(CONFIG_"); s;
	     s = strstr(s + 1, "obj-$(CONFIG_")) {
		const char *sym = s + 6, *v, *end;
		size_t n = strspn(sym, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");

		v = strstr(sym, "+=");
		end = v ? strchr(v, '\n') : NULL;
		if (!end)
			break;
		v += 2;
		v += strspn(v, " \t");
		if (end > v && end[-1] == '/') {
			strvec_pushf(&d->topobj, "%.*s", (int)n, sym);
			strvec_pushf(&d->topobj, "%.*s", (int)(end - v - 1), v);
		}
	}
	free(path);
}

/* add "// Keywords: a, b" identifiers of every rule to d->apis */
static void read_rule_keywords(struct discover *d)
{
	char *pattern = path_join(fsconv_home(), "cocci/*.cocci");
	glob_t g;

	if (glob(pattern, 0, NULL, &g)) {
		free(pattern);
		return;
	}
	for (size_t i = 0; i < g.gl_pathc; i++) {
		const char *s;

		buf_reset(&d->text);
		if (buf_read_file(&d->text, g.gl_pathv[i]))
			continue;
		s = strstr(d->text.data, "\n// Keywords:");
		if (!s)
			continue;
		for (s += 13; *s && *s != '\n';) {
			size_t n;

			s += strspn(s, " \t,");
			n = strspn(s, "abcdefghijklmnopqrstuvwxyz"
				      "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
			if (!n)
				break;
			strvec_pushf(&d->apis, "%.*s", (int)n, s);
			s += n;
		}
	}
	globfree(&g);
	free(pattern);
}

/* add a file outside fs/ if it uses a rule API and is not yet claimed */
static void add_outside_file(struct discover *d, struct fsdir *fs,
			     const char *rel)
{
	char *abs = path_join(d->tree, rel);

	if (is_dir(abs)) {
		struct dirent **ents;
		int n = scandir(abs, &ents, NULL, alphasort);

		for (int i = 0; i < n; i++) {
			char *sub = path_join(rel, ents[i]->d_name);

			if (ents[i]->d_name[0] != '.')
				add_outside_file(d, fs, sub);
			free(sub);
			free(ents[i]);
		}
		if (n >= 0)
			free(ents);
	} else if ((ends_with(rel, ".c") || ends_with(rel, ".h")) &&
		   !strvec_contains(&d->claimed, rel)) {
		buf_reset(&d->text);
		if (!buf_read_file(&d->text, abs) &&
		    uses_rule_api(d, d->text.data)) {
			strvec_push(&fs->paths, rel);
			strvec_push(&d->claimed, rel);
		}
	}
	free(abs);
}

/* one MAINTAINERS "F:" pattern, expanded in the tree */
static void add_pattern(struct discover *d, struct fsdir *fs,
			const char *pat)
{
	char *full;
	size_t n = strlen(d->tree) + 1;
	glob_t g;

	if (starts_with(pat, "fs/") || strstr(pat, ".."))
		return;
	full = path_join(d->tree, pat);
	if (!glob(full, 0, NULL, &g)) {
		for (size_t i = 0; i < g.gl_pathc; i++)
			if (strlen(g.gl_pathv[i]) > n)
				add_outside_file(d, fs, g.gl_pathv[i] + n);
		globfree(&g);
	}
	free(full);
}

/* the F: lines of every MAINTAINERS section that lists fs/<dir>/ */
static void maintainers_files(struct discover *d, struct fsdir *fs,
			      const char *rel)
{
	char *dir = xasprintf("%s/", rel);
	struct strvec section = STRVEC_INIT;
	const char *s = d->maintainers.data;
	bool ours = false;

	for (;;) {
		size_t n = strcspn(s, "\n");

		if (n > 3 && starts_with(s, "F:\t")) {
			char *pat = xstrndup(s + 3, n - 3);

			ours |= starts_with(pat, dir);
			strvec_push(&section, pat);
			free(pat);
		}
		if (!n || !s[n]) {
			/* a blank line ends a section */
			for (size_t i = 0; ours && i < section.n; i++)
				add_pattern(d, fs, section.v[i]);
			strvec_clear(&section);
			ours = false;
		}
		if (!s[n])
			break;
		s += n + 1;
	}
	free(dir);
}

static void fsdir_release(struct fsdir *fs)
{
	free(fs->name);
	strvec_clear(&fs->paths);
	strvec_clear(&fs->kconfig);
}

static void emit(yaml_emitter_t *e, yaml_event_t *ev)
{
	if (!yaml_emitter_emit(e, ev))
		BUG("YAML emitter: %s", e->problem ? e->problem : "failed");
}

static void emit_scalar(yaml_emitter_t *e, const char *s)
{
	yaml_event_t ev;

	yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s, -1, 1,
				     1, YAML_ANY_SCALAR_STYLE);
	emit(e, &ev);
}

static void emit_strvec(yaml_emitter_t *e, const char *key,
			const struct strvec *sv)
{
	yaml_event_t ev;

	if (!sv->n)
		return;
	emit_scalar(e, key);
	yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
					     YAML_FLOW_SEQUENCE_STYLE);
	emit(e, &ev);
	for (size_t i = 0; i < sv->n; i++)
		emit_scalar(e, sv->v[i]);
	yaml_sequence_end_event_initialize(&ev);
	emit(e, &ev);
}

static void emit_fs(yaml_emitter_t *e, const struct fsdir *fs)
{
	yaml_event_t ev;
	char *prefix = xasprintf("%s:", fs->name);

	yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
					    YAML_BLOCK_MAPPING_STYLE);
	emit(e, &ev);
	emit_scalar(e, "name");
	emit_scalar(e, fs->name);
	emit_strvec(e, "paths", &fs->paths);
	emit_scalar(e, "prefix");
	emit_scalar(e, prefix);
	emit_strvec(e, "kconfig", &fs->kconfig);
	yaml_mapping_end_event_initialize(&ev);
	emit(e, &ev);
	free(prefix);
}

static int write_to_buf(void *data, unsigned char *p, size_t n)
{
	buf_add(data, p, n);
	return 1;
}

static void emit_table(struct buf *out, const struct fsdir *fs, size_t nfs)
{
	yaml_emitter_t e;
	yaml_event_t ev;

	if (!yaml_emitter_initialize(&e))
		die("out of memory initializing the YAML emitter");
	yaml_emitter_set_output(&e, write_to_buf, out);
	yaml_emitter_set_width(&e, 79);
	yaml_emitter_set_unicode(&e, 1);
	yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
	emit(&e, &ev);
	yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1);
	emit(&e, &ev);
	yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
					    YAML_BLOCK_MAPPING_STYLE);
	emit(&e, &ev);
	emit_scalar(&e, "version");
	emit_scalar(&e, "1");
	emit_scalar(&e, "filesystems");
	yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
					     YAML_BLOCK_SEQUENCE_STYLE);
	emit(&e, &ev);
	for (size_t i = 0; i < nfs; i++)
		emit_fs(&e, &fs[i]);
	yaml_sequence_end_event_initialize(&ev);
	emit(&e, &ev);
	yaml_mapping_end_event_initialize(&ev);
	emit(&e, &ev);
	yaml_document_end_event_initialize(&ev, 1);
	emit(&e, &ev);
	yaml_stream_end_event_initialize(&ev);
	emit(&e, &ev);
	yaml_emitter_delete(&e);
}

/* a directory name as a table name: lowercase, only allowed characters */
static char *fs_name(const char *dir)
{
	char *name = xstrdup(dir);

	for (char *c = name; *c; c++) {
		if (*c >= 'A' && *c <= 'Z')
			*c += 'a' - 'A';
		else if (!strchr("abcdefghijklmnopqrstuvwxyz0123456789_.+-", *c))
			*c = '_';
	}
	return name;
}

/* one fs/<dir>: an entry if it has a ->lookup or uses a rule API */
static bool discover_dir(struct discover *d, const char *dir,
			 struct fsdir *fs)
{
	struct strvec obj = STRVEC_INIT, defined = STRVEC_INIT;
	char *rel = path_join("fs", dir), *abs = path_join(d->tree, rel);

	memset(fs, 0, sizeof(*fs));
	strvec_init(&fs->paths);
	strvec_init(&fs->kconfig);
	if (dir[0] != '.' && is_dir(abs))
		scan_dir(d, rel, fs, &obj, &defined);
	if (fs->lookup || fs->api) {
		fs->name = fs_name(dir);
		strvec_push(&fs->paths, rel);
		fs_kconfig(d, fs, dir, &obj, &defined);
		maintainers_files(d, fs, rel);
	}
	strvec_clear(&obj);
	strvec_clear(&defined);
	free(rel);
	free(abs);
	return fs->name;
}

int fstable_discover(const char *tree, struct buf *out)
{
	struct discover d = { .tree = tree, .apis = STRVEC_INIT,
			      .topobj = STRVEC_INIT, .claimed = STRVEC_INIT,
			      .maintainers = BUF_INIT, .text = BUF_INIT };
	char *path = path_join(tree, "fs");
	struct dirent **ents;
	struct fsdir *fs = NULL;
	size_t nfs = 0;
	int n = scandir(path, &ents, NULL, alphasort);

	if (n < 0) {
		error("cannot read '%s':", path);
		free(path);
		return -1;
	}
	free(path);
	for (size_t i = 0; i < ARRAY_SIZE(rule_apis); i++)
		strvec_push(&d.apis, rule_apis[i]);
	read_rule_keywords(&d);
	read_top_makefile(&d);
	path = path_join(tree, "MAINTAINERS");
	if (buf_read_file(&d.maintainers, path))
		warning("no files outside fs/ added: cannot read '%s':", path);
	free(path);
	for (int i = 0; i < n; i++) {
		fs = xreallocarray(fs, nfs + 1, sizeof(*fs));
		if (discover_dir(&d, ents[i]->d_name, &fs[nfs]))
			nfs++;
		else
			fsdir_release(&fs[nfs]);
		free(ents[i]);
	}
	free(ents);
	emit_table(out, fs, nfs);
	for (size_t i = 0; i < nfs; i++)
		fsdir_release(&fs[i]);
	free(fs);
	buf_release(&d.maintainers);
	buf_release(&d.text);
	strvec_clear(&d.apis);
	strvec_clear(&d.topobj);
	strvec_clear(&d.claimed);
	return (int)nfs;
}

static void show_list(const char *label, const struct strvec *sv)
{
	if (!sv->n)
		return;
	printf("%-9s", label);
	for (size_t i = 0; i < sv->n; i++)
		printf(" %s", sv->v[i]);
	putchar('\n');
}

static void show_fs(const struct fs_entry *fs)
{
	printf("name:     %s\nprefix:   %s\n", fs->name, fs->prefix);
	show_list("paths:", &fs->paths);
	show_list("kconfig:", &fs->kconfig);
	show_list("skip:", &fs->skip);
	if (fs->flags & FS_NO_DIRLOCK)
		printf("flags:    no_dirlock\n");
	for (size_t i = 0; i < fs->nmanual; i++)
		printf("manual:   %s (%s): %s\n", fs->manual[i].where,
		       fs->manual[i].rule, fs->manual[i].reason);
}

static int discover(const char *output)
{
	struct buf out = BUF_INIT;
	int n, ret = EXIT_OK;

	if (!is_dir(opts.tree))
		die("tree '%s' does not exist", opts.tree);
	buf_addf(&out, "# Written by 'fsconv fstable --discover' from %s.\n"
		 "# Check each prefix against the subsystem's git log, and\n"
		 "# add manual sites and skips by hand.\n", opts.tree);
	n = fstable_discover(opts.tree, &out);
	if (n < 0)
		ret = EXIT_USAGE;
	else if (output && write_file_atomic(output, out.data, out.len))
		ret = EXIT_USAGE;
	else if (!output && (fwrite(out.data, 1, out.len, stdout) != out.len ||
			     fflush(stdout)))
		ret = EXIT_USAGE;
	if (ret && n >= 0 && !output)
		error("cannot write the table to stdout:");
	if (!ret && !opts.quiet)
		fprintf(stderr, "%s: discovered %d filesystems in '%s'\n",
			progname, n, opts.tree);
	buf_release(&out);
	return ret;
}

int cmd_fstable(int argc, const char **argv)
{
	static const char *const usage[] = {
		"fsconv fstable [--check]",
		"fsconv fstable --list",
		"fsconv fstable --show NAME...",
		"fsconv fstable --discover [-o FILE]",
		NULL,
	};
	int check = 0, list = 0, show = 0, disc = 0;
	const char *output = NULL, *tree = opts.tree;
	struct option options[] = {
		OPT_BOOL(0, "check", &check,
			 "validate the table against the tree (default)"),
		OPT_BOOL(0, "list", &list, "print the filesystem names"),
		OPT_BOOL(0, "show", &show, "print the named entries"),
		OPT_BOOL(0, "discover", &disc,
			 "write a table for the tree (--tree) from its sources"),
		OPT_STRING('o', "output", &output, "FILE",
			   "with --discover: write here, not to stdout"),
		OPT_END(),
	};
	struct fstable t;
	size_t nmanual = 0;
	int ret = EXIT_OK;

	argc = parse_options(argc, argv, options, usage, 0);
	if (check + list + show + disc > 1)
		die("--check, --list, --show and --discover exclude each other");
	if (output && !disc)
		die("-o only goes with --discover");
	if (argc && !show)
		die("fstable takes no arguments (did you mean --show?)");
	if (show && !argc)
		die("--show needs a filesystem name");
	if (disc)
		return discover(output);
	/* the reference tree may not be built yet: then check no paths */
	if (!is_dir(tree)) {
		if (tree != default_tree())
			die("tree '%s' does not exist", tree);
		tree = NULL;
	}
	if (fstable_load(&t, opts.fstable, tree))
		return EXIT_USAGE;
	for (size_t i = 0; i < t.nfs; i++) {
		nmanual += t.fs[i].nmanual;
		if (list)
			printf("%s\n", t.fs[i].name);
	}
	for (int i = 0; i < argc; i++) {
		const struct fs_entry *fs = fstable_lookup(&t, argv[i]);

		if (!fs)
			ret = EXIT_USAGE;
		else
			show_fs(fs);
	}
	if (!list && !show)
		printf("%s: %zu filesystems, %zu manual sites%s\n", t.path,
		       t.nfs, nmanual, tree ? "" : " (paths not checked: no tree)");
	fstable_release(&t);
	if (fflush(stdout) || ferror(stdout)) {
		error("cannot write to stdout:");
		ret = EXIT_USAGE;
	}
	return ret;
}
