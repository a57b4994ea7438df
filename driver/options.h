/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FSCONV_OPTIONS_H
#define FSCONV_OPTIONS_H

#include <stdio.h>

#include "util.h"

/*
 * Flag tables in the style of git's parse-options: every command describes
 * its flags once, and the same table drives parsing and --help.
 */
enum option_type {
	OPTION_END,
	OPTION_BOOL,	/* int, set to 1 */
	OPTION_COUNTUP,	/* int, incremented */
	OPTION_INT,	/* int, takes a number */
	OPTION_STRING,	/* const char *, takes a value */
	OPTION_STRVEC,	/* struct strvec, takes a value, repeatable */
};

struct option {
	enum option_type type;
	char short_name;
	const char *long_name;
	void *value;
	const char *argh;	/* name of the value in --help, e.g. "DIR" */
	const char *help;
};

#define OPT_BOOL(s, l, v, h) { OPTION_BOOL, (s), (l), (v), NULL, (h) }
#define OPT_COUNTUP(s, l, v, h) { OPTION_COUNTUP, (s), (l), (v), NULL, (h) }
#define OPT_INT(s, l, v, a, h) { OPTION_INT, (s), (l), (v), (a), (h) }
#define OPT_STRING(s, l, v, a, h) { OPTION_STRING, (s), (l), (v), (a), (h) }
#define OPT_STRVEC(s, l, v, a, h) { OPTION_STRVEC, (s), (l), (v), (a), (h) }
#define OPT_END() { OPTION_END, 0, NULL, NULL, NULL, NULL }

enum parse_options_flags {
	/* stop at the first non-option (the command name) */
	PARSE_OPT_STOP_AT_NON_OPTION = (1 << 0),
};

/*
 * Parse argv[1..argc) against opts.  Returns the number of arguments left,
 * moved to the front of argv.  "--help"/"-h" print usage and exit 0; an
 * unknown or malformed option prints a one-line error, the usage, and exits
 * 2.  usage is the synopsis line(s), NULL-terminated.
 */
int parse_options(int argc, const char **argv, const struct option *opts,
		  const char *const *usage, enum parse_options_flags flags);

/* print usage lines and the option table to fp */
void usage_with_options(FILE *fp, const char *const *usage,
			const struct option *opts);

#endif
