/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FSCONV_BOOT_H
#define FSCONV_BOOT_H

#include <stdbool.h>

#include "util.h"

/*
 * What one boot of a test kernel showed, read back from its serial
 * console log.  The guest (tests/boot/stress.c) prints "fsconv-boot: "
 * lines through /dev/kmsg: begin/result per filesystem, the splats it
 * found, and end.  The host scans the same log for splats on its own, so
 * a guest that panics or hangs still gets its reports counted.
 */
#define BOOT_MAX_FS 8

struct boot_splat {
	char kind[16];		/* warning, lockdep, kasan, bug, oops, ... */
	char fs[16];		/* filesystem, or the phase ("boot", "end") */
	bool by_stack;		/* fs named by a stack frame, not the phase */
	char title[160];
};

struct boot_fs {
	char name[16];
	bool seen;		/* the guest printed a result line */
	char status[16];	/* ok, hung, crashed, error */
	unsigned long ops;
	double secs;
	int guest_splats;	/* what the guest counted in its phase */
	int splats;		/* host count attributed to this fs */
	char counts[200];	/* "getdents=1 create=2 ..." */
	char error[200];
};

struct boot_console {
	bool booted;		/* "Linux version" seen */
	bool init_started;	/* the guest program ran */
	bool finished;		/* the guest printed its end line */
	double init_at;		/* kernel timestamp of the start line, s */
	char panic[200];	/* first "Kernel panic" line */
	struct boot_fs fs[BOOT_MAX_FS];
	int nfs;
	struct boot_splat *splats;	/* every splat, host-scanned */
	int nsplats;
	int other_splats;	/* outside any listed filesystem */
};

/*
 * Parse a console log.  fs_list is the comma-separated filesystems the
 * guest was told to run, in order.  0, or -1 with an error() if the file
 * cannot be read.
 */
int boot_parse_console(const char *path, const char *fs_list,
		       struct boot_console *bc);
void boot_console_release(struct boot_console *bc);

/* the kind of report a kernel log line opens, or NULL */
const char *boot_splat_kind(const char *line);
/* the filesystem a stack frame or source path names, or NULL */
const char *boot_fs_of_frame(const char *frame);

#endif
