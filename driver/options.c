// SPDX-License-Identifier: GPL-2.0
/* Parsing flags from a table, and printing that table as --help. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"

void usage_with_options(FILE *fp, const char *const *usage,
			const struct option *opts)
{
	fprintf(fp, "usage: %s\n", usage[0]);
	for (size_t i = 1; usage[i]; i++)
		fprintf(fp, "%s%s\n", usage[i][0] ? "   or: " : "",
			usage[i]);
	if (opts->type != OPTION_END)
		fputc('\n', fp);
	for (; opts->type != OPTION_END; opts++) {
		char left[64];
		int n = 0;

		if (opts->short_name)
			n = snprintf(left, sizeof(left), "-%c%s",
				     opts->short_name,
				     opts->long_name ? ", " : "");
		if (opts->long_name)
			n += snprintf(left + n, sizeof(left) - n, "--%s",
				      opts->long_name);
		if (opts->argh)
			snprintf(left + n, sizeof(left) - n, " %s",
				 opts->argh);
		fprintf(fp, "    %-24s %s\n", left, opts->help);
	}
}

static void usage_error(const char *const *usage, const struct option *opts,
			const char *fmt, const char *what)
{
	fprintf(stderr, "%s: ", progname);
	fprintf(stderr, fmt, what);
	fputc('\n', stderr);
	usage_with_options(stderr, usage, opts);
	exit(EXIT_USAGE);
}

static const struct option *find_long(const struct option *opts,
				      const char *name, size_t len)
{
	for (; opts->type != OPTION_END; opts++)
		if (opts->long_name && strlen(opts->long_name) == len &&
		    !strncmp(opts->long_name, name, len))
			return opts;
	return NULL;
}

static const struct option *find_short(const struct option *opts, char c)
{
	for (; opts->type != OPTION_END; opts++)
		if (opts->short_name == c)
			return opts;
	return NULL;
}

/* apply one option; value is NULL for flags */
static void set_option(const struct option *opt, const char *value,
		       const char *const *usage, const struct option *opts)
{
	char *end;
	long n;

	switch (opt->type) {
	case OPTION_BOOL:
		*(int *)opt->value = 1;
		break;
	case OPTION_COUNTUP:
		(*(int *)opt->value)++;
		break;
	case OPTION_INT:
		errno = 0;
		n = strtol(value, &end, 10);
		if (errno || *end || end == value || n < 0 || n > INT_MAX)
			usage_error(usage, opts,
				    "option expects a non-negative number, "
				    "not '%s'", value);
		*(int *)opt->value = (int)n;
		break;
	case OPTION_STRING:
		*(const char **)opt->value = value;
		break;
	case OPTION_STRVEC:
		strvec_push(opt->value, value);
		break;
	case OPTION_END:
		BUG("set_option on OPTION_END");
	}
}

static bool takes_value(const struct option *opt)
{
	return opt->type == OPTION_INT || opt->type == OPTION_STRING ||
	       opt->type == OPTION_STRVEC;
}

int parse_options(int argc, const char **argv, const struct option *opts,
		  const char *const *usage, enum parse_options_flags flags)
{
	int out = 0, i;

	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];
		const struct option *opt;
		const char *value = NULL;

		if (!strcmp(arg, "--")) {
			i++;
			break;
		}
		if (arg[0] != '-' || !arg[1]) {
			if (flags & PARSE_OPT_STOP_AT_NON_OPTION)
				break;
			argv[out++] = arg;
			continue;
		}
		if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
			usage_with_options(stdout, usage, opts);
			exit(EXIT_OK);
		}
		if (arg[1] == '-') {
			const char *eq = strchr(arg + 2, '=');
			size_t len = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);

			opt = find_long(opts, arg + 2, len);
			if (!opt)
				usage_error(usage, opts, "unknown option '%s'",
					    arg);
			if (eq && !takes_value(opt))
				usage_error(usage, opts,
					    "option '%s' takes no value", arg);
			value = eq ? eq + 1 : NULL;
		} else {
			opt = find_short(opts, arg[1]);
			if (!opt)
				usage_error(usage, opts, "unknown option '%s'",
					    arg);
			if (arg[2] && takes_value(opt))
				value = arg + 2;
			else if (arg[2])
				usage_error(usage, opts,
					    "unknown option '%s'", arg);
		}
		if (takes_value(opt) && !value) {
			if (i + 1 >= argc)
				usage_error(usage, opts,
					    "option '%s' requires a value",
					    arg);
			value = argv[++i];
		}
		set_option(opt, value, usage, opts);
	}
	for (; i < argc; i++)
		argv[out++] = argv[i];
	argv[out] = NULL;
	return out;
}
