// SPDX-License-Identifier: GPL-2.0
/*
 * Compile flags and stand-in generated headers for parsing kernel C with
 * libclang; see kparse.h.
 */
#define _DEFAULT_SOURCE
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kparse.h"

/*
 * The configuration an unbuilt tree is parsed with: x86_64, SMP, the
 * options whose absence makes the common headers fail to parse.  Each
 * filesystem's own Kconfig symbols are added per file.
 */
static const char base_autoconf[] =
	"#define CONFIG_X86 1\n"
	"#define CONFIG_X86_64 1\n"
	"#define CONFIG_64BIT 1\n"
	"#define CONFIG_MMU 1\n"
	"#define CONFIG_SMP 1\n"
	"#define CONFIG_NR_CPUS 64\n"
	"#define CONFIG_NODES_SHIFT 6\n"
	"#define CONFIG_X86_L1_CACHE_SHIFT 6\n"
	"#define CONFIG_X86_INTERNODE_CACHE_SHIFT 6\n"
	"#define CONFIG_X86_MINIMUM_CPU_FAMILY 64\n"
	"#define CONFIG_PAGE_SHIFT 12\n"
	"#define CONFIG_PGTABLE_LEVELS 5\n"
	"#define CONFIG_X86_5LEVEL 1\n"
	"#define CONFIG_TREE_RCU 1\n"
	"#define CONFIG_TREE_SRCU 1\n"
	"#define CONFIG_HZ 1000\n"
	"#define CONFIG_HZ_1000 1\n"
	"#define CONFIG_BLOCK 1\n"
	"#define CONFIG_FILE_LOCKING 1\n"
	"#define CONFIG_MULTIUSER 1\n"
	"#define CONFIG_INET 1\n"
	"#define CONFIG_NET 1\n"
	"#define CONFIG_PRINTK 1\n"
	"#define CONFIG_BUG 1\n"
	"#define CONFIG_GENERIC_BUG 1\n"
	"#define CONFIG_SPARSEMEM 1\n"
	"#define CONFIG_SPARSEMEM_EXTREME 1\n"
	"#define CONFIG_SPARSEMEM_VMEMMAP 1\n"
	"#define CONFIG_ZONE_DMA 1\n"
	"#define CONFIG_ZONE_DMA32 1\n"
	"#define CONFIG_ARCH_HAS_PTE_SPECIAL 1\n"
	"#define CONFIG_AMD_MEM_ENCRYPT 1\n"
	"#define CONFIG_ARCH_HAS_MEM_ENCRYPT 1\n"
	"#define CONFIG_ASSOCIATIVE_ARRAY 1\n"
	"#define CONFIG_HAVE_MOD_ARCH_SPECIFIC 1\n"
	"#define CONFIG_ARCH_WANT_BATCHED_UNMAP_TLB_FLUSH 1\n"
	"#define CONFIG_HAVE_ARCH_WITHIN_STACK_FRAMES 1\n"
	"#define CONFIG_HAVE_ARCH_THREAD_STRUCT_WHITELIST 1\n"
	"#define CONFIG_THREAD_INFO_IN_TASK 1\n"
	"#define CONFIG_GENERIC_ENTRY 1\n"
	"#define CONFIG_X86_LOCAL_APIC 1\n"
	"#define CONFIG_PHYSICAL_START 0x1000000\n"
	"#define CONFIG_PHYSICAL_ALIGN 0x200000\n"
	"#define CONFIG_ILLEGAL_POINTER_VALUE 0xdead000000000000\n"
	"#define CONFIG_LOG_BUF_SHIFT 17\n"
	"#define CONFIG_BASE_SMALL 0\n"
	"#define CONFIG_FRAME_WARN 2048\n"
	"#define CONFIG_DEFAULT_HOSTNAME \"(none)\"\n"
	"#define CONFIG_FS_POSIX_ACL 1\n"
	"#define CONFIG_SECURITY 1\n"
	"#define CONFIG_KEYS 1\n"
	"#define CONFIG_SYSCTL 1\n"
	"#define CONFIG_PROC_FS 1\n"
	"#define CONFIG_SWAP 1\n"
	"#define CONFIG_FSNOTIFY 1\n"
	"#define CONFIG_EXPORTFS 1\n"
	"#define CONFIG_NETFS_SUPPORT 1\n"
	"#define CONFIG_FSCACHE 1\n"
	"#define CONFIG_SUNRPC 1\n"
	"#define CONFIG_CRYPTO 1\n"
	"#define CONFIG_MODULES 1\n";

/* include/generated/bounds.h and timeconst.h for the config above */
static const char base_bounds[] =
	"#define NR_PAGEFLAGS 23\n"
	"#define MAX_NR_ZONES 5\n"
	"#define NR_CPUS_BITS 6\n"
	"#define SPINLOCK_SIZE 4\n"
	"#define LRU_GEN_WIDTH 0\n"
	"#define __LRU_REFS_WIDTH 0\n";

static const char base_timeconst[] =
	"#define KERNEL_TIMECONST_H\n"
	"#define HZ_TO_MSEC_MUL32 U64_C(0x80000000)\n"
	"#define HZ_TO_MSEC_ADJ32 U64_C(0x0)\n"
	"#define HZ_TO_MSEC_SHR32 31\n"
	"#define MSEC_TO_HZ_MUL32 U64_C(0x80000000)\n"
	"#define MSEC_TO_HZ_ADJ32 U64_C(0x0)\n"
	"#define MSEC_TO_HZ_SHR32 31\n"
	"#define HZ_TO_MSEC_NUM 1\n"
	"#define HZ_TO_MSEC_DEN 1\n"
	"#define MSEC_TO_HZ_NUM 1\n"
	"#define MSEC_TO_HZ_DEN 1\n"
	"#define HZ_TO_USEC_MUL32 U64_C(0xFA000000)\n"
	"#define HZ_TO_USEC_ADJ32 U64_C(0x0)\n"
	"#define HZ_TO_USEC_SHR32 22\n"
	"#define USEC_TO_HZ_MUL32 U64_C(0x83126E98)\n"
	"#define USEC_TO_HZ_ADJ32 U64_C(0x1FF7CED9168)\n"
	"#define USEC_TO_HZ_SHR32 41\n"
	"#define HZ_TO_USEC_NUM 1000\n"
	"#define HZ_TO_USEC_DEN 1\n"
	"#define USEC_TO_HZ_NUM 1\n"
	"#define USEC_TO_HZ_DEN 1000\n"
	"#define HZ_TO_NSEC_NUM 1000000\n"
	"#define HZ_TO_NSEC_DEN 1\n"
	"#define NSEC_TO_HZ_NUM 1\n"
	"#define NSEC_TO_HZ_DEN 1000000\n";

const char *kparse_relpath(const struct kparse *k, const char *path)
{
	size_t n = strlen(k->tree);

	if (strncmp(path, k->tree, n) || path[n] != '/')
		return NULL;
	return path + n + 1;
}

/* add a stand-in for gen/rel unless the real file exists */
static void add_virtual(struct kparse *k, const char *gen, const char *rel,
			const char *text)
{
	char *path = path_join(gen, rel);

	if (!is_file(path) && !strvec_contains(&k->vnames, path)) {
		strvec_push(&k->vnames, path);
		strvec_push(&k->vtexts, text);
	}
	free(path);
}

/* the header names a Kbuild file lists under one of the given variables */
static void kbuild_list(const char *path, const char *const *vars,
			struct strvec *out)
{
	struct buf b = BUF_INIT;
	struct strvec lines = STRVEC_INIT;

	if (buf_read_file(&b, path)) {
		buf_release(&b);
		return;
	}
	strvec_split_lines(&lines, b.data);
	for (size_t i = 0; i < lines.n; i++) {
		char var[64], name[128];

		if (sscanf(lines.v[i], " %63[a-z-] += %127s", var, name) != 2)
			continue;
		for (const char *const *v = vars; *v; v++)
			if (!strcmp(var, *v) && !strvec_contains(out, name))
				strvec_push(out, name);
	}
	strvec_clear(&lines);
	buf_release(&b);
}

/*
 * What scripts/Makefile.asm-headers generates for one asm directory: a
 * wrapper for each mandatory or generic header the arch does not have,
 * and (empty, since we cannot run the syscall scripts) the generated-y
 * ones.
 */
static void add_asm_wrappers(struct kparse *k, const char *gen,
			     const char *generic_kbuild, const char *arch_dir,
			     const char *gen_dir)
{
	static const char *const wrap_vars[] = { "mandatory-y", "generic-y",
						 NULL };
	static const char *const gen_vars[] = { "generated-y", NULL };
	struct strvec wrap = STRVEC_INIT, empty = STRVEC_INIT;
	char *p, *kb;

	p = path_join(k->tree, generic_kbuild);
	kbuild_list(p, wrap_vars, &wrap);
	free(p);
	kb = xasprintf("%s/%s/Kbuild", k->tree, arch_dir);
	kbuild_list(kb, wrap_vars, &wrap);
	kbuild_list(kb, gen_vars, &empty);
	free(kb);
	for (size_t i = 0; i < wrap.n; i++) {
		char *real = xasprintf("%s/%s/%s", k->tree, arch_dir,
				       wrap.v[i]);
		char *rel = xasprintf("%s/%s", gen_dir, wrap.v[i]);
		char *text = xasprintf("#include <asm-generic/%s>\n",
				       wrap.v[i]);

		if (!is_file(real))
			add_virtual(k, gen, rel, text);
		free(real);
		free(rel);
		free(text);
	}
	for (size_t i = 0; i < empty.n; i++) {
		char *rel = xasprintf("%s/%s", gen_dir, empty.v[i]);

		add_virtual(k, gen, rel, "");
		free(rel);
	}
	strvec_clear(&wrap);
	strvec_clear(&empty);
}

/* VERSION, PATCHLEVEL, SUBLEVEL from the top Makefile */
static void tree_version(const char *tree, int v[3])
{
	static const char *const keys[] = { "VERSION", "PATCHLEVEL",
					    "SUBLEVEL" };
	struct buf b = BUF_INIT;
	char *p = path_join(tree, "Makefile");

	v[0] = v[1] = v[2] = 0;
	if (!buf_read_file(&b, p)) {
		for (int i = 0; i < 3; i++) {
			char *pat = xasprintf("\n%s = ", keys[i]);
			const char *s = strstr(b.data, pat);

			if (!s && starts_with(b.data, pat + 1))
				s = b.data - 1;
			if (s)
				v[i] = atoi(s + strlen(pat));
			free(pat);
		}
	}
	buf_release(&b);
	free(p);
}

static void add_generated(struct kparse *k, const char *gen)
{
	char *text;
	int v[3];

	add_virtual(k, gen, "include/generated/autoconf.h", base_autoconf);
	add_virtual(k, gen, "include/generated/bounds.h", base_bounds);
	add_virtual(k, gen, "include/generated/timeconst.h", base_timeconst);
	add_virtual(k, gen, "include/generated/asm-offsets.h", "");
	add_virtual(k, gen, "include/generated/compile.h", "");
	tree_version(k->tree, v);
	text = xasprintf("#define UTS_RELEASE \"%d.%d.%d\"\n", v[0], v[1],
			 v[2]);
	add_virtual(k, gen, "include/generated/utsrelease.h", text);
	free(text);
	text = xasprintf("#define LINUX_VERSION_CODE %d\n"
			 "#define KERNEL_VERSION(a, b, c) (((a) << 16) + "
			 "((b) << 8) + ((c) > 255 ? 255 : (c)))\n"
			 "#define LINUX_VERSION_MAJOR %d\n"
			 "#define LINUX_VERSION_PATCHLEVEL %d\n"
			 "#define LINUX_VERSION_SUBLEVEL %d\n",
			 (v[0] << 16) + (v[1] << 8) + (v[2] > 255 ? 255 : v[2]),
			 v[0], v[1], v[2]);
	add_virtual(k, gen, "include/generated/uapi/linux/version.h", text);
	free(text);
	add_asm_wrappers(k, gen, "include/asm-generic/Kbuild",
			 "arch/x86/include/asm",
			 "arch/x86/include/generated/asm");
	add_asm_wrappers(k, gen, "include/uapi/asm-generic/Kbuild",
			 "arch/x86/include/uapi/asm",
			 "arch/x86/include/generated/uapi/asm");
}

int kparse_init(struct kparse *k, const char *tree, const char *obj)
{
	char real[PATH_MAX], *p;
	const char *gen;

	memset(k, 0, sizeof(*k));
	strvec_init(&k->base);
	strvec_init(&k->vnames);
	strvec_init(&k->vtexts);
	if (!realpath(tree, real))
		return error("cannot open tree '%s':", tree);
	k->tree = xstrdup(real);
	p = path_join(k->tree, "include/linux/dcache.h");
	if (!is_file(p)) {
		free(p);
		return error("'%s' is not a kernel tree (no include/linux/dcache.h)",
			     tree);
	}
	free(p);
	if (obj) {
		if (!realpath(obj, real))
			return error("cannot open build directory '%s':", obj);
		k->obj = xstrdup(real);
	}
	gen = k->obj ? k->obj : k->tree;

	strvec_pushl(&k->base, "-nostdinc", NULL);
	strvec_pushf(&k->base, "-I%s/arch/x86/include", k->tree);
	strvec_pushf(&k->base, "-I%s/arch/x86/include/generated", gen);
	strvec_pushf(&k->base, "-I%s/include", k->tree);
	if (k->obj)
		strvec_pushf(&k->base, "-I%s/include", gen);
	strvec_pushf(&k->base, "-I%s/arch/x86/include/uapi", k->tree);
	strvec_pushf(&k->base, "-I%s/arch/x86/include/generated/uapi", gen);
	strvec_pushf(&k->base, "-I%s/include/uapi", k->tree);
	strvec_pushf(&k->base, "-I%s/include/generated/uapi", gen);
	/* what kbuild forces into every file */
	static const char *const forced[] = {
		"include/linux/compiler-version.h",
		"include/linux/kconfig.h",
		"include/linux/compiler_types.h",
	};
	for (size_t i = 0; i < ARRAY_SIZE(forced); i++) {
		p = path_join(k->tree, forced[i]);
		if (is_file(p))
			strvec_pushl(&k->base, "-include", p, NULL);
		free(p);
	}
	strvec_pushl(&k->base, "-D__KERNEL__", "-std=gnu11", "-fshort-wchar",
		     "-funsigned-char", "-fno-strict-aliasing", "-w",
		     "-ferror-limit=0", "-DKBUILD_MODNAME=\"fsconv\"",
		     "-DKBUILD_BASENAME=\"fsconv\"",
		     "-DKBUILD_MODFILE=\"fs/fsconv\"", NULL);

	add_generated(k, gen);
	k->nunsaved = k->vnames.n;
	k->unsaved = xcalloc(k->nunsaved + 1, sizeof(*k->unsaved));
	for (size_t i = 0; i < k->nunsaved; i++) {
		k->unsaved[i].Filename = k->vnames.v[i];
		k->unsaved[i].Contents = k->vtexts.v[i];
		k->unsaved[i].Length = strlen(k->vtexts.v[i]);
	}
	return 0;
}

void kparse_release(struct kparse *k)
{
	free(k->tree);
	free(k->obj);
	strvec_clear(&k->base);
	strvec_clear(&k->vnames);
	strvec_clear(&k->vtexts);
	free(k->unsaved);
	memset(k, 0, sizeof(*k));
}

/*
 * Split a saved kbuild command line into words the way sh would: quotes
 * and backslashes, no expansion (kbuild has expanded everything already).
 */
static void shell_split(const char *s, struct strvec *out)
{
	struct buf w = BUF_INIT;

	for (;;) {
		bool in_word = false;

		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s || *s == '\n' || *s == ';')
			break;
		buf_reset(&w);
		while (*s && !strchr(" \t\n;", *s)) {
			in_word = true;
			if (*s == '\'') {
				const char *e = strchr(s + 1, '\'');

				if (!e)
					e = s + strlen(s);
				buf_add(&w, s + 1, (size_t)(e - s - 1));
				s = *e ? e + 1 : e;
			} else if (*s == '"') {
				for (s++; *s && *s != '"'; s++) {
					if (*s == '\\' && s[1] &&
					    strchr("\"\\$`", s[1]))
						s++;
					buf_addch(&w, *s);
				}
				if (*s)
					s++;
			} else if (*s == '\\' && s[1]) {
				buf_addch(&w, s[1]);
				s += 2;
			} else {
				buf_addch(&w, *s++);
			}
		}
		if (in_word)
			strvec_push(out, w.data);
	}
	buf_release(&w);
}

/* an absolute path for a path kbuild gave relative to the build dir */
static char *cmd_path(const struct kparse *k, const char *p)
{
	if (p[0] == '/')
		return xstrdup(p);
	if (starts_with(p, "./"))
		p += 2;
	return path_join(k->obj, p);
}

/*
 * The flags of a saved command line that matter to a parser: include
 * paths, forced includes, macros and the language standard.  Everything
 * else (code generation, warnings, gcc plugins) is dropped, which also
 * drops every gcc-only flag clang would reject.
 */
static bool cmd_flags(const struct kparse *k, const char *relpath,
		      struct strvec *args)
{
	char *dir = xstrdup(relpath), *slash, *cmd;
	const char *base;
	struct buf b = BUF_INIT;
	struct strvec w = STRVEC_INIT;
	const char *line;
	bool ok = false;

	slash = strrchr(dir, '/');
	base = slash ? slash + 1 : dir;
	if (slash)
		*slash = '\0';
	if (!ends_with(base, ".c")) {
		free(dir);
		return false;
	}
	cmd = xasprintf("%s/%s/.%.*s.o.cmd", k->obj, slash ? dir : ".",
			(int)(strlen(base) - 2), base);
	if (buf_read_file(&b, cmd))
		goto out;
	line = strstr(b.data, ":= ");
	if (!line)
		goto out;
	shell_split(line + 3, &w);
	for (size_t i = 1; i < w.n; i++) {
		const char *a = w.v[i];
		const char *next = i + 1 < w.n ? w.v[i + 1] : NULL;

		if (!strcmp(a, "-nostdinc") || starts_with(a, "-std=") ||
		    starts_with(a, "-D") || starts_with(a, "-U")) {
			if ((!strcmp(a, "-D") || !strcmp(a, "-U")) && next) {
				strvec_pushf(args, "%s%s", a, next);
				i++;
			} else {
				strvec_push(args, a);
			}
		} else if (starts_with(a, "-I") || starts_with(a, "-iquote") ||
			   starts_with(a, "-isystem")) {
			const char *opt = a[1] == 'I' ? "-I" :
					  a[2] == 'q' ? "-iquote" : "-isystem";
			const char *val = a + strlen(opt);
			char *p;

			if (!*val) {
				if (!next)
					break;
				val = next;
				i++;
			}
			p = cmd_path(k, val);
			strvec_pushf(args, "%s%s", opt, p);
			free(p);
		} else if (!strcmp(a, "-include") && next) {
			char *p = cmd_path(k, next);

			strvec_pushl(args, "-include", p, NULL);
			free(p);
			i++;
		}
	}
	strvec_pushl(args, "-w", "-ferror-limit=0", "-fshort-wchar", NULL);
	ok = true;
out:
	strvec_clear(&w);
	buf_release(&b);
	free(cmd);
	free(dir);
	return ok;
}

/* -I and -D words of ccflags-y, subdir-ccflags-y and CFLAGS_x.o lines */
static void makefile_flags(const struct kparse *k, const char *reldir,
			   struct strvec *args)
{
	struct buf b = BUF_INIT, joined = BUF_INIT;
	struct strvec lines = STRVEC_INIT;
	char *mk = xasprintf("%s/%s/Makefile", k->tree, reldir);
	char *src = xasprintf("%s/%s", k->tree, reldir);

	if (buf_read_file(&b, mk))
		goto out;
	/* join continuation lines */
	for (const char *s = b.data; *s; s++) {
		if (*s == '\\' && s[1] == '\n')
			s++;
		else
			buf_addch(&joined, *s);
	}
	strvec_split_lines(&lines, joined.data);
	for (size_t i = 0; i < lines.n; i++) {
		char *l = lines.v[i], *hash = strchr(l, '#'), *eq;
		struct strvec w = STRVEC_INIT;

		if (hash)
			*hash = '\0';
		if (!starts_with(l, "ccflags-y") &&
		    !starts_with(l, "subdir-ccflags-y") &&
		    !starts_with(l, "CFLAGS_"))
			continue;
		eq = strchr(l, '=');
		if (!eq)
			continue;
		shell_split(eq + 1, &w);
		for (size_t j = 0; j < w.n; j++) {
			const char *a = w.v[j], *val;
			struct buf p = BUF_INIT;

			if (starts_with(a, "-D")) {
				strvec_push(args, a);
				continue;
			}
			if (!starts_with(a, "-I"))
				continue;
			val = a[2] ? a + 2 : j + 1 < w.n ? w.v[++j] : "";
			/* $(src), $(obj), $(srctree)/$(src), $(srctree) */
			while (*val) {
				if (starts_with(val, "$(srctree)/$(src)")) {
					buf_adds(&p, src);
					val += 17;
				} else if (starts_with(val, "$(src)") ||
					   starts_with(val, "$(obj)")) {
					buf_adds(&p, src);
					val += 6;
				} else if (starts_with(val, "$(srctree)")) {
					buf_adds(&p, k->tree);
					val += 10;
				} else {
					buf_addch(&p, *val++);
				}
			}
			if (p.len)
				strvec_pushf(args, "-I%s", p.data);
			buf_release(&p);
		}
		strvec_clear(&w);
	}
out:
	strvec_clear(&lines);
	buf_release(&joined);
	buf_release(&b);
	free(src);
	free(mk);
}

/* -DCONFIG_X=1 for each bool or tristate symbol a Kconfig file declares */
static void kconfig_flags(const struct kparse *k, const char *reldir,
			  struct strvec *args)
{
	struct buf b = BUF_INIT;
	struct strvec lines = STRVEC_INIT;
	char *kc = xasprintf("%s/%s/Kconfig", k->tree, reldir);

	if (buf_read_file(&b, kc))
		goto out;
	strvec_split_lines(&lines, b.data);
	for (size_t i = 0; i + 1 < lines.n; i++) {
		char sym[128];
		const char *t;

		if (sscanf(lines.v[i], "config %127[A-Za-z0-9_]", sym) != 1)
			continue;
		t = lines.v[i + 1];
		while (isspace((unsigned char)*t))
			t++;
		if (starts_with(t, "bool") || starts_with(t, "tristate") ||
		    starts_with(t, "def_bool y") ||
		    starts_with(t, "def_tristate"))
			strvec_pushf(args, "-DCONFIG_%s=1", sym);
	}
out:
	strvec_clear(&lines);
	buf_release(&b);
	free(kc);
}

void kparse_file_flags(const struct kparse *k, const char *relpath,
		       struct strvec *args, bool *from_cmd)
{
	char *dir = xstrdup(relpath), *slash;

	*from_cmd = k->obj && cmd_flags(k, relpath, args);
	if (*from_cmd) {
		free(dir);
		return;
	}
	strvec_pushv(args, (const char *const *)k->base.v);
	slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	else
		strcpy(dir, ".");
	strvec_pushf(args, "-I%s/%s", k->tree, dir);
	/* xfs/libxfs and friends are built by their parent's Makefile */
	for (;;) {
		char *mk = xasprintf("%s/%s/Makefile", k->tree, dir);
		bool found = is_file(mk);

		free(mk);
		if (found || !strchr(dir, '/'))
			break;
		*strrchr(dir, '/') = '\0';
	}
	makefile_flags(k, dir, args);
	kconfig_flags(k, dir, args);
	free(dir);
}

void kparse_overlay(struct kparse *k, const struct strvec *names,
		    const struct strvec *texts)
{
	size_t n = k->vnames.n, extra = names ? names->n : 0;

	/* the generated stand-ins stay first; the spare stays last */
	k->unsaved = xreallocarray(k->unsaved, n + extra + 1,
				   sizeof(*k->unsaved));
	for (size_t i = 0; i < extra; i++) {
		k->unsaved[n + i].Filename = names->v[i];
		k->unsaved[n + i].Contents = texts->v[i];
		k->unsaved[n + i].Length = strlen(texts->v[i]);
	}
	k->nunsaved = n + extra;
}

CXTranslationUnit kparse_parse(struct kparse *k, CXIndex idx,
			       const char *file, const struct strvec *args,
			       const char *contents, unsigned int flags)
{
	CXTranslationUnit tu = NULL;
	enum CXErrorCode rc;
	size_t n = k->nunsaved;

	if (contents) {
		k->unsaved[n].Filename = file;
		k->unsaved[n].Contents = contents;
		k->unsaved[n].Length = strlen(contents);
		n++;
	}
	rc = clang_parseTranslationUnit2(idx, file,
					 (const char *const *)args->v,
					 (int)args->n, k->unsaved, (unsigned)n,
					 flags | CXTranslationUnit_KeepGoing |
					 CXTranslationUnit_Incomplete, &tu);
	if (rc != CXError_Success) {
		error("libclang cannot parse '%s' (error %d)", file, (int)rc);
		return NULL;
	}
	return tu;
}

unsigned int kparse_errors(CXTranslationUnit tu, bool main_only,
			   struct buf *first, struct buf *all)
{
	unsigned int n = clang_getNumDiagnostics(tu), errors = 0;

	for (unsigned int i = 0; i < n; i++) {
		CXDiagnostic d = clang_getDiagnostic(tu, i);
		CXString s;

		if (clang_getDiagnosticSeverity(d) < CXDiagnostic_Error ||
		    (main_only && !clang_Location_isFromMainFile(
					  clang_getDiagnosticLocation(d)))) {
			clang_disposeDiagnostic(d);
			continue;
		}
		s = clang_formatDiagnostic(d,
					   CXDiagnostic_DisplaySourceLocation |
					   CXDiagnostic_DisplayColumn);
		if (!errors++ && first)
			buf_adds(first, clang_getCString(s));
		if (all)
			buf_addf(all, "%s\n", clang_getCString(s));
		clang_disposeString(s);
		clang_disposeDiagnostic(d);
	}
	return errors;
}
