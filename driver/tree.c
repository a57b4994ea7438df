// SPDX-License-Identifier: GPL-2.0
/*
 * `fsconv tree`: build the embedded reference tree, Debian's
 * linux-source-6.12 as a git repository with our VFS-API base series on
 * top.  The unpacking and `git am` live in scripts/mktree.sh, which the
 * Makefile calls too, so there is one recipe for the tree.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "fsconv.h"
#include "options.h"
#include "spawn.h"

int cmd_tree(int argc, const char **argv)
{
	static const char *const usage[] = {
		"fsconv tree [--api v4|merged] [DIR]", NULL
	};
	const char *api = "v4";
	struct option options[] = {
		OPT_STRING(0, "api", &api, "NAME",
			   "which VFS series: v4 (d_alloc_noblock) or merged "
			   "(d_alloc_trylock)"),
		OPT_END(),
	};
	struct child c = CHILD_INIT;
	char *script, *dir;
	int ret;

	argc = parse_options(argc, argv, options, usage, 0);
	if (argc > 1)
		die("tree takes at most one directory");
	if (strcmp(api, "v4") && strcmp(api, "merged"))
		die("unknown API profile '%s' (expected 'v4' or 'merged')",
		    api);
	if (argc)
		dir = xstrdup(argv[0]);
	else if (!strcmp(api, "v4"))
		dir = xstrdup(default_tree());
	else
		dir = xasprintf("%s-merged", default_tree());
	script = path_join(fsconv_home(), "scripts/mktree.sh");
	strvec_pushl(&c.args, "sh", script, "--api", api, dir, NULL);
	c.no_stdin = 1;
	if (child_start(&c))
		ret = EXIT_USAGE;
	else
		ret = child_finish(&c) ? EXIT_USAGE : EXIT_OK;
	child_release(&c);
	free(script);
	free(dir);
	return ret;
}
