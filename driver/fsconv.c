// SPDX-License-Identifier: GPL-2.0
/*
 * fsconv: convert Linux filesystems to the new directory-locking dcache
 * API.  main() only parses the shared options and dispatches to a command;
 * each pipeline stage lives in a file of its own.
 */
#define _DEFAULT_SOURCE
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "fsconv.h"
#include "options.h"
#include "version.h"

struct fsconv_opts opts = { .paths = STRVEC_INIT };

static const struct command commands[] = {
	{ "run", cmd_run, "convert, hand off and report: the whole pipeline" },
	{ "convert", cmd_convert, "run the semantic patches: branches fsconv/<fs>" },
	{ "handoff", cmd_handoff, "write each converted filesystem's series" },
	{ "report", cmd_report, "rewrite REPORT.md and report.json" },
	{ "send", cmd_send, "print the git send-email command for a series" },
	{ "api", cmd_api, "print which form of the VFS API the tree has" },
	{ "audit", cmd_audit, "census of the dcache API sites, checked against the rules" },
	{ "boot-test", cmd_boot_test, "build, boot and stress kernels before and after conversion" },
	{ "build", cmd_build, "compile the touched objects before and after conversion" },
	{ "check-locks", cmd_check_locks, "sparse and clang lock checks before and after conversion" },
	{ "fstable", cmd_fstable, "check, list or discover the filesystem table" },
	{ "tree", cmd_tree, "build the reference kernel tree (base + VFS series)" },
	{ "version", cmd_version, "print the version" },
};

static const char *const fsconv_usage[] = {
	"fsconv [--tree DIR] [--fstable FILE] [-j N] [-q|-v] COMMAND [ARGS]",
	NULL,
};

static const struct option global_options[] = {
	OPT_STRING(0, "tree", &opts.tree, "DIR",
		   "kernel tree to work on (default: the reference tree)"),
	OPT_STRING(0, "fstable", &opts.fstable, "FILE",
		   "filesystem table (default: fstable/filesystems.yaml)"),
	OPT_STRING('o', "out", &opts.out, "DIR",
		   "output directory (default: patches-out)"),
	OPT_STRVEC(0, "path", &opts.paths, "DIR",
		   "also work on this directory of the tree (repeatable)"),
	OPT_INT('j', "jobs", &opts.jobs, "N",
		"run N jobs in parallel (default: number of CPUs)"),
	OPT_COUNTUP('q', "quiet", &opts.quiet, "print only errors"),
	OPT_COUNTUP('v', "verbose", &opts.verbose, "print every command run"),
	OPT_BOOL(0, "version", &opts.version, "print the version and exit"),
	OPT_END(),
};

const char *fsconv_home(void)
{
	static char *home;
	char exe[PATH_MAX];
	ssize_t n;

	if (home)
		return home;
	if (getenv("FSCONV_HOME")) {
		home = xstrdup(getenv("FSCONV_HOME"));
		return home;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		die("cannot find the fsconv binary:");
	exe[n] = '\0';
	*strrchr(exe, '/') = '\0';
	home = xstrdup(exe);
	return home;
}

const char *default_tree(void)
{
	static char *tree;

	if (!tree)
		tree = path_join(fsconv_home(), "build/linux-6.12");
	return tree;
}

static void print_help(FILE *fp)
{
	usage_with_options(fp, fsconv_usage, global_options);
	fprintf(fp, "\ncommands:\n");
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(fp, "    %-20s %s\n", commands[i].name,
			commands[i].summary);
	fprintf(fp, "\n'fsconv COMMAND --help' describes one command.\n");
}

int cmd_version(int argc, const char **argv)
{
	static const char *const usage[] = { "fsconv version", NULL };
	static const struct option options[] = { OPT_END() };

	if (parse_options(argc, argv, options, usage, 0))
		die("version takes no arguments");
	printf("fsconv %s\n", FSCONV_VERSION);
	return 0;
}

int main(int argc, const char **argv)
{
	const struct command *cmd = NULL;

	/* the global --help also lists the commands */
	for (int i = 1; i < argc && argv[i][0] == '-'; i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			print_help(stdout);
			return EXIT_OK;
		}
	argc = parse_options(argc, argv, global_options, fsconv_usage,
			     PARSE_OPT_STOP_AT_NON_OPTION);
	if (opts.version)
		return cmd_version(1, (const char *[]){ "version", NULL });
	if (!argc) {
		print_help(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[0], "help")) {
		print_help(stdout);
		return EXIT_OK;
	}
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(commands[i].name, argv[0]))
			cmd = &commands[i];
	if (!cmd) {
		fprintf(stderr, "%s: unknown command '%s'\n", progname,
			argv[0]);
		usage_with_options(stderr, fsconv_usage, global_options);
		return EXIT_USAGE;
	}
	if (!opts.tree)
		opts.tree = default_tree();
	if (!opts.fstable)
		opts.fstable = path_join(fsconv_home(),
					 "fstable/filesystems.yaml");
	if (!opts.out)
		opts.out = "patches-out";
	if (!opts.jobs)
		opts.jobs = online_cpus();
	return cmd->fn(argc, argv);
}
