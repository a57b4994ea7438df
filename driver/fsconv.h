/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FSCONV_H
#define FSCONV_H

#include "util.h"

/* the options every command shares; the only exported global */
struct fsconv_opts {
	const char *tree;	/* kernel tree to work on */
	const char *fstable;	/* filesystems.yaml */
	const char *out;	/* patches-out directory */
	struct strvec paths;	/* --path: directories outside fstable */
	int jobs;		/* -j: parallel jobs, 0 = online CPUs */
	int quiet;
	int verbose;
	int version;
};

extern struct fsconv_opts opts;

/* a subcommand: argv[0] is its name, options are its own */
struct command {
	const char *name;
	int (*fn)(int argc, const char **argv);
	const char *summary;
};

/* the directory fsconv was installed in (holds cocci/, fstable/, kernel/) */
const char *fsconv_home(void);
/* the default reference tree: build/linux-6.12 under fsconv_home() */
const char *default_tree(void);

#endif
