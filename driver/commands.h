/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FSCONV_COMMANDS_H
#define FSCONV_COMMANDS_H

/*
 * One entry point per command; argv[0] is the command name and the
 * command parses its own options.  Each returns an exit code: 0 success,
 * 1 a stage found a problem, 2 bad usage or input.
 */
int cmd_version(int argc, const char **argv);
int cmd_run(int argc, const char **argv);
int cmd_convert(int argc, const char **argv);
int cmd_handoff(int argc, const char **argv);
int cmd_report(int argc, const char **argv);
int cmd_send(int argc, const char **argv);
int cmd_api(int argc, const char **argv);
int cmd_audit(int argc, const char **argv);
int cmd_boot_test(int argc, const char **argv);
int cmd_build(int argc, const char **argv);
int cmd_check_locks(int argc, const char **argv);
int cmd_fstable(int argc, const char **argv);
int cmd_tree(int argc, const char **argv);

#endif
