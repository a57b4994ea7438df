// SPDX-License-Identifier: GPL-2.0
/*
 * /init of the `fsconv boot-test` guest: a static program, no shell.
 *
 * For each filesystem named on the kernel command line (fsconv.fs=...) it
 * runs a bounded stress in a child process: threads list a directory with
 * getdents64 while others create, unlink, rename and stat names in it, so
 * that readdir-time dcache priming, ->lookup, d_add_ci and the whiteout
 * path race each other.  Afterwards it reads the kernel log and reports
 * every WARNING, BUG, lockdep and KASAN report, attributed to a filesystem
 * when a stack frame names one.  Everything it says goes through /dev/kmsg,
 * so its lines reach the serial console whole and in order with the
 * kernel's; the host parses lines starting "fsconv-boot: ".
 *
 * Build: gcc -static -O2 -pthread -o init stress.c
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/fuse.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define TAG "fsconv-boot: "
#define NNAMES 48		/* names per directory: few, so ops collide */
#define MAX_THREADS 16
#define MAX_SPLATS 32		/* listed per phase; all are counted */

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0)
#define RENAME_EXCHANGE (1 << 1)
#define RENAME_WHITEOUT (1 << 2)
#endif

enum op {
	OP_GETDENTS, OP_CREATE, OP_UNLINK, OP_RENAME, OP_STAT, OP_MKDIR,
	OP_FORK, OP_OTHER, OP_READDIRPLUS, OP_NR
};

static const char *const op_names[OP_NR] = {
	"getdents", "create", "unlink", "rename", "stat", "mkdir", "fork",
	"other", "readdirplus",
};

/* shared with the phase child, so a hung child still reports its work */
struct shared {
	atomic_ulong ops[OP_NR];
	atomic_ulong errors;
	atomic_int stop;
	atomic_int last_pid;
	double secs;		/* length of the stress window */
	char error[256];	/* setup failure, reported as status=error */
};

static struct shared *sh;
static int kmsg_w = -1, kmsg_r = -1;
static int opt_secs = 10, opt_threads = 8;
static char opt_fs[256] = "tmpfs,proc,xfs,overlay,fuse";

/* ---- output ------------------------------------------------------------ */

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
	char line[900];
	va_list ap;
	int n;

	n = snprintf(line, sizeof(line), TAG);
	va_start(ap, fmt);
	n += vsnprintf(line + n, sizeof(line) - n - 1, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(line) - 2)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	if (kmsg_w < 0 || write(kmsg_w, line, n) < 0)
		if (write(2, line, n) < 0)
			return;
}

/* a setup failure inside the phase child: recorded, reported by init */
static int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int fail(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	vsnprintf(sh->error, sizeof(sh->error), fmt, ap);
	va_end(ap);
	n = strlen(sh->error);
	if (n && sh->error[n - 1] == ':')
		snprintf(sh->error + n, sizeof(sh->error) - n, " %s",
			 strerror(saved));
	return 1;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void count(enum op op)
{
	atomic_fetch_add_explicit(&sh->ops[op], 1, memory_order_relaxed);
}

static bool stopping(void)
{
	return atomic_load_explicit(&sh->stop, memory_order_relaxed);
}

static uint32_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return (uint32_t)(*s >> 11);
}

/* ---- the kernel log ---------------------------------------------------- */

/* a filesystem by the first stack frame or source path naming it */
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

static const char *fs_of_frame(const char *s)
{
	while (*s == ' ' || *s == '?')
		s++;
	for (size_t i = 0; i < sizeof(fs_frames) / sizeof(fs_frames[0]); i++)
		if (!strncmp(s, fs_frames[i].prefix,
			     strlen(fs_frames[i].prefix)))
			return fs_frames[i].fs;
	return NULL;
}

/* the kind of report a kernel log line opens, or NULL */
static const char *splat_kind(const char *m)
{
	if (!strncmp(m, "BUG: KASAN: ", 12) ||
	    !strncmp(m, "KASAN: ", 7))
		return "kasan";
	if (!strncmp(m, "BUG: sleeping function called", 29) ||
	    !strncmp(m, "BUG: scheduling while atomic", 28))
		return "atomic-sleep";
	if (!strncmp(m, "WARNING: CPU: ", 14))
		return "warning";
	if (!strncmp(m, "WARNING: ", 9) || !strncmp(m, "INFO: possible ", 15))
		return strstr(m, "lock") || strstr(m, "RCU") ? "lockdep"
							    : "warning";
	if (!strncmp(m, "BUG: ", 5) || !strncmp(m, "kernel BUG at ", 14) ||
	    !strncmp(m, "watchdog: BUG: ", 15))
		return "bug";
	if (!strncmp(m, "Oops: ", 6) ||
	    !strncmp(m, "general protection fault", 24))
		return "oops";
	if (!strncmp(m, "Kernel panic - not syncing", 26))
		return "panic";
	if (!strncmp(m, "INFO: task ", 11) && strstr(m, "blocked for more"))
		return "hung-task";
	if (!strncmp(m, "sysrq: Show Blocked State", 25))
		return "hung";
	if (!strncmp(m, "UBSAN: ", 7))
		return "ubsan";
	return NULL;
}

struct splat {
	char kind[16];
	char fs[16];
	bool by_stack;
	char title[160];
};

struct scan {
	struct splat list[MAX_SPLATS];
	int n;			/* all splats, even those not listed */
	int open;		/* lines into the current splat, -1: none */
	struct splat cur;
};

static void scan_close(struct scan *sc, const char *phase)
{
	if (sc->open < 0)
		return;
	if (!sc->cur.fs[0])
		snprintf(sc->cur.fs, sizeof(sc->cur.fs), "%s", phase);
	if (sc->n < MAX_SPLATS)
		sc->list[sc->n] = sc->cur;
	sc->n++;
	sc->open = -1;
}

static void scan_line(struct scan *sc, const char *m, const char *phase)
{
	const char *kind = splat_kind(m), *fs;

	/*
	 * An oops, a panic or a bare "KASAN:" line right after another header
	 * is part of the same report.
	 */
	if (kind && sc->open >= 0 && sc->open < 40 &&
	    (!strcmp(kind, "oops") || !strcmp(kind, "panic") ||
	     !strncmp(m, "KASAN: ", 7))) {
		if (!strcmp(kind, "kasan"))
			snprintf(sc->cur.kind, sizeof(sc->cur.kind), "kasan");
		sc->open++;
		return;
	}
	if (kind) {
		const char *t = m, *at;

		scan_close(sc, phase);
		memset(&sc->cur, 0, sizeof(sc->cur));
		snprintf(sc->cur.kind, sizeof(sc->cur.kind), "%s", kind);
		if (!strncmp(m, "WARNING: CPU: ", 14) &&
		    (at = strstr(m, " at ")))
			t = at + 4;
		snprintf(sc->cur.title, sizeof(sc->cur.title), "%s", t);
		/* "WARNING: CPU: 0 PID: 1 at fs/xfs/xfs_iops.c:3 f+0x1/0x2" */
		if (t != m && (fs = fs_of_frame(t))) {
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
		scan_close(sc, phase);
		return;
	}
	/* stack frames look like " func+0x1a/0x40" */
	if (!sc->cur.fs[0] && strstr(m, "+0x") && (fs = fs_of_frame(m))) {
		snprintf(sc->cur.fs, sizeof(sc->cur.fs), "%s", fs);
		sc->cur.by_stack = true;
	}
}

/* read every new kernel log record; our own lines are skipped */
static void scan_kmsg(struct scan *sc, const char *phase)
{
	char rec[8192];
	ssize_t n;

	if (kmsg_r < 0)
		return;
	for (;;) {
		char *msg, *nl;

		n = read(kmsg_r, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)
			continue;	/* overwritten records: go on */
		if (n <= 0)
			break;
		rec[n] = '\0';
		msg = strchr(rec, ';');
		if (!msg)
			continue;
		msg++;
		nl = strchr(msg, '\n');
		if (nl)
			*nl = '\0';
		if (!strncmp(msg, TAG, strlen(TAG)))
			continue;
		scan_line(sc, msg, phase);
	}
}

static int report_splats(struct scan *sc, const char *phase)
{
	scan_close(sc, phase);
	for (int i = 0; i < sc->n && i < MAX_SPLATS; i++)
		say("splat phase=%s fs=%s by=%s kind=%s title=%s", phase,
		    sc->list[i].fs, sc->list[i].by_stack ? "stack" : "phase",
		    sc->list[i].kind, sc->list[i].title);
	return sc->n;
}

/* ---- names and the generic directory stress ---------------------------- */

struct dir_stress {
	const char *dir;	/* the directory the threads work in */
	const char *side_dir;	/* overlay: its upper layer */
	bool ci;		/* xfs ascii-ci: names in random case */
	bool whiteout;		/* rename may use RENAME_WHITEOUT */
	bool dirs;		/* mkdir/rmdir are part of the mix */
	bool drop_caches;	/* evict dentries so d_add_ci must allocate */
};

struct worker {
	pthread_t tid;
	const struct dir_stress *ds;
	void *(*fn)(void *);
	uint64_t seed;
	int idx;
};

/* "name07" of the first range names, in a random case if case is ignored */
static void pick_name(char *buf, size_t size, const char *dir, uint64_t *s,
		      bool ci, unsigned int range)
{
	char base[16];
	size_t n;

	snprintf(base, sizeof(base), "name%02u", rnd(s) % range);
	if (ci)
		for (char *p = base; *p; p++)
			if (rnd(s) & 1)
				*p = (char)toupper((unsigned char)*p);
	n = snprintf(buf, size, "%s/%s", dir, base);
	(void)n;
}

static long getdents_all(const char *path)
{
	char buf[4096];
	long n, total = 0;
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0) {
		atomic_fetch_add(&sh->errors, 1);
		return -1;
	}
	do {
		n = syscall(SYS_getdents64, fd, buf, sizeof(buf));
		count(OP_GETDENTS);
		if (n > 0)
			total += n;
	} while (n > 0 && !stopping());
	close(fd);
	return total;
}

static void *lister(void *arg)
{
	struct worker *w = arg;

	while (!stopping()) {
		getdents_all(w->ds->dir);
		if (w->ds->side_dir && (w->idx & 1))
			getdents_all(w->ds->side_dir);
	}
	return NULL;
}

static void one_mutation(const struct dir_stress *ds, const char *dir,
			 uint64_t *s)
{
	char a[256], b[256];
	unsigned int r = rnd(s) % 16;
	int fd;

	pick_name(a, sizeof(a), dir, s, ds->ci, NNAMES);
	pick_name(b, sizeof(b), dir, s, ds->ci, NNAMES);
	if (r < 4) {
		fd = open(a, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0644);
		if (fd >= 0)
			close(fd);
		count(OP_CREATE);
	} else if (r < 7) {
		if (unlink(a) && errno == EISDIR)
			rmdir(a);
		count(OP_UNLINK);
	} else if (r < 11) {
		unsigned int flags = 0;

		switch (rnd(s) % 4) {
		case 1:
			flags = RENAME_NOREPLACE;
			break;
		case 2:
			flags = ds->whiteout ? RENAME_WHITEOUT : 0;
			break;
		case 3:
			flags = RENAME_EXCHANGE;
			break;
		}
		syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, flags);
		count(OP_RENAME);
	} else if (r < 13 && ds->dirs) {
		if (rnd(s) & 1)
			mkdir(a, 0755);
		else
			rmdir(a);
		count(OP_MKDIR);
	} else {
		struct stat st;

		stat(a, &st);
		count(OP_STAT);
	}
}

static void *mutator(void *arg)
{
	struct worker *w = arg;

	while (!stopping())
		one_mutation(w->ds, w->ds->dir, &w->seed);
	return NULL;
}

/* changes the overlay's upper layer underneath the mounted overlay */
static void *side_mutator(void *arg)
{
	struct worker *w = arg;

	while (!stopping())
		one_mutation(w->ds, w->ds->side_dir, &w->seed);
	return NULL;
}

static void *stater(void *arg)
{
	struct worker *w = arg;
	char a[256];
	struct stat st;

	while (!stopping()) {
		unsigned int range = NNAMES;

		/* half go to 4 hot names: case variants meet in d_add_ci() */
		if (w->ds->ci && (rnd(&w->seed) & 1))
			range = 4;
		pick_name(a, sizeof(a), w->ds->dir, &w->seed, w->ds->ci, range);
		stat(a, &st);
		count(OP_STAT);
	}
	return NULL;
}

static void *cache_dropper(void *arg)
{
	(void)arg;
	while (!stopping()) {
		int fd = open("/proc/sys/vm/drop_caches", O_WRONLY | O_CLOEXEC);

		if (fd >= 0) {
			if (write(fd, "2", 1) != 1)
				atomic_fetch_add(&sh->errors, 1);
			close(fd);
		}
		count(OP_OTHER);
		usleep(20000);
	}
	return NULL;
}

static int run_threads(struct worker *w, int n)
{
	double t0;
	int i;

	t0 = now();
	for (i = 0; i < n; i++) {
		w[i].idx = i;
		w[i].seed = 0x9e3779b97f4a7c15ULL * (i + 1) ^
			    (uint64_t)getpid();
		if (pthread_create(&w[i].tid, NULL, w[i].fn, &w[i])) {
			atomic_store(&sh->stop, 1);
			break;
		}
	}
	while (!stopping() && now() - t0 < opt_secs)
		usleep(50000);
	atomic_store(&sh->stop, 1);
	for (int j = 0; j < i; j++)
		pthread_join(w[j].tid, NULL);
	sh->secs = now() - t0;
	return i == n ? 0 : fail("cannot start %d threads", n);
}

static int stress_dir(const struct dir_stress *ds)
{
	struct worker w[MAX_THREADS] = { 0 };
	int n = 0, nthreads = opt_threads;

	if (nthreads < 4)
		nthreads = 4;
	if (nthreads > MAX_THREADS - 2)
		nthreads = MAX_THREADS - 2;
	for (int i = 0; i < nthreads; i++) {
		w[n].ds = ds;
		/* a quarter list, half mutate, a quarter look names up */
		if (i % 4 == 0)
			w[n].fn = lister;
		else if (i % 4 == 3)
			w[n].fn = stater;
		else if (ds->side_dir && i % 4 == 2)
			w[n].fn = side_mutator;
		else
			w[n].fn = mutator;
		n++;
	}
	if (ds->drop_caches)
		w[n++] = (struct worker){ .ds = ds, .fn = cache_dropper };
	return run_threads(w, n);
}

static int mkdir_p(const char *path)
{
	char buf[256];

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(buf, 0755) && errno != EEXIST ? -1 : 0;
}

/* ---- tmpfs ------------------------------------------------------------- */

static int phase_tmpfs(void)
{
	struct dir_stress ds = {
		.dir = "/mnt/tmpfs/d", .whiteout = true, .dirs = true,
	};
	int ret;

	if (mkdir_p("/mnt/tmpfs") ||
	    mount("tmpfs", "/mnt/tmpfs", "tmpfs", 0, "size=64m"))
		return fail("cannot mount tmpfs on '/mnt/tmpfs':");
	if (mkdir(ds.dir, 0755))
		return fail("cannot create '%s':", ds.dir);
	ret = stress_dir(&ds);
	umount2("/mnt/tmpfs", MNT_DETACH);
	return ret;
}

/* ---- proc -------------------------------------------------------------- */

static void *proc_lister(void *arg)
{
	static const char *const dirs[] = {
		"/proc", "/proc/self", "/proc/self/task", "/proc/self/fd",
		"/proc/sys/kernel", "/proc/sys/vm", "/proc/sys/fs", "/proc/1",
	};
	struct worker *w = arg;
	char path[64];

	while (!stopping()) {
		unsigned int r = rnd(&w->seed) % 10;

		if (r < 8) {
			getdents_all(dirs[r]);
		} else {
			/* a process that may be exiting right now */
			snprintf(path, sizeof(path), "/proc/%d",
				 atomic_load(&sh->last_pid));
			getdents_all(path);
		}
	}
	return NULL;
}

static void *proc_forker(void *arg)
{
	struct worker *w = arg;

	while (!stopping()) {
		pid_t pid = fork();

		if (pid == 0) {
			/* live a little, so listings catch us */
			for (volatile int i = 0; i < 20000; i++)
				;
			_exit(0);
		}
		if (pid > 0) {
			atomic_store(&sh->last_pid, pid);
			waitpid(pid, NULL, 0);
		}
		count(OP_FORK);
		(void)w;
	}
	return NULL;
}

static void *proc_thread_body(void *arg)
{
	return arg;
}

/* threads come and go under /proc/self/task */
static void *proc_threader(void *arg)
{
	struct worker *w = arg;

	while (!stopping()) {
		pthread_t t;

		if (!pthread_create(&t, NULL, proc_thread_body, NULL))
			pthread_join(t, NULL);
		count(OP_FORK);
		(void)w;
	}
	return NULL;
}

static void *proc_stater(void *arg)
{
	struct worker *w = arg;
	char path[64];
	struct stat st;

	while (!stopping()) {
		int pid = atomic_load(&sh->last_pid) - (int)(rnd(&w->seed) % 4);

		snprintf(path, sizeof(path), "/proc/%d/status", pid);
		stat(path, &st);
		count(OP_STAT);
	}
	return NULL;
}

static int phase_proc(void)
{
	struct worker w[MAX_THREADS] = { 0 };
	void *(*const fns[])(void *) = {
		proc_lister, proc_forker, proc_stater, proc_threader,
		proc_lister, proc_forker, proc_lister, proc_stater,
	};
	int n = opt_threads < 4 ? 4 : opt_threads;

	if (n > (int)(sizeof(fns) / sizeof(fns[0])))
		n = sizeof(fns) / sizeof(fns[0]);
	for (int i = 0; i < n; i++)
		w[i].fn = fns[i];
	atomic_store(&sh->last_pid, getpid());
	return run_threads(w, n);
}

/* ---- xfs, ascii-ci ----------------------------------------------------- */

static int phase_xfs(void)
{
	struct dir_stress ds = {
		.dir = "/mnt/xfs/d", .ci = true, .dirs = true,
		.drop_caches = true,
	};
	struct stat st;
	int fd, ret;

	if (mkdir_p("/mnt/xfs") ||
	    mount("/dev/vda", "/mnt/xfs", "xfs", 0, NULL))
		return fail("cannot mount xfs from '/dev/vda':");
	if (mkdir(ds.dir, 0755) && errno != EEXIST)
		return fail("cannot create '%s':", ds.dir);
	/* the whole point is d_add_ci: refuse a case-sensitive image */
	fd = open("/mnt/xfs/d/CiProbe", O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
	if (fd < 0)
		return fail("cannot create '/mnt/xfs/d/CiProbe':");
	close(fd);
	if (stat("/mnt/xfs/d/ciPROBE", &st))
		return fail("xfs image is not case-insensitive "
			    "(mkfs.xfs -n version=ci)");
	unlink("/mnt/xfs/d/CiProbe");
	ret = stress_dir(&ds);
	if (umount("/mnt/xfs"))
		umount2("/mnt/xfs", MNT_DETACH);
	return ret;
}

/* ---- overlayfs over tmpfs ---------------------------------------------- */

static int phase_overlay(void)
{
	static const char *const dirs[] = {
		"/mnt/ovl/lower/d", "/mnt/ovl/upper/d", "/mnt/ovl/work",
		"/mnt/ovl/merged",
	};
	struct dir_stress ds = {
		.dir = "/mnt/ovl/merged/d", .side_dir = "/mnt/ovl/upper/d",
		.dirs = true,
	};
	char path[64];
	int ret;

	if (mkdir_p("/mnt/ovl") ||
	    mount("tmpfs", "/mnt/ovl", "tmpfs", 0, "size=64m"))
		return fail("cannot mount tmpfs on '/mnt/ovl':");
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if (mkdir_p(dirs[i]))
			return fail("cannot create '%s':", dirs[i]);
	/* lower entries make the merged directory need a merge and copy-up */
	for (int i = 0; i < NNAMES; i += 2) {
		int fd;

		snprintf(path, sizeof(path), "/mnt/ovl/lower/d/name%02d", i);
		fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
		if (fd < 0)
			return fail("cannot create '%s':", path);
		close(fd);
	}
	if (mount("overlay", "/mnt/ovl/merged", "overlay", 0,
		  "lowerdir=/mnt/ovl/lower,upperdir=/mnt/ovl/upper,"
		  "workdir=/mnt/ovl/work"))
		return fail("cannot mount overlay on '/mnt/ovl/merged':");
	ret = stress_dir(&ds);
	umount2("/mnt/ovl/merged", MNT_DETACH);
	umount2("/mnt/ovl", MNT_DETACH);
	return ret;
}

/* ---- fuse: a flat in-memory filesystem served from this process -------- */

struct fnode {
	uint64_t nodeid;
	uint32_t mode;
};

static struct {
	pthread_mutex_t lock;
	int fd;
	struct fnode slot[NNAMES];	/* nodeid 0: name absent */
	uint64_t next_nodeid;
	uint32_t *modes;		/* by nodeid, for GETATTR of any node */
	size_t nmodes;
} fz = { .lock = PTHREAD_MUTEX_INITIALIZER };

static int fz_slot(const char *name)
{
	unsigned int n;

	if (sscanf(name, "name%2u", &n) != 1 || n >= NNAMES ||
	    strlen(name) != 6)
		return -1;
	return (int)n;
}

static void fz_attr(struct fuse_attr *a, uint64_t nodeid, uint32_t mode)
{
	memset(a, 0, sizeof(*a));
	a->ino = nodeid;
	a->mode = mode;
	a->nlink = S_ISDIR(mode) ? 2 : 1;
	a->blksize = 4096;
}

static uint32_t fz_mode_of(uint64_t nodeid)
{
	if (nodeid == FUSE_ROOT_ID)
		return S_IFDIR | 0755;
	return nodeid < fz.nmodes ? fz.modes[nodeid] : 0;
}

static void fz_entry(struct fuse_entry_out *e, uint64_t nodeid, uint32_t mode)
{
	memset(e, 0, sizeof(*e));
	e->nodeid = nodeid;
	e->generation = 1;
	/* short timeouts: every walk revalidates and readdirplus re-primes */
	e->entry_valid = 0;
	e->attr_valid = 0;
	fz_attr(&e->attr, nodeid, mode);
}

/* a new node in slot n; caller holds the lock */
static uint64_t fz_create(int n, uint32_t mode)
{
	uint64_t id = fz.next_nodeid++;

	if (id >= fz.nmodes) {
		size_t nm = fz.nmodes ? fz.nmodes * 2 : 4096;
		uint32_t *m = realloc(fz.modes, nm * sizeof(*m));

		if (!m)
			return 0;
		memset(m + fz.nmodes, 0, (nm - fz.nmodes) * sizeof(*m));
		fz.modes = m;
		fz.nmodes = nm;
	}
	fz.modes[id] = mode;
	fz.slot[n] = (struct fnode){ .nodeid = id, .mode = mode };
	return id;
}

static void fz_reply(uint64_t unique, int err, const void *p, size_t len)
{
	struct fuse_out_header oh = {
		.len = sizeof(oh) + (err ? 0 : len), .error = err,
		.unique = unique,
	};
	struct iovec iov[2] = {
		{ &oh, sizeof(oh) }, { (void *)p, err ? 0 : len },
	};

	if (writev(fz.fd, iov, 2) < 0 && errno != ENOENT)
		atomic_fetch_add(&sh->errors, 1);
}

/* READDIR(PLUS): offsets are slot numbers + 1, stable across calls */
static void fz_readdir(const struct fuse_in_header *ih,
		       const struct fuse_read_in *in, bool plus)
{
	static __thread char out[65536];
	size_t len = 0, max = in->size < sizeof(out) ? in->size : sizeof(out);

	pthread_mutex_lock(&fz.lock);
	for (uint64_t off = in->offset; off < NNAMES; off++) {
		struct fnode *f = &fz.slot[off];
		char name[8];
		size_t need, nlen;
		struct fuse_dirent *d;

		if (!f->nodeid)
			continue;
		nlen = (size_t)snprintf(name, sizeof(name), "name%02u",
					(unsigned int)off);
		need = plus ? FUSE_DIRENTPLUS_SIZE(&(struct fuse_direntplus){
				      .dirent.namelen = nlen })
			    : FUSE_DIRENT_SIZE(&(struct fuse_dirent){
				      .namelen = nlen });
		if (len + need > max)
			break;
		memset(out + len, 0, need);
		if (plus) {
			struct fuse_direntplus *dp = (void *)(out + len);

			fz_entry(&dp->entry_out, f->nodeid, f->mode);
			d = &dp->dirent;
		} else {
			d = (void *)(out + len);
		}
		d->ino = f->nodeid;
		d->off = off + 1;
		d->namelen = nlen;
		d->type = (f->mode & S_IFMT) >> 12;
		memcpy(d->name, name, nlen);
		len += need;
	}
	pthread_mutex_unlock(&fz.lock);
	fz_reply(ih->unique, 0, out, len);
}

static void fz_handle(const struct fuse_in_header *ih, const void *arg)
{
	const char *name = arg;
	union {
		struct fuse_entry_out entry;
		struct fuse_attr_out attr;
		struct fuse_open_out open;
		struct fuse_init_out init;
		struct fuse_statfs_out statfs;
		struct {
			struct fuse_entry_out e;
			struct fuse_open_out o;
		} create;
	} o;
	int n, m, err = 0;
	size_t len = 0;

	memset(&o, 0, sizeof(o));
	switch (ih->opcode) {
	case FUSE_INIT: {
		const struct fuse_init_in *in = arg;

		o.init.major = FUSE_KERNEL_VERSION;
		o.init.minor = FUSE_KERNEL_MINOR_VERSION;
		o.init.max_readahead = in->max_readahead;
		o.init.flags = FUSE_DO_READDIRPLUS | FUSE_ASYNC_READ;
		o.init.max_background = 16;
		o.init.congestion_threshold = 12;
		o.init.max_write = 4096;
		o.init.time_gran = 1;
		len = sizeof(o.init);
		break;
	}
	case FUSE_LOOKUP:
		pthread_mutex_lock(&fz.lock);
		n = fz_slot(name);
		if (ih->nodeid != FUSE_ROOT_ID || n < 0 || !fz.slot[n].nodeid)
			err = -ENOENT;
		else
			fz_entry(&o.entry, fz.slot[n].nodeid, fz.slot[n].mode);
		pthread_mutex_unlock(&fz.lock);
		len = sizeof(o.entry);
		break;
	case FUSE_FORGET:
	case FUSE_BATCH_FORGET:
	case FUSE_INTERRUPT:
		return;		/* no reply */
	case FUSE_GETATTR:
	case FUSE_SETATTR:
		pthread_mutex_lock(&fz.lock);
		m = (int)fz_mode_of(ih->nodeid);
		pthread_mutex_unlock(&fz.lock);
		if (!m)
			err = -ENOENT;
		fz_attr(&o.attr.attr, ih->nodeid, (uint32_t)m);
		len = sizeof(o.attr);
		break;
	case FUSE_OPEN:
	case FUSE_OPENDIR:
		len = sizeof(o.open);
		break;
	case FUSE_RELEASE:
	case FUSE_RELEASEDIR:
	case FUSE_FLUSH:
	case FUSE_FSYNC:
	case FUSE_FSYNCDIR:
		break;
	case FUSE_READ:
		break;		/* every file is empty */
	case FUSE_READDIR:
	case FUSE_READDIRPLUS:
		/* proof that the kernel primes the dcache from readdir */
		if (ih->opcode == FUSE_READDIRPLUS)
			count(OP_READDIRPLUS);
		fz_readdir(ih, arg, ih->opcode == FUSE_READDIRPLUS);
		return;
	case FUSE_CREATE:
	case FUSE_MKNOD: {
		const struct fuse_create_in *ci = arg;
		const struct fuse_mknod_in *mi = arg;
		uint32_t mode;

		if (ih->opcode == FUSE_CREATE) {
			name = (const char *)(ci + 1);
			mode = ci->mode;
		} else {
			name = (const char *)(mi + 1);
			mode = mi->mode;
		}
		pthread_mutex_lock(&fz.lock);
		n = fz_slot(name);
		if (n < 0 || !S_ISREG(mode))
			err = -EPERM;
		else if (fz.slot[n].nodeid)
			err = -EEXIST;
		else if (!fz_create(n, mode))
			err = -ENOMEM;
		else
			fz_entry(&o.create.e, fz.slot[n].nodeid, mode);
		pthread_mutex_unlock(&fz.lock);
		len = ih->opcode == FUSE_CREATE ? sizeof(o.create)
						: sizeof(o.entry);
		break;
	}
	case FUSE_UNLINK:
		pthread_mutex_lock(&fz.lock);
		n = fz_slot(name);
		if (n < 0 || !fz.slot[n].nodeid)
			err = -ENOENT;
		else
			fz.slot[n].nodeid = 0;
		pthread_mutex_unlock(&fz.lock);
		break;
	case FUSE_RENAME:
	case FUSE_RENAME2: {
		const struct fuse_rename_in *ri = arg;
		const struct fuse_rename2_in *r2 = arg;
		uint32_t flags = 0;
		const char *to;

		if (ih->opcode == FUSE_RENAME) {
			name = (const char *)(ri + 1);
		} else {
			name = (const char *)(r2 + 1);
			flags = r2->flags;
		}
		to = name + strlen(name) + 1;
		pthread_mutex_lock(&fz.lock);
		n = fz_slot(name);
		m = fz_slot(to);
		if (flags & ~(uint32_t)(RENAME_NOREPLACE | RENAME_EXCHANGE))
			err = -EINVAL;
		else if (n < 0 || m < 0 || !fz.slot[n].nodeid)
			err = -ENOENT;
		else if ((flags & RENAME_NOREPLACE) && fz.slot[m].nodeid)
			err = -EEXIST;
		else if ((flags & RENAME_EXCHANGE) && !fz.slot[m].nodeid)
			err = -ENOENT;
		else if (n != m) {
			struct fnode t = fz.slot[m];

			fz.slot[m] = fz.slot[n];
			fz.slot[n] = flags & RENAME_EXCHANGE
					     ? t
					     : (struct fnode){ 0 };
		}
		pthread_mutex_unlock(&fz.lock);
		break;
	}
	case FUSE_STATFS:
		o.statfs.st.bsize = 4096;
		o.statfs.st.namelen = 255;
		len = sizeof(o.statfs);
		break;
	case FUSE_DESTROY:
		break;
	default:
		err = -ENOSYS;
		break;
	}
	fz_reply(ih->unique, err, &o, len);
}

static void *fz_server(void *arg)
{
	size_t size = 65536 + 4096 * 2;
	char *buf = malloc(size);

	(void)arg;
	while (buf) {
		ssize_t n = read(fz.fd, buf, size);

		if (n < 0 && (errno == EINTR || errno == ENOENT ||
			      errno == EAGAIN))
			continue;
		if (n < (ssize_t)sizeof(struct fuse_in_header))
			break;	/* ENODEV: unmounted */
		fz_handle((void *)buf, buf + sizeof(struct fuse_in_header));
	}
	free(buf);
	return NULL;
}

static int phase_fuse(void)
{
	struct dir_stress ds = { .dir = "/mnt/fuse" };
	pthread_t srv[2];
	char mopts[128];
	int ret;

	fz.next_nodeid = FUSE_ROOT_ID + 1;
	fz.fd = open("/dev/fuse", O_RDWR | O_CLOEXEC);
	if (fz.fd < 0)
		return fail("cannot open '/dev/fuse':");
	if (mkdir_p("/mnt/fuse"))
		return fail("cannot create '/mnt/fuse':");
	snprintf(mopts, sizeof(mopts),
		 "fd=%d,rootmode=40000,user_id=0,group_id=0,allow_other",
		 fz.fd);
	if (mount("fsconv", "/mnt/fuse", "fuse", 0, mopts))
		return fail("cannot mount fuse on '/mnt/fuse':");
	for (int i = 0; i < 2; i++)
		if (pthread_create(&srv[i], NULL, fz_server, NULL))
			return fail("cannot start the fuse server:");
	ret = stress_dir(&ds);
	/* the servers see ENODEV once the connection goes */
	umount2("/mnt/fuse", MNT_DETACH);
	return ret;
}

/* ---- init -------------------------------------------------------------- */

static const struct {
	const char *name;
	int (*fn)(void);
} phases[] = {
	{ "tmpfs", phase_tmpfs },	{ "proc", phase_proc },
	{ "xfs", phase_xfs },		{ "overlay", phase_overlay },
	{ "fuse", phase_fuse },
};

static void read_cmdline(void)
{
	char buf[4096], *tok, *save;
	int fd = open("/proc/cmdline", O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return;
	buf[n] = '\0';
	for (tok = strtok_r(buf, " \n", &save); tok;
	     tok = strtok_r(NULL, " \n", &save)) {
		if (!strncmp(tok, "fsconv.fs=", 10))
			snprintf(opt_fs, sizeof(opt_fs), "%s", tok + 10);
		else if (!strncmp(tok, "fsconv.secs=", 12))
			opt_secs = atoi(tok + 12);
		else if (!strncmp(tok, "fsconv.threads=", 15))
			opt_threads = atoi(tok + 15);
	}
	if (opt_secs < 1)
		opt_secs = 1;
	if (opt_threads < 1)
		opt_threads = 1;
}

static void run_phase(const char *name, int (*fn)(void), int *total)
{
	struct scan sc = { .open = -1 };
	const char *status = "ok";
	double t0 = now(), limit = opt_secs + 60;
	unsigned long ops = 0;
	char counts[256];
	int wstatus = 0, len = 0;
	pid_t pid, got = 0;

	memset(sh, 0, sizeof(*sh));
	say("begin fs=%s secs=%d threads=%d", name, opt_secs, opt_threads);
	pid = fork();
	if (pid == 0)
		_exit(fn());
	if (pid < 0) {
		say("result fs=%s status=error ops=0 secs=0 error=fork: %s",
		    name, strerror(errno));
		return;
	}
	/* a phase gets its stress time plus a minute to set up and tear down */
	while ((got = waitpid(pid, &wstatus, WNOHANG)) == 0 &&
	       now() - t0 < limit)
		usleep(100000);
	if (got == 0) {
		int fd = open("/proc/sysrq-trigger", O_WRONLY | O_CLOEXEC);

		status = "hung";
		/* the stacks of the blocked tasks go to the log */
		if (fd >= 0) {
			if (write(fd, "w", 1) != 1)
				say("cannot dump the blocked tasks");
			close(fd);
			sleep(2);
		}
		atomic_store(&sh->stop, 1);
		kill(pid, SIGKILL);
		for (int i = 0; i < 50 && !waitpid(pid, NULL, WNOHANG); i++)
			usleep(100000);
	} else if (WIFSIGNALED(wstatus)) {
		status = "crashed";
	} else if (WEXITSTATUS(wstatus)) {
		status = "error";
	}
	for (int i = 0; i < OP_NR; i++) {
		unsigned long v = atomic_load(&sh->ops[i]);

		/* readdirplus counts requests the server saw, not syscalls */
		if (i != OP_READDIRPLUS)
			ops += v;
		if (v)
			len += snprintf(counts + len, sizeof(counts) - len,
					" %s=%lu", op_names[i], v);
	}
	counts[len] = '\0';
	scan_kmsg(&sc, name);
	*total += report_splats(&sc, name);
	if (!sh->secs)
		sh->secs = now() - t0;
	say("result fs=%s status=%s ops=%lu secs=%.2f splats=%d%s%s%s", name,
	    status, ops, sh->secs, sc.n, counts,
	    sh->error[0] ? " error=" : "", sh->error);
}

int main(void)
{
	struct scan boot = { .open = -1 };
	struct utsname u;
	char list[256], *tok, *save;
	int total = 0;

	mkdir("/proc", 0755);
	mkdir("/dev", 0755);
	mkdir("/mnt", 0755);
	mount("proc", "/proc", "proc", 0, NULL);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	kmsg_w = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
	kmsg_r = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	read_cmdline();
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED) {
		say("fatal: cannot map shared memory: %s", strerror(errno));
		reboot(RB_AUTOBOOT);
	}
	uname(&u);
	say("start kernel=%s fs=%s secs=%d threads=%d", u.release, opt_fs,
	    opt_secs, opt_threads);
	/* reports from before init ran belong to no filesystem */
	scan_kmsg(&boot, "boot");
	total += report_splats(&boot, "boot");

	snprintf(list, sizeof(list), "%s", opt_fs);
	for (tok = strtok_r(list, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		size_t i;

		for (i = 0; i < sizeof(phases) / sizeof(phases[0]); i++)
			if (!strcmp(phases[i].name, tok))
				break;
		if (i == sizeof(phases) / sizeof(phases[0])) {
			say("result fs=%s status=error ops=0 secs=0 "
			    "error=unknown filesystem", tok);
			continue;
		}
		run_phase(phases[i].name, phases[i].fn, &total);
	}
	sleep(1);
	{
		struct scan tail = { .open = -1 };

		scan_kmsg(&tail, "end");
		total += report_splats(&tail, "end");
	}
	say("end splats=%d", total);
	sync();
	/* with qemu -no-reboot a reboot ends the emulator */
	reboot(RB_AUTOBOOT);
	return 0;
}
