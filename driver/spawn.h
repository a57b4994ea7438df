/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FSCONV_SPAWN_H
#define FSCONV_SPAWN_H

#include <sys/types.h>

#include "util.h"

/*
 * One child process, started from an argv vector with posix_spawn(); never
 * through a shell, so arguments need no quoting.
 *
 *  1. struct child c = CHILD_INIT;
 *  2. strvec_pushl(&c.args, "git", "-C", tree, "log", NULL);
 *  3. optionally set dir, env ("VAR=value" sets, bare "VAR" unsets), in,
 *     out and err (0 = inherit, -1 = make a pipe and return our end in the
 *     same field, >0 = use this fd), no_stdin (read /dev/null) and
 *     merge_stderr (stderr goes where stdout goes);
 *  4. child_start(), read or write the pipes, then child_finish().
 *
 * child_finish() returns the exit code, 128 + signal number for a child
 * killed by a signal (what a POSIX shell's $? says), or -1 with a message
 * if the child could not be waited for.  A program that does not exist
 * makes child_start() fail with errno ENOENT and a message.
 */
struct child {
	struct strvec args;
	struct strvec env;
	const char *dir;
	int in;
	int out;
	int err;
	unsigned int no_stdin : 1;
	unsigned int merge_stderr : 1;
	unsigned int quiet_enoent : 1;
	pid_t pid;
};

#define CHILD_INIT { .args = STRVEC_INIT, .env = STRVEC_INIT }

void child_init(struct child *c);
/* free args and env; the child must have been finished */
void child_release(struct child *c);
/* 0 or -1 (errno set, an error() printed unless quiet_enoent and ENOENT) */
int child_start(struct child *c);
/* wait for the child: exit code, 128 + signal, or -1 */
int child_finish(struct child *c);

/* SIGTERM, then SIGKILL a second later; reaps the child */
void child_kill(struct child *c);

/*
 * Run a child to completion with its stdout (and stderr, merged unless
 * err_out is given) collected.  timeout_ms <= 0 means none; on timeout the
 * child gets SIGTERM, then SIGKILL a second later, and the result is
 * RUN_TIMEOUT.  Returns what child_finish() returns otherwise.
 */
#define RUN_TIMEOUT (-2)
int child_run_capture(struct child *c, struct buf *out, struct buf *err_out,
		      int timeout_ms);

/* convenience: run argv quietly in dir, capture stdout; exit code or -1/-2 */
int run_argv_capture(const char *dir, const char *const *argv,
		     struct buf *out);

/* 128+signal exit codes as text ("killed by signal 9"), or "exit status N" */
const char *describe_status(int status, char *space, size_t size);

#endif
