// SPDX-License-Identifier: GPL-2.0
/*
 * `fsconv boot-test`: the runtime proof.  Build a small x86_64 kernel from
 * the tree before conversion and from the tree with every generated series
 * applied, boot each under qemu with a static stress program as /init
 * (tests/boot/stress.c), and report per filesystem the operations done, the
 * splats seen and a verdict.  A negative control, a tree with a
 * deliberately wrong conversion (tests/boot/negative-control.patch), must
 * fail, or the test proves nothing.  The other tests/boot/negative-control-
 * *.patch (the d_add_ci() lock imbalance, v4 7/7's relock hang, untruthful
 * lookup flags, the shmem whiteout) are for --control: each says how to
 * run it and what it must show.
 *
 * The user's tree is never touched: every kernel is a commit checked out
 * in a scratch repository under build/boot/ that borrows the tree's
 * objects (git alternates), series are applied to a private index, and
 * each source dir has its own O= dir, so a re-run rebuilds only what
 * changed.  Finished kernels are kept by a key over the source tree id,
 * the control patch and the config fragment.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "boot.h"
#include "commands.h"
#include "fsconv.h"
#include "json.h"
#include "options.h"
#include "spawn.h"

#define TAG "fsconv-boot: "
/* bump when the way kernels are built changes, to retire cached ones */
#define BOOT_KEY_VERSION "fsconv-boot-key 1"

/*
 * tinyconfig plus what the test needs.  tinyconfig sets EXPERT, so every
 * "if EXPERT" default (printk, futex, shmem, ...) has to be asked for.
 */
static const char *const boot_config[] = {
	/* a 64-bit SMP kernel that can run a static threaded init */
	"CONFIG_64BIT=y", "CONFIG_SMP=y", "CONFIG_NR_CPUS=4",
	"CONFIG_PREEMPT=y", "CONFIG_PRINTK=y", "CONFIG_PRINTK_TIME=y",
	"CONFIG_BUG=y", "CONFIG_KALLSYMS=y", "CONFIG_FUTEX=y",
	"CONFIG_MULTIUSER=y", "CONFIG_POSIX_TIMERS=y",
	"CONFIG_FILE_LOCKING=y", "CONFIG_BINFMT_ELF=y",
	"CONFIG_BLK_DEV_INITRD=y", "CONFIG_CC_OPTIMIZE_FOR_PERFORMANCE=y",
	"CONFIG_KERNEL_GZIP=y", "CONFIG_UNWINDER_ORC=y",
	/* serial console */
	"CONFIG_TTY=y", "CONFIG_SERIAL_8250=y", "CONFIG_SERIAL_8250_CONSOLE=y",
	/* virtio-blk for the xfs image */
	"CONFIG_PCI=y", "CONFIG_VIRTIO_MENU=y", "CONFIG_VIRTIO_PCI=y",
	"CONFIG_BLOCK=y", "CONFIG_BLK_DEV=y", "CONFIG_VIRTIO_BLK=y",
	/* the filesystems under test, and /dev */
	"CONFIG_SHMEM=y", "CONFIG_TMPFS=y", "CONFIG_TMPFS_XATTR=y",
	"CONFIG_PROC_FS=y", "CONFIG_PROC_SYSCTL=y", "CONFIG_SYSFS=y",
	"CONFIG_DEVTMPFS=y", "CONFIG_XFS_FS=y", "CONFIG_XFS_SUPPORT_ASCII_CI=y",
	"CONFIG_OVERLAY_FS=y", "CONFIG_FUSE_FS=y",
	/* the debugging that turns these bugs into splats */
	"CONFIG_DEBUG_KERNEL=y", "CONFIG_STACKTRACE=y",
	"CONFIG_PROVE_LOCKING=y", "CONFIG_DEBUG_ATOMIC_SLEEP=y",
	"CONFIG_DEBUG_LIST=y", "# CONFIG_SLUB_TINY is not set",
	"CONFIG_KASAN=y", "CONFIG_KASAN_GENERIC=y",
	/* a hung phase dumps its blocked tasks (sysrq w) into the log */
	"CONFIG_MAGIC_SYSRQ=y",
};

static const char *const default_fs = "tmpfs,proc,xfs,overlay,fuse";

enum role { ROLE_BEFORE, ROLE_AFTER, ROLE_CONTROL, ROLE_NR };
static const char *const role_names[ROLE_NR] = { "before", "after",
						 "control" };

struct kernel {
	enum role role;
	const char *src;	/* scratch source and O= dir: before/after */
	char *spec;		/* what it is, for the report */
	char *repo;		/* where the objects come from */
	char *commit;		/* the commit the patches go on */
	struct strvec patches;	/* applied to the index on top of it */
	const char *control;	/* applied to the work tree, or NULL */
	const char *fs;		/* filesystems the guest runs */
	char *target;		/* the commit checked out */
	char *tree_id;
	char *key;		/* cache key */
	char *image;		/* the bzImage to boot */
	bool wanted, cached, built, ran;
	char *error;		/* why there is no result */
	long long build_ms, run_ms;
	const char *accel;
	struct boot_console bc;
};

struct boot_test {
	const char *before, *after, *kernels, *fs, *control, *control_base,
		*control_fs, *accel, *report_dir;
	struct strvec series;
	struct strvec before_patches;	/* e.g. a fix for the base kernel */
	int no_series, seconds, threads, memory, cpus, timeout, short_form,
		reparse;
	char *work;		/* build/boot */
	char *out;		/* <out>/boot */
	char *initrd;
	char *fragment;		/* boot_config as text */
	struct kernel k[ROLE_NR];
};

/* ---- small helpers ----------------------------------------------------- */

static char *find_program(const char *name)
{
	const char *path = getenv("PATH");
	char *dirs, *save, *d;

	if (strchr(name, '/'))
		return access(name, X_OK) ? NULL : xstrdup(name);
	dirs = xstrdup(path ? path : "/usr/bin:/bin");
	for (d = strtok_r(dirs, ":", &save); d;
	     d = strtok_r(NULL, ":", &save)) {
		char *p = path_join(d, name);

		if (!access(p, X_OK) && is_file(p)) {
			free(dirs);
			return p;
		}
		free(p);
	}
	free(dirs);
	return NULL;
}

static uint64_t fnv1a(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;

	while (n--) {
		h ^= *s++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

static char *absolute(const char *path)
{
	char *p = realpath(path, NULL);

	return p ? p : xstrdup(path);
}

/*
 * Run a git command in dir with extra environment; on success its trimmed
 * stdout goes to *out, on failure its trimmed stderr.  0 or -1.
 */
static int git(const char *dir, struct strvec *env, struct buf *out, ...)
{
	struct child c = CHILD_INIT;
	struct buf o = BUF_INIT, err = BUF_INIT;
	const char *arg;
	va_list ap;
	int ret;

	strvec_pushl(&c.args, "git", "-C", dir, NULL);
	va_start(ap, out);
	while ((arg = va_arg(ap, const char *)))
		strvec_push(&c.args, arg);
	va_end(ap);
	if (env)
		strvec_pushv(&c.env, (const char *const *)env->v);
	ret = child_run_capture(&c, &o, &err, 0);
	buf_rtrim(&o);
	buf_rtrim(&err);
	if (out) {
		buf_reset(out);
		buf_add(out, ret ? err.data : o.data, ret ? err.len : o.len);
	}
	buf_release(&o);
	buf_release(&err);
	child_release(&c);
	return ret ? -1 : 0;
}

/* the first line of text, at most n bytes, for one-line errors */
static char *first_line(const char *text, size_t n)
{
	size_t len = strcspn(text, "\n");

	return xstrndup(text, len < n ? len : n);
}

/* run argv with stdout and stderr appended to log; exit status or -1 */
static int run_logged(const char *const *argv, const char *log)
{
	struct child c = CHILD_INIT;
	int fd, ret;

	fd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd < 0)
		return error("cannot open '%s':", log);
	strvec_pushv(&c.args, argv);
	c.out = fd;
	c.merge_stderr = 1;
	c.no_stdin = 1;
	if (opts.verbose) {
		for (size_t i = 0; argv[i]; i++)
			fprintf(stderr, "%s%s", i ? " " : "+ ", argv[i]);
		fputc('\n', stderr);
	}
	ret = child_start(&c) ? -1 : child_finish(&c);
	close(fd);
	child_release(&c);
	return ret;
}

/* the first compiler or make error in a build log, for a one-line error */
static char *build_error(const char *log)
{
	static const char *const pats[] = {
		": error: ", ": fatal error: ", "undefined reference",
		"*** ", "Error ",
	};
	struct buf b = BUF_INIT;
	char *ret = NULL;

	if (buf_read_file(&b, log))
		return xstrdup("no build log");
	for (size_t i = 0; i < ARRAY_SIZE(pats) && !ret; i++) {
		char *hit = strstr(b.data, pats[i]);

		if (!hit)
			continue;
		while (hit > b.data && hit[-1] != '\n')
			hit--;
		ret = first_line(hit, 200);
	}
	buf_release(&b);
	return ret ? ret : xstrdup("see the log");
}

static int copy_file(const char *from, const char *to)
{
	struct buf b = BUF_INIT;
	int ret;

	if (buf_read_file(&b, from))
		return error("cannot read '%s':", from);
	ret = write_file_atomic(to, b.data, b.len);
	buf_release(&b);
	return ret;
}

static bool list_has(const char *list, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = list; p && *p;) {
		size_t len = strcspn(p, ",");

		if (len == n && !strncmp(p, name, n))
			return true;
		p += len;
		if (*p)
			p++;
	}
	return false;
}

/* ---- the guest's initramfs --------------------------------------------- */

/* one newc cpio entry; data may be NULL */
static void cpio_add(struct buf *b, const char *name, unsigned int mode,
		     unsigned int rmaj, unsigned int rmin, const void *data,
		     size_t size)
{
	static unsigned int ino = 1;
	size_t namesize = strlen(name) + 1;

	buf_addf(b,
		 "070701%08X%08X%08X%08X%08X%08X%08zX%08X%08X%08X%08X%08zX%08X",
		 ino++, mode, 0u, 0u, 1u, 0u, size, 0u, 0u, rmaj, rmin,
		 namesize, 0u);
	buf_add(b, name, namesize);
	while (b->len % 4)
		buf_addch(b, '\0');
	if (size)
		buf_add(b, data, size);
	while (b->len % 4)
		buf_addch(b, '\0');
}

/*
 * Build the guest program statically and pack it as /init, with
 * /dev/console so the kernel can open a console before devtmpfs is
 * mounted.  Written here, so no cpio binary is needed.
 */
static int make_initrd(struct boot_test *bt)
{
	char *src = path_join(fsconv_home(), "tests/boot/stress.c");
	char *bin = path_join(bt->work, "init");
	char *log = path_join(bt->out, "build-init.log");
	struct buf b = BUF_INIT, prog = BUF_INIT;
	int ret = -1;

	unlink(log);
	if (!is_file(src)) {
		error("guest program '%s' is missing", src);
		goto out;
	}
	if (run_logged((const char *[]){ "gcc", "-static", "-O2", "-pthread",
					 "-Wall", "-o", bin, src, NULL },
		       log)) {
		char *why = build_error(log);

		error("cannot build the guest program '%s': %s (log '%s')",
		      src, why, log);
		free(why);
		goto out;
	}
	if (buf_read_file(&prog, bin)) {
		error("cannot read '%s':", bin);
		goto out;
	}
	cpio_add(&b, "dev", 040755, 0, 0, NULL, 0);
	cpio_add(&b, "dev/console", 020600, 5, 1, NULL, 0);
	cpio_add(&b, "proc", 040755, 0, 0, NULL, 0);
	cpio_add(&b, "mnt", 040755, 0, 0, NULL, 0);
	cpio_add(&b, "init", 0100755, 0, 0, prog.data, prog.len);
	cpio_add(&b, "TRAILER!!!", 0, 0, 0, NULL, 0);
	bt->initrd = path_join(bt->work, "initramfs.cpio");
	ret = write_file_atomic(bt->initrd, b.data, b.len);
out:
	buf_release(&b);
	buf_release(&prog);
	free(src);
	free(bin);
	free(log);
	return ret;
}

/* ---- which kernels, from which commits --------------------------------- */

static bool is_git_repo(const char *dir)
{
	return is_dir(dir) &&
	       !git(dir, NULL, NULL, "rev-parse", "--git-dir", NULL);
}

/* REV of --tree, or a git work tree DIR (its HEAD) */
static int resolve_spec(struct kernel *k, const char *spec)
{
	struct buf b = BUF_INIT;
	const char *rev = spec;
	char *revc;

	if (strchr(spec, '/') || is_dir(spec)) {
		if (!is_git_repo(spec))
			return error("'%s' is not a git repository", spec);
		k->repo = absolute(spec);
		rev = "HEAD";
	} else {
		k->repo = absolute(opts.tree);
	}
	revc = xasprintf("%s^{commit}", rev);
	if (git(k->repo, NULL, &b, "rev-parse", "--verify", "--quiet", revc,
		NULL)) {
		free(revc);
		buf_release(&b);
		return error("'%s' is not a commit in '%s'", rev, k->repo);
	}
	free(revc);
	k->commit = buf_detach(&b);
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* every *.patch in dir but a cover letter, sorted; the count or -1 */
static int add_series(struct strvec *sv, const char *given)
{
	struct strvec names = STRVEC_INIT;
	struct dirent *de;
	/* git apply runs in the scratch repository: absolute paths */
	char *dir = absolute(given);
	DIR *d = opendir(dir);
	size_t n;

	if (!d) {
		free(dir);
		return error("cannot read series '%s':", given);
	}
	while ((de = readdir(d)))
		if (ends_with(de->d_name, ".patch") &&
		    !strstr(de->d_name, "cover-letter"))
			strvec_push(&names, de->d_name);
	closedir(d);
	if (names.n)
		qsort(names.v, names.n, sizeof(*names.v), cmp_str);
	for (size_t i = 0; i < names.n; i++)
		strvec_pushf(sv, "%s/%s", dir, names.v[i]);
	n = names.n;
	strvec_clear(&names);
	free(dir);
	return (int)n;
}

/* the newest vN/ of every <out>/<fs>/ that holds patches */
static void scan_generated(struct strvec *sv, struct strvec *dirs)
{
	struct strvec fss = STRVEC_INIT;
	struct dirent *de;
	DIR *d = opendir(opts.out);

	if (!d)
		return;
	/*
	 * vfs-fold/ repeats the signature-change patches of every series,
	 * for folding into the VFS commit: on top of them it cannot apply.
	 */
	while ((de = readdir(d)))
		if (de->d_name[0] != '.' && strcmp(de->d_name, "boot") &&
		    strcmp(de->d_name, "vfs-fold"))
			strvec_push(&fss, de->d_name);
	closedir(d);
	if (fss.n)
		qsort(fss.v, fss.n, sizeof(*fss.v), cmp_str);
	for (size_t i = 0; i < fss.n; i++) {
		char *fsdir = path_join(opts.out, fss.v[i]);
		DIR *v = opendir(fsdir);
		int best = 0, n;

		while (v && (de = readdir(v)))
			if (sscanf(de->d_name, "v%d", &n) == 1 && n > best)
				best = n;
		if (v)
			closedir(v);
		if (best) {
			char *vdir = xasprintf("%s/v%d", fsdir, best);

			if (add_series(sv, vdir) > 0)
				strvec_push(dirs, vdir);
			free(vdir);
		}
		free(fsdir);
	}
	strvec_clear(&fss);
}

static int plan_kernels(struct boot_test *bt)
{
	struct kernel *b = &bt->k[ROLE_BEFORE], *a = &bt->k[ROLE_AFTER];
	struct kernel *c = &bt->k[ROLE_CONTROL], *base;
	struct strvec dirs = STRVEC_INIT;
	struct buf spec = BUF_INIT;

	for (int r = 0; r < ROLE_NR; r++) {
		bt->k[r].role = (enum role)r;
		strvec_init(&bt->k[r].patches);
		bt->k[r].wanted = list_has(bt->kernels, role_names[r]);
	}
	b->src = "before";
	a->src = "after";
	b->fs = a->fs = bt->fs;
	if (resolve_spec(b, bt->before))
		return -1;
	buf_adds(&spec, bt->before);
	for (size_t i = 0; i < bt->before_patches.n; i++) {
		char *p = absolute(bt->before_patches.v[i]);

		strvec_push(&b->patches, p);
		buf_addf(&spec, " + %s", p);
		free(p);
	}
	b->spec = buf_detach(&spec);
	if (resolve_spec(a, bt->after ? bt->after : "HEAD"))
		return -1;
	if (bt->series.n) {
		for (size_t i = 0; i < bt->series.n; i++) {
			if (add_series(&a->patches, bt->series.v[i]) < 0)
				return -1;
			strvec_push(&dirs, bt->series.v[i]);
		}
	} else if (!bt->after && !bt->no_series) {
		scan_generated(&a->patches, &dirs);
		if (!a->patches.n &&
		    (a->wanted || (c->wanted &&
				   !strcmp(bt->control_base, "after"))))
			warning("no generated series under '%s': the after "
				"kernel is the tree as it is", opts.out);
	}
	buf_adds(&spec, bt->after ? bt->after : "HEAD");
	if (a->patches.n)
		buf_addf(&spec, " + %zu patches from", a->patches.n);
	for (size_t i = 0; i < dirs.n; i++)
		buf_addf(&spec, "%s %s", i ? "," : "", dirs.v[i]);
	a->spec = buf_detach(&spec);
	strvec_clear(&dirs);

	/* the control is the chosen tree plus the wrong conversion */
	base = strcmp(bt->control_base, "before") ? a : b;
	c->src = base->src;
	c->repo = xstrdup(base->repo);
	c->commit = xstrdup(base->commit);
	strvec_pushv(&c->patches, (const char *const *)base->patches.v);
	c->control = bt->control;
	c->fs = bt->control_fs;
	c->spec = xasprintf("%s tree + %s", bt->control_base, bt->control);
	return 0;
}

/* ---- building ---------------------------------------------------------- */

/*
 * Point the scratch repository at the objects of k->repo and compute the
 * tree to build: k->commit with k->patches applied to a private index, so
 * nothing is checked out yet and a cache hit costs no I/O on the sources.
 */
static int prepare_target(struct boot_test *bt, struct kernel *k)
{
	char *src = xasprintf("%s/src-%s", bt->work, k->src);
	char *dotgit = path_join(src, ".git");
	char *alt, *objdir = NULL, *idx = NULL;
	struct strvec env = STRVEC_INIT;
	struct buf b = BUF_INIT;
	uint64_t h = 0xcbf29ce484222325ULL;
	int ret = -1;

	if (!is_dir(dotgit)) {
		if (mkdirs(src, 0755) ||
		    git(src, NULL, &b, "init", "-q", NULL)) {
			error("cannot create scratch repository '%s': %s", src,
			      b.data);
			goto out;
		}
	}
	if (git(k->repo, NULL, &b, "rev-parse", "--git-common-dir", NULL)) {
		error("'%s' is not a git repository", k->repo);
		goto out;
	}
	if (b.data[0] == '/')
		objdir = xasprintf("%s/objects", b.data);
	else
		objdir = xasprintf("%s/%s/objects", k->repo, b.data);
	/*
	 * Keep every objects directory ever used: the scratch HEAD may come
	 * from an earlier --tree, and checkout must still read it.
	 */
	alt = xasprintf("%s/objects/info/alternates", dotgit);
	{
		struct buf have = BUF_INIT;
		char *line = xasprintf("%s\n", objdir);

		if (buf_read_file(&have, alt) || !strstr(have.data, line)) {
			buf_adds(&have, line);
			ret = write_file_atomic(alt, have.data, have.len);
		} else {
			ret = 0;
		}
		buf_release(&have);
		free(line);
	}
	free(alt);
	if (ret)
		goto out;
	ret = -1;

	strvec_pushl(&env, "GIT_AUTHOR_NAME=fsconv boot-test",
		     "GIT_AUTHOR_EMAIL=fsconv@localhost",
		     "GIT_COMMITTER_NAME=fsconv boot-test",
		     "GIT_COMMITTER_EMAIL=fsconv@localhost",
		     "GIT_AUTHOR_DATE=@0 +0000", "GIT_COMMITTER_DATE=@0 +0000",
		     NULL);
	if (k->patches.n) {
		idx = xasprintf("%s/fsconv-index", dotgit);
		strvec_pushf(&env, "GIT_INDEX_FILE=%s", idx);
		unlink(idx);
		if (git(src, &env, &b, "read-tree", k->commit, NULL)) {
			error("cannot read commit %.12s into '%s': %s",
			      k->commit, src, b.data);
			goto out;
		}
		for (size_t i = 0; i < k->patches.n; i++)
			if (git(src, &env, &b, "apply", "--cached",
				k->patches.v[i], NULL)) {
				char *why = first_line(b.data, 160);

				error("patch '%s' does not apply to commit "
				      "%.12s: %s", k->patches.v[i], k->commit,
				      why);
				free(why);
				goto out;
			}
		if (git(src, &env, &b, "write-tree", NULL)) {
			error("cannot write the patched tree: %s", b.data);
			goto out;
		}
		k->tree_id = xstrdup(b.data);
		/* fixed names and dates: the same patches, the same commit */
		if (git(src, &env, &b, "commit-tree", k->tree_id, "-p",
			k->commit, "-m", "fsconv boot-test: generated series",
			NULL)) {
			error("cannot commit the patched tree: %s", b.data);
			goto out;
		}
		k->target = buf_detach(&b);
	} else {
		char *t = xasprintf("%s^{tree}", k->commit);

		if (git(src, NULL, &b, "rev-parse", t, NULL)) {
			error("commit %.12s is not readable from '%s': %s",
			      k->commit, src, b.data);
			free(t);
			goto out;
		}
		free(t);
		k->tree_id = buf_detach(&b);
		k->target = xstrdup(k->commit);
	}

	h = fnv1a(h, BOOT_KEY_VERSION, strlen(BOOT_KEY_VERSION));
	h = fnv1a(h, k->tree_id, strlen(k->tree_id));
	h = fnv1a(h, bt->fragment, strlen(bt->fragment));
	if (k->control) {
		buf_reset(&b);
		if (buf_read_file(&b, k->control)) {
			error("cannot read negative control '%s':", k->control);
			goto out;
		}
		h = fnv1a(h, b.data, b.len);
	}
	k->key = xasprintf("%016llx", (unsigned long long)h);
	k->image = xasprintf("%s/kernels/%s/bzImage", bt->work, k->key);
	k->cached = is_file(k->image);
	ret = 0;
out:
	if (idx)
		unlink(idx);
	free(idx);
	free(objdir);
	free(dotgit);
	strvec_clear(&env);
	buf_release(&b);
	free(src);
	return ret;
}

/* a fragment line the .config text lacks, or NULL */
static const char *config_missing(const char *config)
{
	for (size_t i = 0; i < ARRAY_SIZE(boot_config); i++) {
		const char *want = boot_config[i];
		char sym[64], *line;
		bool bad;

		if (want[0] == '#') {
			/* "# CONFIG_X is not set": X must not be on */
			if (sscanf(want, "# %63s", sym) != 1)
				continue;
			line = xasprintf("\n%s=y\n", sym);
			bad = strstr(config, line) != NULL;
		} else {
			line = xasprintf("\n%s\n", want);
			bad = strstr(config, line) == NULL;
		}
		free(line);
		if (bad)
			return want;
	}
	return NULL;
}

static int configure(struct boot_test *bt, struct kernel *k, const char *src,
		     const char *obj, const char *log)
{
	char *cfgdir = xasprintf("%s/cfg-%s", bt->work, k->src);
	char *cfg = path_join(cfgdir, ".config");
	char *objcfg = path_join(obj, ".config");
	char *odir = xasprintf("O=%s", cfgdir);
	struct buf have = BUF_INIT, want = BUF_INIT;
	const char *missing;
	int ret = -1;

	/* kconfig runs in a side directory so an unchanged config keeps obj/ */
	mkdirs(cfgdir, 0755);
	if (run_logged((const char *[]){ "make", "-s", "-C", src, odir,
					 "ARCH=x86_64", "tinyconfig", NULL },
		       log))
		goto fail;
	if (buf_read_file(&want, cfg)) {
		error("cannot read '%s':", cfg);
		goto out;
	}
	buf_adds(&want, bt->fragment);
	if (write_file_atomic(cfg, want.data, want.len))
		goto out;
	if (run_logged((const char *[]){ "make", "-s", "-C", src, odir,
					 "ARCH=x86_64", "olddefconfig", NULL },
		       log))
		goto fail;
	/* a leading newline lets config_missing() match the first line */
	buf_reset(&want);
	buf_addch(&want, '\n');
	if (buf_read_file(&want, cfg)) {
		error("cannot read '%s':", cfg);
		goto out;
	}
	missing = config_missing(want.data);
	if (missing) {
		error("the %s tree cannot give '%s' on top of tinyconfig (a "
		      "dependency is off or missing in commit %.12s)",
		      role_names[k->role], missing, k->target);
		goto out;
	}
	if (buf_read_file(&have, objcfg) || strcmp(have.data, want.data + 1)) {
		mkdirs(obj, 0755);
		if (write_file_atomic(objcfg, want.data + 1, want.len - 1))
			goto out;
	}
	ret = 0;
	goto out;
fail:
	{
		char *why = build_error(log);

		error("the %s kernel cannot be configured: %s (log '%s')",
		      role_names[k->role], why, log);
		free(why);
	}
out:
	buf_release(&have);
	buf_release(&want);
	free(cfgdir);
	free(cfg);
	free(objcfg);
	free(odir);
	return ret;
}

static int build_kernel(struct boot_test *bt, struct kernel *k)
{
	const char *role = role_names[k->role];
	char *src = xasprintf("%s/src-%s", bt->work, k->src);
	char *obj = xasprintf("%s/obj-%s", bt->work, k->src);
	char *log = xasprintf("%s/build-%s.log", bt->out, role);
	char *odir = xasprintf("O=%s", obj);
	char *jobs = xasprintf("-j%d", opts.jobs);
	char *bz = path_join(obj, "arch/x86/boot/bzImage");
	char *kdir = xasprintf("%s/kernels/%s", bt->work, k->key);
	char *c1 = path_join(obj, ".config"), *c2 = path_join(kdir, "config");
	struct buf b = BUF_INIT;
	long long t0 = now_ms();
	int ret = -1;

	unlink(log);
	if (!opts.quiet)
		printf("boot-test: building the %s kernel (%s, %.12s) in %s\n",
		       role, k->spec, k->target, obj);
	fflush(stdout);
	/* -f: a control patch left by an earlier run goes away */
	if (git(src, NULL, &b, "checkout", "-q", "-f", "--detach", k->target,
		NULL) ||
	    git(src, NULL, &b, "clean", "-q", "-f", "-d", NULL)) {
		k->error = xasprintf("cannot check out %.12s in '%s': %s",
				     k->target, src, b.data);
		goto out;
	}
	if (k->control && git(src, NULL, &b, "apply", k->control, NULL)) {
		char *why = first_line(b.data, 160);

		k->error = xasprintf("negative control '%s' does not apply "
				     "to the %s tree: %s", k->control, k->src,
				     why);
		free(why);
		goto out;
	}
	if (configure(bt, k, src, obj, log)) {
		k->error = xasprintf("the %s kernel cannot be configured "
				     "(log '%s')", role, log);
		goto out;
	}
	if (run_logged((const char *[]){ "make", "-C", src, odir,
					 "ARCH=x86_64", jobs, "bzImage", NULL },
		       log)) {
		char *why = build_error(log);

		k->error = xasprintf("the %s kernel does not build (%.12s): "
				     "%s (log '%s')", role, k->target, why,
				     log);
		free(why);
		goto out;
	}
	if (mkdirs(kdir, 0755) || copy_file(bz, k->image) ||
	    copy_file(c1, c2)) {
		k->error = xasprintf("cannot keep the kernel in '%s'", kdir);
		goto out;
	}
	k->built = true;
	ret = 0;
out:
	k->build_ms = now_ms() - t0;
	if (ret)
		error("%s", k->error);
	buf_release(&b);
	free(src);
	free(obj);
	free(log);
	free(odir);
	free(jobs);
	free(bz);
	free(kdir);
	free(c1);
	free(c2);
	return ret;
}

/* ---- booting ----------------------------------------------------------- */

static int make_xfs_image(const char *img, const char *log)
{
	int fd;

	unlink(img);
	fd = open(img, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || ftruncate(fd, 512LL << 20)) {
		if (fd >= 0)
			close(fd);
		return error("cannot create '%s':", img);
	}
	close(fd);
	/* ascii-ci names, so lookups by case variant go through d_add_ci */
	if (run_logged((const char *[]){ "mkfs.xfs", "-q", "-f", "-n",
					 "version=ci", img, NULL },
		       log))
		return error("mkfs.xfs -n version=ci failed on '%s' (log '%s')",
			     img, log);
	return 0;
}

static bool file_contains(const char *path, const char *s)
{
	struct buf b = BUF_INIT;
	bool ret = !buf_read_file(&b, path) && strstr(b.data, s);

	buf_release(&b);
	return ret;
}

/*
 * A KVM that opens but does not run a guest (some nested setups) would
 * cost the probe on every run; remember it until the host reboots.
 */
static char *kvm_stamp(const struct boot_test *bt)
{
	struct buf id = BUF_INIT;
	char *ret;

	if (buf_read_file(&id, "/proc/sys/kernel/random/boot_id"))
		buf_adds(&id, "unknown");
	buf_rtrim(&id);
	ret = xasprintf("%s/kvm-no-start.%s", bt->work, id.data);
	buf_release(&id);
	return ret;
}

static bool kvm_usable(const struct boot_test *bt)
{
	char *stamp = kvm_stamp(bt);
	bool known_bad = is_file(stamp);
	int fd;

	free(stamp);
	if (known_bad)
		return false;
	fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return false;
	close(fd);
	return true;
}

/*
 * The host's TSC rate in kHz, or 0.  A TCG guest reads the host's TSC,
 * and on a busy host its own calibration against the emulated PIT can be
 * off by 20 times: its clock then races ahead, and every phase looks hung
 * to its watchdog.  Handing the rate over (tsc_early_khz=) skips that
 * calibration.  Both counters run in real time, so being preempted
 * during the 200 ms does not skew the measurement.
 */
static long host_tsc_khz(void)
{
#if defined(__x86_64__)
	static long khz = -1;
	unsigned int lo, hi;
	unsigned long long c0, c1;
	long long t0, t1;

	if (khz >= 0)
		return khz;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	c0 = (unsigned long long)hi << 32 | lo;
	t0 = now_ms();
	usleep(200000);
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	c1 = (unsigned long long)hi << 32 | lo;
	t1 = now_ms();
	khz = t1 > t0 ? (long)((c1 - c0) / (unsigned long long)(t1 - t0)) : 0;
	return khz;
#else
	return 0;
#endif
}

static void qemu_argv(struct boot_test *bt, struct strvec *argv,
		      const char *accel, const char *image,
		      const char *console, const char *fs, const char *img)
{
	struct buf append = BUF_INIT;

	strvec_pushl(argv, "qemu-system-x86_64", "-accel", accel, NULL);
	if (!strcmp(accel, "kvm"))
		strvec_pushl(argv, "-cpu", "host", NULL);
	strvec_push(argv, "-m");
	strvec_pushf(argv, "%d", bt->memory);
	strvec_push(argv, "-smp");
	strvec_pushf(argv, "%d", bt->cpus);
	strvec_pushl(argv, "-nodefaults", "-display", "none", "-no-reboot",
		     "-serial", NULL);
	strvec_pushf(argv, "file:%s", console);
	strvec_pushl(argv, "-kernel", image, "-initrd", bt->initrd, "-append",
		     NULL);
	/* no_timer_check: TCG on a busy host fails the IO-APIC timer test */
	buf_addf(&append, "console=ttyS0 panic=-1 printk.devkmsg=on "
		 "no_timer_check kasan_multi_shot fsconv.fs=%s "
		 "fsconv.secs=%d fsconv.threads=%d", fs, bt->seconds,
		 bt->threads);
	if (host_tsc_khz() > 0)
		buf_addf(&append, " tsc_early_khz=%ld", host_tsc_khz());
	strvec_push(argv, append.data);
	buf_release(&append);
	if (img) {
		strvec_push(argv, "-drive");
		strvec_pushf(argv, "file=%s,format=raw,if=virtio,cache=unsafe",
			     img);
	}
}

/* start qemu with its stdout and stderr in log; 0 or -1 */
static int qemu_start(struct child *c, struct strvec *argv, const char *log,
		      int *fd)
{
	*fd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (*fd < 0)
		return error("cannot open '%s':", log);
	strvec_pushv(&c->args, (const char *const *)argv->v);
	c->out = *fd;
	c->merge_stderr = 1;
	c->no_stdin = 1;
	if (opts.verbose) {
		for (size_t i = 0; i < argv->n; i++)
			fprintf(stderr, "%s%s", i ? " " : "+ ", argv->v[i]);
		fputc('\n', stderr);
	}
	if (child_start(c)) {
		close(*fd);
		*fd = -1;
		return -1;
	}
	return 0;
}

/*
 * The accelerator for every boot of this run.  KVM counts as working only
 * if a guest on it prints the kernel banner within 20 seconds: /dev/kvm
 * can open fine and still run nothing.  The probe boots image with no
 * stress at all.
 */
static const char *pick_accel(struct boot_test *bt, const char *image)
{
	char *console = path_join(bt->work, "console-kvm-probe.log");
	char *log = path_join(bt->out, "qemu-kvm-probe.log");
	struct strvec argv = STRVEC_INIT;
	struct child c = CHILD_INIT;
	long long t0 = now_ms();
	bool started = false;
	int fd, status;

	if (strcmp(bt->accel, "auto"))
		return bt->accel;
	if (!kvm_usable(bt))
		return "tcg";
	unlink(console);
	unlink(log);
	qemu_argv(bt, &argv, "kvm", image, console, "", NULL);
	if (!qemu_start(&c, &argv, log, &fd)) {
		while (now_ms() - t0 < 20000 && !started) {
			if (waitpid(c.pid, &status, WNOHANG) == c.pid) {
				c.pid = 0;
				break;
			}
			usleep(200000);
			started = file_contains(console, "Linux version");
		}
		started = started || file_contains(console, "Linux version");
		child_kill(&c);
		close(fd);
	}
	if (!started) {
		char *stamp = kvm_stamp(bt);

		warning("kvm did not start a guest within 20s; using tcg "
			"(log '%s')", log);
		write_file_atomic(stamp, "", 0);
		free(stamp);
	}
	strvec_clear(&argv);
	child_release(&c);
	free(console);
	free(log);
	return started ? "kvm" : "tcg";
}

enum qemu_result { QEMU_RUNNING, QEMU_EXITED, QEMU_TIMEOUT, QEMU_ERROR };

/* one guest in flight */
struct boot_run {
	struct kernel *k;
	struct child c;
	char *console, *log, *img;
	long long t0;
	int timeout;		/* seconds */
	int fd;			/* qemu's own output */
	enum qemu_result res;
};

static void boot_start(struct boot_test *bt, struct boot_run *r,
		       const char *accel)
{
	struct kernel *k = r->k;
	const char *role = role_names[k->role];
	bool xfs = list_has(k->fs, "xfs");
	struct strvec argv = STRVEC_INIT;
	int nfs = 1;

	for (const char *p = k->fs; *p; p++)
		nfs += *p == ',';
	child_init(&r->c);
	r->fd = -1;
	r->res = QEMU_ERROR;
	r->console = xasprintf("%s/console-%s.log", bt->out, role);
	r->log = xasprintf("%s/qemu-%s.log", bt->out, role);
	r->img = xasprintf("%s/xfs-%s.img", bt->work, role);
	k->accel = accel;
	/* the guest gives each phase its stress time plus a minute */
	r->timeout = bt->timeout ? bt->timeout
				 : (strcmp(accel, "kvm") ? 240 : 90) +
					   nfs * (bt->seconds + 70);
	unlink(r->console);
	unlink(r->log);
	if (xfs && make_xfs_image(r->img, r->log)) {
		k->error = xasprintf("cannot make the xfs image '%s'", r->img);
		return;
	}
	qemu_argv(bt, &argv, accel, k->image, r->console, k->fs,
		  xfs ? r->img : NULL);
	if (!opts.quiet)
		printf("boot-test: booting the %s kernel (%s; %s for %ds each; "
		       "deadline %ds)\n", role, accel, k->fs, bt->seconds,
		       r->timeout);
	fflush(stdout);
	r->t0 = now_ms();
	if (!qemu_start(&r->c, &argv, r->log, &r->fd))
		r->res = QEMU_RUNNING;
	strvec_clear(&argv);
}

static void boot_poll(struct boot_run *r)
{
	int status;

	if (r->res != QEMU_RUNNING)
		return;
	if (waitpid(r->c.pid, &status, WNOHANG) == r->c.pid) {
		r->c.pid = 0;
		r->res = QEMU_EXITED;
	} else if (now_ms() - r->t0 > r->timeout * 1000LL) {
		child_kill(&r->c);
		r->res = QEMU_TIMEOUT;
	}
	if (r->res != QEMU_RUNNING)
		r->k->run_ms = now_ms() - r->t0;
}

/* why a boot gave no full result, or NULL */
static char *boot_problem(struct boot_run *r)
{
	const char *role = role_names[r->k->role];
	const struct boot_console *bc = &r->k->bc;

	if (r->res == QEMU_ERROR)
		return xasprintf("cannot run qemu (log '%s')", r->log);
	if (r->res == QEMU_TIMEOUT && !bc->finished)
		return xasprintf("the %s kernel hung: qemu killed after %ds "
				 "(console '%s')", role, r->timeout,
				 r->console);
	if (!bc->booted) {
		struct buf b = BUF_INIT;
		char *why = NULL, *ret;

		if (!buf_read_file(&b, r->log) && b.len)
			why = first_line(b.data, 160);
		buf_release(&b);
		ret = xasprintf("the %s kernel did not boot: no kernel output"
				"%s%s (logs '%s', '%s')", role,
				why ? ": " : "", why ? why : "", r->console,
				r->log);
		free(why);
		return ret;
	}
	if (!bc->init_started)
		return xasprintf("the %s kernel booted but did not run the "
				 "guest program%s%s (console '%s')", role,
				 bc->panic[0] ? ": " : "", bc->panic,
				 r->console);
	if (!bc->finished)
		return xasprintf("the %s kernel died during the stress%s%s "
				 "(console '%s')", role,
				 bc->panic[0] ? ": " : "", bc->panic,
				 r->console);
	return NULL;
}

static void boot_finish(struct boot_run *r)
{
	struct kernel *k = r->k;

	if (r->fd >= 0)
		close(r->fd);
	child_release(&r->c);
	if (!k->error) {
		k->ran = true;
		if (boot_parse_console(r->console, k->fs, &k->bc))
			k->error = xasprintf("cannot read the console '%s'",
					     r->console);
		else
			k->error = boot_problem(r);
	}
	/* the control may well die of its bug; that is its verdict */
	if (k->error && k->role != ROLE_CONTROL)
		error("%s", k->error);
	free(r->console);
	free(r->log);
	free(r->img);
}

/*
 * Boot kernels side by side: a TCG guest's speed follows the load on the
 * host, so kernels whose ops/s are compared share the same load.
 */
static void boot_all(struct boot_test *bt, struct kernel **ks, int n,
		     const char *accel)
{
	struct boot_run *runs = xcalloc(n, sizeof(*runs));
	bool running = true;

	for (int i = 0; i < n; i++) {
		runs[i].k = ks[i];
		boot_start(bt, &runs[i], accel);
	}
	while (running) {
		running = false;
		for (int i = 0; i < n; i++) {
			boot_poll(&runs[i]);
			running |= runs[i].res == QEMU_RUNNING;
		}
		if (running)
			usleep(200000);
	}
	for (int i = 0; i < n; i++)
		boot_finish(&runs[i]);
	free(runs);
}

/* boot what was built: before and after side by side, then the control */
static void boot_built(struct boot_test *bt)
{
	struct kernel *pair[2], *c = &bt->k[ROLE_CONTROL];
	const char *accel = NULL;
	int n = 0;

	for (int r = ROLE_BEFORE; r <= ROLE_AFTER; r++)
		if (bt->k[r].wanted && bt->k[r].built)
			pair[n++] = &bt->k[r];
	if (n) {
		accel = pick_accel(bt, pair[0]->image);
		boot_all(bt, pair, n, accel);
	}
	if (c->wanted && c->built) {
		if (!accel)
			accel = pick_accel(bt, c->image);
		boot_all(bt, &c, 1, accel);
	}
}

/* ---- reading the console ----------------------------------------------- */

static const struct {
	const char *prefix;
	const char *fs;
} fs_frames[] = {
	{ "shmem_", "tmpfs" },	   { "mm/shmem.c", "tmpfs" },
	{ "xfs_", "xfs" },	   { "fs/xfs/", "xfs" },
	{ "ovl_", "overlay" },	   { "fs/overlayfs/", "overlay" },
	{ "fuse_", "fuse" },	   { "fs/fuse/", "fuse" },
	{ "proc_", "proc" },	   { "fs/proc/", "proc" },
	{ "pid_revalidate", "proc" }, { "pid_getattr", "proc" },
	{ "pid_delete_dentry", "proc" }, { "tid_fd_", "proc" },
};

const char *boot_fs_of_frame(const char *s)
{
	while (*s == ' ' || *s == '?')
		s++;
	for (size_t i = 0; i < ARRAY_SIZE(fs_frames); i++)
		if (starts_with(s, fs_frames[i].prefix))
			return fs_frames[i].fs;
	return NULL;
}

/* keep in step with splat_kind() in tests/boot/stress.c */
const char *boot_splat_kind(const char *m)
{
	if (starts_with(m, "BUG: KASAN: ") || starts_with(m, "KASAN: "))
		return "kasan";
	if (starts_with(m, "BUG: sleeping function called") ||
	    starts_with(m, "BUG: scheduling while atomic"))
		return "atomic-sleep";
	if (starts_with(m, "WARNING: CPU: "))
		return "warning";
	if (starts_with(m, "WARNING: ") || starts_with(m, "INFO: possible "))
		return strstr(m, "lock") || strstr(m, "RCU") ? "lockdep"
							    : "warning";
	if (starts_with(m, "BUG: ") || starts_with(m, "kernel BUG at ") ||
	    starts_with(m, "watchdog: BUG: "))
		return "bug";
	if (starts_with(m, "Oops: ") ||
	    starts_with(m, "general protection fault"))
		return "oops";
	if (starts_with(m, "Kernel panic - not syncing"))
		return "panic";
	if (starts_with(m, "INFO: task ") && strstr(m, "blocked for more"))
		return "hung-task";
	if (starts_with(m, "sysrq: Show Blocked State"))
		return "hung";
	if (starts_with(m, "UBSAN: "))
		return "ubsan";
	return NULL;
}

struct scan {
	struct boot_console *bc;
	int open;		/* lines into the current splat, -1: none */
	struct boot_splat cur;
	const char *phase;
};

static void scan_close(struct scan *sc)
{
	struct boot_console *bc = sc->bc;

	if (sc->open < 0)
		return;
	if (!sc->cur.fs[0])
		snprintf(sc->cur.fs, sizeof(sc->cur.fs), "%s", sc->phase);
	bc->splats = xreallocarray(bc->nsplats ? bc->splats : NULL,
				   bc->nsplats + 1, sizeof(*bc->splats));
	bc->splats[bc->nsplats++] = sc->cur;
	sc->open = -1;
}

static void scan_line(struct scan *sc, const char *m)
{
	const char *kind = boot_splat_kind(m), *fs;

	/* an oops, a panic or a bare "KASAN:" after a header: one report */
	if (kind && sc->open >= 0 && sc->open < 40 &&
	    (!strcmp(kind, "oops") || !strcmp(kind, "panic") ||
	     starts_with(m, "KASAN: "))) {
		if (!strcmp(kind, "kasan"))
			snprintf(sc->cur.kind, sizeof(sc->cur.kind), "kasan");
		sc->open++;
		return;
	}
	if (kind) {
		const char *t = m, *at;

		scan_close(sc);
		memset(&sc->cur, 0, sizeof(sc->cur));
		snprintf(sc->cur.kind, sizeof(sc->cur.kind), "%s", kind);
		/* "WARNING: CPU: 0 PID: 1 at fs/xfs/xfs_iops.c:3 f+0x1/0x2" */
		if (starts_with(m, "WARNING: CPU: ") &&
		    (at = strstr(m, " at ")))
			t = at + 4;
		snprintf(sc->cur.title, sizeof(sc->cur.title), "%s", t);
		if (t != m && (fs = boot_fs_of_frame(t))) {
			snprintf(sc->cur.fs, sizeof(sc->cur.fs), "%s", fs);
			sc->cur.by_stack = true;
		}
		sc->open = 0;
		return;
	}
	if (sc->open < 0)
		return;
	sc->open++;
	if (strstr(m, "---[ end trace") || sc->open > 400) {
		scan_close(sc);
		return;
	}
	/* stack frames look like " func+0x1a/0x40" */
	if (!sc->cur.fs[0] && strstr(m, "+0x") && (fs = boot_fs_of_frame(m))) {
		snprintf(sc->cur.fs, sizeof(sc->cur.fs), "%s", fs);
		sc->cur.by_stack = true;
	}
}

static struct boot_fs *fs_row(struct boot_console *bc, const char *name)
{
	for (int i = 0; i < bc->nfs; i++)
		if (!strcmp(bc->fs[i].name, name))
			return &bc->fs[i];
	return NULL;
}

static void add_fs_rows(struct boot_console *bc, const char *list)
{
	for (const char *p = list; p && *p && bc->nfs < BOOT_MAX_FS;) {
		size_t len = strcspn(p, ", \n");
		char name[16];

		snprintf(name, sizeof(name), "%.*s", (int)len, p);
		if (len && !fs_row(bc, name))
			snprintf(bc->fs[bc->nfs++].name, sizeof(name), "%s",
				 name);
		p += len;
		if (*p != ',')
			break;
		p++;
	}
}

/* the value of " key=" in a guest line, up to the next space; "" if none */
static void field(const char *line, const char *key, char *out, size_t size)
{
	char pat[32];
	const char *p;

	snprintf(pat, sizeof(pat), " %s=", key);
	p = strstr(line, pat);
	out[0] = '\0';
	if (p) {
		p += strlen(pat);
		snprintf(out, size, "%.*s", (int)strcspn(p, " "), p);
	}
}

/* m is a guest line after the tag, with a space before it in the buffer */
static void guest_line(struct boot_console *bc, struct scan *sc,
		       const char *m, double ts)
{
	const char *sp = m - 1;	/* so that field() finds the first key */
	struct boot_fs *f;
	char v[256];

	if (starts_with(m, "start ")) {
		bc->init_started = true;
		bc->init_at = ts;
		if (!bc->nfs) {
			field(sp, "fs", v, sizeof(v));
			add_fs_rows(bc, v);
		}
	} else if (starts_with(m, "begin ")) {
		field(sp, "fs", v, sizeof(v));
		f = fs_row(bc, v);
		scan_close(sc);
		sc->phase = f ? f->name : "other";
	} else if (starts_with(m, "result ")) {
		const char *c, *e = strstr(m, " error=");

		field(sp, "fs", v, sizeof(v));
		f = fs_row(bc, v);
		if (!f)
			return;
		f->seen = true;
		field(sp, "status", f->status, sizeof(f->status));
		field(sp, "ops", v, sizeof(v));
		f->ops = strtoul(v, NULL, 10);
		field(sp, "secs", v, sizeof(v));
		f->secs = strtod(v, NULL);
		field(sp, "splats", v, sizeof(v));
		f->guest_splats = atoi(v);
		/* the op counts run from after splats= up to error= */
		c = strstr(m, " splats=");
		c = c ? strchr(c + 1, ' ') : NULL;
		if (c && (!e || c < e))
			snprintf(f->counts, sizeof(f->counts), "%.*s",
				 (int)(e ? e - c - 1 : (long)strlen(c + 1)),
				 c + 1);
		if (e)
			snprintf(f->error, sizeof(f->error), "%s", e + 7);
	} else if (starts_with(m, "end")) {
		scan_close(sc);
		bc->finished = true;
		sc->phase = "end";
	}
}

int boot_parse_console(const char *path, const char *fs_list,
		       struct boot_console *bc)
{
	struct buf b = BUF_INIT;
	struct scan sc = { .bc = bc, .open = -1, .phase = "boot" };
	char *line, *next;

	memset(bc, 0, sizeof(*bc));
	add_fs_rows(bc, fs_list);
	if (buf_read_file(&b, path)) {
		if (errno != ENOENT)
			return error("cannot read '%s':", path);
		return 0;	/* no console: nothing booted */
	}
	for (line = b.data; *line; line = next) {
		double ts = 0;
		char *m = line, *e;

		next = line + strcspn(line, "\n");
		if (*next)
			*next++ = '\0';
		e = m + strlen(m);
		while (e > m && (e[-1] == '\r' || e[-1] == ' '))
			*--e = '\0';
		/* "[    1.234567] message" */
		if (m[0] == '[' && (e = strchr(m, ']'))) {
			ts = strtod(m + 1, NULL);
			m = e + 1;
			while (*m == ' ')
				m++;
		}
		if (starts_with(m, TAG)) {
			guest_line(bc, &sc, m + strlen(TAG), ts);
			continue;
		}
		if (strstr(m, "Linux version "))
			bc->booted = true;
		if (starts_with(m, "Kernel panic - not syncing") &&
		    !bc->panic[0])
			snprintf(bc->panic, sizeof(bc->panic), "%s", m);
		scan_line(&sc, m);
	}
	scan_close(&sc);
	for (int i = 0; i < bc->nsplats; i++) {
		struct boot_fs *f = fs_row(bc, bc->splats[i].fs);

		if (f)
			f->splats++;
		else
			bc->other_splats++;
	}
	buf_release(&b);
	return 0;
}

void boot_console_release(struct boot_console *bc)
{
	if (bc->nsplats)
		free(bc->splats);
	memset(bc, 0, sizeof(*bc));
}

/* ---- verdicts and the report ------------------------------------------- */

static bool fs_pass(const struct boot_fs *f)
{
	return f->seen && !strcmp(f->status, "ok") && !f->splats;
}

static const char *fs_verdict(const struct kernel *k, const struct boot_fs *f)
{
	if (!k->ran)
		return "-";
	return fs_pass(f) ? "pass" : "fail";
}

static double ops_per_sec(const struct boot_fs *f)
{
	return f->secs > 0 ? f->ops / f->secs : 0;
}

/* a kernel passes when it ran every filesystem clean */
static bool kernel_pass(const struct kernel *k)
{
	if (!k->ran || k->error || k->bc.other_splats)
		return false;
	for (int i = 0; i < k->bc.nfs; i++)
		if (!fs_pass(&k->bc.fs[i]))
			return false;
	return true;
}

/* the control must fail, and by a splat in one of its filesystems */
static bool control_failed(const struct kernel *k)
{
	if (!k->ran)
		return false;
	for (int i = 0; i < k->bc.nsplats; i++)
		if (list_has(k->fs, k->bc.splats[i].fs))
			return true;
	return false;
}

static void md_fs_cells(struct buf *o, const struct kernel *k,
			const struct boot_fs *f)
{
	if (!k->ran || !f) {
		buf_adds(o, " - | - | - | - |");
		return;
	}
	buf_addf(o, " %lu | %.0f | %d | %s", f->ops, ops_per_sec(f),
		 f->splats, fs_verdict(k, f));
	if (!f->seen)
		buf_adds(o, " (no result)");
	else if (strcmp(f->status, "ok"))
		buf_addf(o, " (%s)", f->status);
	buf_adds(o, " |");
}

static bool same_splat(const struct boot_splat *a, const struct boot_splat *b)
{
	return a->by_stack == b->by_stack && !strcmp(a->fs, b->fs) &&
	       !strcmp(a->kind, b->kind) && !strcmp(a->title, b->title);
}

/* the splats of one kernel, the same report repeated counted once */
static void md_splats(struct buf *o, const struct kernel *k)
{
	const struct boot_console *bc = &k->bc;

	if (!k->ran || !bc->nsplats)
		return;
	buf_addf(o, "\nSplats on the %s kernel (%d):\n\n", role_names[k->role],
		 bc->nsplats);
	for (int i = 0; i < bc->nsplats; i++) {
		const struct boot_splat *s = &bc->splats[i];
		int n = 0, j;

		for (j = 0; j < i && !same_splat(&bc->splats[j], s); j++)
			;
		if (j < i)
			continue;	/* listed with its first occurrence */
		for (j = i; j < bc->nsplats; j++)
			n += same_splat(&bc->splats[j], s);
		buf_addf(o, "- %s (%s) %s", s->fs,
			 s->by_stack ? "by stack" : "by phase", s->kind);
		if (n > 1)
			buf_addf(o, ", %d times", n);
		buf_addf(o, ": `%s`\n", s->title);
	}
}

static const char *secs(long long ms, char *space, size_t size)
{
	if (ms <= 0)
		snprintf(space, size, "-");
	else
		snprintf(space, size, "%lld.%llds", ms / 1000, ms % 1000 / 100);
	return space;
}

static void write_markdown(struct boot_test *bt, bool ok, const char *why)
{
	struct kernel *b = &bt->k[ROLE_BEFORE], *a = &bt->k[ROLE_AFTER];
	struct kernel *c = &bt->k[ROLE_CONTROL];
	struct boot_console *rows = a->ran ? &a->bc : &b->bc;
	char *path = path_join(bt->out, "REPORT.md"), t1[32], t2[32];
	struct buf o = BUF_INIT;

	buf_addf(&o, "# fsconv boot-test\n\nVerdict: **%s**: %s.\n\n",
		 ok ? "PASS" : "FAIL", why);
	buf_addf(&o, "Stress: %d s and %d threads per filesystem. "
		 "Operations are the syscalls the stress threads completed "
		 "(getdents64, create, unlink, rename, stat, mkdir, fork); "
		 "splats are WARNING, BUG, lockdep, KASAN and oops reports, "
		 "put on a filesystem by the first stack frame that names one, "
		 "else by the phase they came in.\n\n", bt->seconds,
		 bt->threads);
	buf_adds(&o, "| filesystem | before ops | before ops/s | before splats"
		 " | before | after ops | after ops/s | after splats | after |"
		 " ops/s change |\n|---|---:|---:|---:|---|---:|---:|---:|---|"
		 "---:|\n");
	for (int i = 0; i < rows->nfs; i++) {
		const char *name = rows->fs[i].name;
		struct boot_fs *fb = b->ran ? fs_row(&b->bc, name) : NULL;
		struct boot_fs *fa = a->ran ? fs_row(&a->bc, name) : NULL;

		buf_addf(&o, "| %s |", name);
		md_fs_cells(&o, b, fb);
		md_fs_cells(&o, a, fa);
		if (fb && fa && ops_per_sec(fb) > 0 && fa->seen)
			buf_addf(&o, " %+.1f%% |\n",
				 100.0 * (ops_per_sec(fa) - ops_per_sec(fb)) /
					 ops_per_sec(fb));
		else
			buf_adds(&o, " - |\n");
	}
	if ((b->ran && b->bc.other_splats) || (a->ran && a->bc.other_splats))
		buf_addf(&o, "| (outside the stress) | | | %d | | | | %d | | "
			 "|\n", b->bc.other_splats, a->bc.other_splats);

	buf_addf(&o, "\n## Negative control\n\n`%s` on the %s tree, run on "
		 "%s: it must produce a splat and fail.\n\n", bt->control,
		 bt->control_base, bt->control_fs);
	if (c->ran) {
		buf_adds(&o, "| filesystem | ops | ops/s | splats | verdict |\n"
			 "|---|---:|---:|---:|---|\n");
		for (int i = 0; i < c->bc.nfs; i++) {
			buf_addf(&o, "| %s |", c->bc.fs[i].name);
			md_fs_cells(&o, c, &c->bc.fs[i]);
			buf_adds(&o, "\n");
		}
		buf_addf(&o, "\nResult: %s.\n",
			 control_failed(c) ? "failed, as it must"
					   : "DID NOT FAIL: the test cannot "
					     "catch this bug");
		md_splats(&o, c);
	} else if (!c->wanted) {
		buf_adds(&o, "Not requested (--kernels).\n");
	} else {
		buf_addf(&o, "Not run%s%s.\n", c->error ? ": " : "",
			 c->error ? c->error : "");
	}

	buf_adds(&o, "\n## Kernels\n\n| kernel | source | commit | tree | "
		 "cache key | build | accel | boot to init | qemu run | "
		 "result |\n|---|---|---|---|---|---|---|---|---|---|\n");
	for (int r = 0; r < ROLE_NR; r++) {
		struct kernel *k = &bt->k[r];

		if (!k->wanted)
			continue;
		buf_addf(&o, "| %s | %s | %.12s | %.12s | %s | %s | %s | ",
			 role_names[r], k->spec ? k->spec : "-",
			 k->target ? k->target : "-",
			 k->tree_id ? k->tree_id : "-", k->key ? k->key : "-",
			 k->cached ? "cached"
				   : secs(k->build_ms, t1, sizeof(t1)),
			 k->accel ? k->accel : "-");
		if (k->bc.init_started)
			buf_addf(&o, "%.1fs", k->bc.init_at);
		else
			buf_adds(&o, "-");
		buf_addf(&o, " | %s | %s |\n", secs(k->run_ms, t2, sizeof(t2)),
			 k->error ? k->error : k->ran ? "ran" : "not run");
	}
	md_splats(&o, b);
	md_splats(&o, a);
	buf_adds(&o, "\nFiles here: `config` (the config of the first "
		 "kernel, `config-<kernel>` for each), `config.fragment` "
		 "(what is added to tinyconfig), `console-<kernel>.log` "
		 "(the full serial console), `build-<kernel>.log`, "
		 "`qemu-<kernel>.log`, `report.json`.\n");
	write_file_atomic(path, o.data, o.len);
	buf_release(&o);
	free(path);
}

static void json_double(struct json *j, const char *key, const char *fmt,
			double v)
{
	char num[64];

	snprintf(num, sizeof(num), fmt, v);
	json_raw(j, key, num);
}

static void json_kernel(struct json *j, const struct kernel *k)
{
	json_open(j, NULL, '{');
	json_str(j, "role", role_names[k->role]);
	json_str(j, "source", k->spec);
	json_str(j, "commit", k->target);
	json_str(j, "tree", k->tree_id);
	json_str(j, "key", k->key);
	json_bool(j, "cached", k->cached);
	json_int(j, "build_ms", k->build_ms);
	json_int(j, "run_ms", k->run_ms);
	json_str(j, "accel", k->accel);
	json_bool(j, "ran", k->ran);
	json_bool(j, "booted", k->bc.booted);
	json_double(j, "init_at", "%.3f", k->bc.init_at);
	json_bool(j, "finished", k->bc.finished);
	json_str(j, "error", k->error);
	json_open(j, "filesystems", '[');
	for (int i = 0; i < k->bc.nfs; i++) {
		const struct boot_fs *f = &k->bc.fs[i];

		json_open(j, NULL, '{');
		json_str(j, "name", f->name);
		json_str(j, "status", f->seen ? f->status : "no result");
		json_int(j, "ops", (long long)f->ops);
		json_double(j, "secs", "%.2f", f->secs);
		json_double(j, "ops_per_sec", "%.1f", ops_per_sec(f));
		json_int(j, "splats", f->splats);
		json_int(j, "guest_splats", f->guest_splats);
		json_str(j, "verdict", fs_verdict(k, f));
		json_str(j, "counts", f->counts);
		json_str(j, "error", f->error);
		json_close(j, '}');
	}
	json_close(j, ']');
	json_int(j, "other_splats", k->bc.other_splats);
	json_open(j, "splats", '[');
	for (int i = 0; i < k->bc.nsplats; i++) {
		const struct boot_splat *s = &k->bc.splats[i];

		json_open(j, NULL, '{');
		json_str(j, "fs", s->fs);
		json_str(j, "by", s->by_stack ? "stack" : "phase");
		json_str(j, "kind", s->kind);
		json_str(j, "title", s->title);
		json_close(j, '}');
	}
	json_close(j, ']');
	json_close(j, '}');
}

static void write_json(struct boot_test *bt, bool ok, const char *why)
{
	struct buf o = BUF_INIT;
	char *path = path_join(bt->out, "report.json");
	struct json j;

	json_init(&j, &o);
	json_open(&j, NULL, '{');
	json_str(&j, "verdict", ok ? "pass" : "fail");
	json_str(&j, "reason", why);
	json_int(&j, "seconds", bt->seconds);
	json_int(&j, "threads", bt->threads);
	json_str(&j, "control", bt->control);
	json_bool(&j, "control_failed", control_failed(&bt->k[ROLE_CONTROL]));
	json_open(&j, "kernels", '[');
	for (int r = 0; r < ROLE_NR; r++)
		if (bt->k[r].wanted)
			json_kernel(&j, &bt->k[r]);
	json_close(&j, ']');
	json_close(&j, '}');
	buf_addch(&o, '\n');
	write_file_atomic(path, o.data, o.len);
	buf_release(&o);
	free(path);
}

static void print_summary(struct boot_test *bt)
{
	printf("%-10s %-8s %10s %10s %7s  %s\n", "filesystem", "kernel", "ops",
	       "ops/s", "splats", "verdict");
	for (int r = 0; r < ROLE_NR; r++) {
		struct kernel *k = &bt->k[r];

		if (!k->wanted)
			continue;
		if (!k->ran) {
			printf("%-10s %-8s %10s %10s %7s  %s\n", "-",
			       role_names[r], "-", "-", "-", "not run");
			continue;
		}
		for (int i = 0; i < k->bc.nfs; i++) {
			struct boot_fs *f = &k->bc.fs[i];

			printf("%-10s %-8s %10lu %10.0f %7d  %s%s%s%s\n",
			       f->name, role_names[r], f->ops, ops_per_sec(f),
			       f->splats, fs_verdict(k, f),
			       r == ROLE_CONTROL ? " (must fail)" : "",
			       f->error[0] ? ": " : "", f->error);
		}
		if (k->bc.other_splats)
			printf("%-10s %-8s %10s %10s %7d  fail\n", "(other)",
			       role_names[r], "-", "-", k->bc.other_splats);
	}
}

/* ---- the command ------------------------------------------------------- */

static int check_tools(struct boot_test *bt)
{
	static const struct {
		const char *prog, *pkg;
	} tools[] = {
		{ "qemu-system-x86_64", "qemu-system-x86" },
		{ "mkfs.xfs", "xfsprogs" },
		{ "gcc", "gcc" },
		{ "make", "make" },
		{ "git", "git" },
	};
	bool xfs = list_has(bt->fs, "xfs") ||
		   (list_has(bt->kernels, "control") &&
		    list_has(bt->control_fs, "xfs"));

	for (size_t i = 0; i < ARRAY_SIZE(tools); i++) {
		char *p;

		if (!strcmp(tools[i].prog, "mkfs.xfs") && !xfs)
			continue;
		p = find_program(tools[i].prog);
		if (!p)
			return error("'%s' not found: install %s (make deps)",
				     tools[i].prog, tools[i].pkg);
		free(p);
	}
	return 0;
}

/* one boot-test at a time per build/boot; the lock lives until exit */
static int lock_work(const char *work)
{
	char *path = path_join(work, "lock");
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);

	if (fd < 0 || flock(fd, LOCK_EX | LOCK_NB)) {
		error("another boot-test is using '%s'", work);
		if (fd >= 0)
			close(fd);
		fd = -1;
	}
	free(path);
	return fd;
}

static void reparse(struct boot_test *bt)
{
	for (int r = 0; r < ROLE_NR; r++) {
		struct kernel *k = &bt->k[r];
		char *console = xasprintf("%s/console-%s.log", bt->out,
					  role_names[r]);

		k->role = (enum role)r;
		k->fs = r == ROLE_CONTROL ? bt->control_fs : bt->fs;
		k->wanted = is_file(console);
		if (k->wanted && !boot_parse_console(console, NULL, &k->bc)) {
			k->ran = true;
			if (!k->bc.finished)
				k->error = xstrdup("the guest did not finish");
		}
		free(console);
	}
}

/* the overall verdict, with its reason in why */
static bool judge(struct boot_test *bt, struct buf *why)
{
	bool ok = true;

	for (int r = 0; r < ROLE_NR; r++) {
		struct kernel *k = &bt->k[r];

		if (!k->wanted ||
		    (r == ROLE_CONTROL ? control_failed(k) : kernel_pass(k)))
			continue;
		ok = false;
		if (why->len)
			buf_adds(why, "; ");
		if (r == ROLE_CONTROL && k->ran)
			buf_adds(why, "the negative control produced no splat");
		else if (k->error)
			buf_adds(why, k->error);
		else if (!k->ran)
			buf_addf(why, "the %s kernel did not run",
				 role_names[r]);
		else
			buf_addf(why, "the %s kernel shows splats or failed "
				 "filesystems", role_names[r]);
	}
	if (ok && bt->k[ROLE_CONTROL].wanted)
		buf_adds(why, "every kernel ran its filesystems clean and the "
			 "negative control failed, as it must");
	else if (ok)
		buf_adds(why, "every kernel ran its filesystems clean (no "
			 "negative control was run)");
	return ok;
}

static void check_list(const char *what, const char *list,
		       const char *const *names, size_t n)
{
	for (const char *p = list; *p;) {
		size_t len = strcspn(p, ",");
		bool known = false;

		for (size_t i = 0; i < n; i++)
			known |= len == strlen(names[i]) &&
				 !strncmp(p, names[i], len);
		if (!known)
			die("unknown %s '%.*s'", what, (int)len, p);
		p += len + (p[len] == ',');
	}
}

int cmd_boot_test(int argc, const char **argv)
{
	static const char *const usage[] = {
		"fsconv boot-test [--before REV|DIR] [--after REV|DIR] "
		"[--series DIR]... [--fs LIST] [--seconds N] [--short]",
		NULL,
	};
	static const char *const fs_names[] = { "tmpfs", "proc", "xfs",
						"overlay", "fuse" };
	struct boot_test bt = {
		.threads = 12, .memory = 2048, .cpus = 2, .accel = "auto",
		.before = "base", .control_base = "after",
		.series = STRVEC_INIT, .before_patches = STRVEC_INIT,
	};
	struct option options[] = {
		OPT_STRING(0, "before", &bt.before, "REV|DIR",
			   "the tree before conversion (default: tag 'base' "
			   "of --tree)"),
		OPT_STRING(0, "after", &bt.after, "REV|DIR",
			   "the converted tree (default: --tree HEAD plus "
			   "every series under the output directory)"),
		OPT_STRVEC(0, "series", &bt.series, "DIR",
			   "apply this format-patch series to the after tree "
			   "(repeatable)"),
		OPT_STRVEC(0, "before-patch", &bt.before_patches, "PATCH",
			   "apply this patch to the before tree (repeatable; "
			   "e.g. tests/boot/before-6.12-d_add_ci-wait-queue."
			   "patch)"),
		OPT_BOOL(0, "no-series", &bt.no_series,
			 "do not apply the generated series"),
		OPT_STRING(0, "kernels", &bt.kernels, "LIST",
			   "which of before,after,control to run (default: "
			   "all three)"),
		OPT_STRING(0, "fs", &bt.fs, "LIST",
			   "filesystems to stress (default: "
			   "tmpfs,proc,xfs,overlay,fuse)"),
		OPT_INT(0, "seconds", &bt.seconds, "N",
			"stress time per filesystem (default: 10)"),
		OPT_INT(0, "threads", &bt.threads, "N",
			"stress threads per filesystem (default: 12)"),
		OPT_STRING(0, "control", &bt.control, "PATCH",
			   "the negative control (default: "
			   "tests/boot/negative-control.patch)"),
		OPT_STRING(0, "control-base", &bt.control_base,
			   "before|after",
			   "the tree the control goes on (default: after)"),
		OPT_STRING(0, "control-fs", &bt.control_fs, "LIST",
			   "filesystems the control runs (default: xfs)"),
		OPT_STRING(0, "accel", &bt.accel, "auto|kvm|tcg",
			   "qemu accelerator (default: kvm if it starts a "
			   "guest, else tcg)"),
		OPT_INT(0, "memory", &bt.memory, "MB",
			"guest memory (default: 2048)"),
		OPT_INT(0, "cpus", &bt.cpus, "N", "guest CPUs (default: 2)"),
		OPT_INT(0, "timeout", &bt.timeout, "SECS",
			"kill qemu after this long (default: from --seconds)"),
		OPT_BOOL(0, "short", &bt.short_form,
			 "the make check form: xfs for 3 seconds, the after "
			 "kernel and the control"),
		OPT_STRING(0, "report-dir", &bt.report_dir, "DIR",
			   "write logs and reports here (default: the output "
			   "directory's boot/)"),
		OPT_BOOL(0, "reparse", &bt.reparse,
			 "only re-read the console logs and rewrite the "
			 "report"),
		OPT_END(),
	};
	struct buf why = BUF_INIT;
	int lockfd = -1, ret = EXIT_FOUND, configs = 0;
	bool ok;

	argc = parse_options(argc, argv, options, usage, 0);
	if (argc)
		die("boot-test takes no arguments");
	if (!bt.fs)
		bt.fs = bt.short_form ? "xfs" : default_fs;
	if (!bt.seconds)
		bt.seconds = bt.short_form ? 3 : 10;
	if (!bt.kernels)
		bt.kernels = bt.short_form ? "after,control"
					   : "before,after,control";
	if (!bt.control_fs)
		bt.control_fs = "xfs";
	if (bt.control)
		bt.control = absolute(bt.control);
	else
		bt.control = path_join(fsconv_home(),
				       "tests/boot/negative-control.patch");
	for (size_t i = 0; i < bt.before_patches.n; i++)
		if (!is_file(bt.before_patches.v[i]))
			die("cannot read before patch '%s'",
			    bt.before_patches.v[i]);
	check_list("kernel", bt.kernels, role_names, ROLE_NR);
	check_list("filesystem", bt.fs, fs_names, ARRAY_SIZE(fs_names));
	check_list("filesystem", bt.control_fs, fs_names, ARRAY_SIZE(fs_names));
	if (strcmp(bt.control_base, "before") &&
	    strcmp(bt.control_base, "after"))
		die("--control-base must be 'before' or 'after', not '%s'",
		    bt.control_base);
	if (strcmp(bt.accel, "auto") && strcmp(bt.accel, "kvm") &&
	    strcmp(bt.accel, "tcg"))
		die("--accel must be auto, kvm or tcg, not '%s'", bt.accel);
	if (bt.threads < 1 || bt.cpus < 1 || bt.memory < 256)
		die("--threads and --cpus must be positive and --memory at "
		    "least 256");

	bt.out = bt.report_dir ? xstrdup(bt.report_dir)
			       : path_join(opts.out, "boot");
	if (mkdirs(bt.out, 0755)) {
		error("cannot create '%s':", bt.out);
		return EXIT_USAGE;
	}
	if (bt.reparse) {
		reparse(&bt);
		goto report;
	}
	if (check_tools(&bt))
		return EXIT_USAGE;
	if (!is_git_repo(opts.tree)) {
		error("tree '%s' is not a git repository (make tree builds the "
		      "reference tree)", opts.tree);
		return EXIT_USAGE;
	}
	if (list_has(bt.kernels, "control") && !is_file(bt.control)) {
		error("negative control '%s' is missing", bt.control);
		return EXIT_USAGE;
	}
	bt.work = path_join(fsconv_home(), "build/boot");
	if (mkdirs(bt.work, 0755)) {
		error("cannot create '%s':", bt.work);
		return EXIT_USAGE;
	}
	/* only reads the trees: bad revisions fail before anything waits */
	if (plan_kernels(&bt))
		return EXIT_USAGE;
	lockfd = lock_work(bt.work);
	if (lockfd < 0)
		return EXIT_USAGE;
	{
		struct buf f = BUF_INIT;
		char *p = path_join(bt.out, "config.fragment");

		for (size_t i = 0; i < ARRAY_SIZE(boot_config); i++)
			buf_addf(&f, "%s\n", boot_config[i]);
		bt.fragment = buf_detach(&f);
		write_file_atomic(p, bt.fragment, strlen(bt.fragment));
		free(p);
	}
	if (make_initrd(&bt))
		goto done;

	for (int r = 0; r < ROLE_NR; r++) {
		struct kernel *k = &bt.k[r];
		char *c1, *c2;

		if (!k->wanted)
			continue;
		if (prepare_target(&bt, k)) {
			k->error = xasprintf("the %s tree cannot be prepared",
					     role_names[r]);
			continue;
		}
		if (k->cached && !opts.quiet)
			printf("boot-test: the %s kernel is cached (%s)\n",
			       role_names[r], k->key);
		if (!k->cached && build_kernel(&bt, k))
			continue;
		c1 = xasprintf("%s/kernels/%s/config", bt.work, k->key);
		c2 = xasprintf("%s/config-%s", bt.out, role_names[r]);
		copy_file(c1, c2);
		free(c2);
		/* "config": the first kernel's; they differ in sources only */
		c2 = path_join(bt.out, "config");
		if (!configs++)
			copy_file(c1, c2);
		free(c1);
		free(c2);
		k->built = true;
	}
	boot_built(&bt);
report:
	ok = judge(&bt, &why);
	write_markdown(&bt, ok, why.data);
	write_json(&bt, ok, why.data);
	if (!opts.quiet)
		print_summary(&bt);
	printf("boot-test: %s: %s (report '%s/REPORT.md')\n",
	       ok ? "pass" : "fail", why.data, bt.out);
	ret = ok ? EXIT_OK : EXIT_FOUND;
done:
	buf_release(&why);
	if (lockfd >= 0)
		close(lockfd);
	return ret;
}
