// SPDX-License-Identifier: GPL-2.0
/*
 * Starting children from argv vectors with posix_spawn(), and running one
 * to completion with its output collected.  The parallel job loop lives in
 * run.c; this file only knows about one child at a time.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "spawn.h"

extern char **environ;

void child_init(struct child *c)
{
	memset(c, 0, sizeof(*c));
	strvec_init(&c->args);
	strvec_init(&c->env);
}

void child_release(struct child *c)
{
	strvec_clear(&c->args);
	strvec_clear(&c->env);
}

/* environ with c->env applied: "VAR=v" replaces or adds, "VAR" removes */
static char **child_envp(struct child *c, struct strvec *envp)
{
	for (char **e = environ; *e; e++) {
		size_t klen = strcspn(*e, "=");
		bool overridden = false;

		for (size_t i = 0; i < c->env.n; i++) {
			const char *d = c->env.v[i];

			if (!strncmp(d, *e, klen) &&
			    (d[klen] == '=' || d[klen] == '\0'))
				overridden = true;
		}
		if (!overridden)
			strvec_push(envp, *e);
	}
	for (size_t i = 0; i < c->env.n; i++)
		if (strchr(c->env.v[i], '='))
			strvec_push(envp, c->env.v[i]);
	return envp->v;
}

/* make a pipe for one stdio slot; *ours gets our end */
static int stdio_pipe(int slot, int *ours, int fds[2])
{
	if (pipe2(fds, O_CLOEXEC))
		return error("cannot create pipe:");
	*ours = slot == 0 ? fds[1] : fds[0];
	return 0;
}

int child_start(struct child *c)
{
	posix_spawn_file_actions_t fa;
	struct strvec envp = STRVEC_INIT;
	int pin[2] = { -1, -1 }, pout[2] = { -1, -1 }, perr[2] = { -1, -1 };
	int ours_in = -1, ours_out = -1, ours_err = -1;
	int rc;

	if (!c->args.n)
		BUG("child_start with no arguments");
	posix_spawn_file_actions_init(&fa);
	if (c->in < 0 && stdio_pipe(0, &ours_in, pin))
		goto fail;
	if (c->out < 0 && stdio_pipe(1, &ours_out, pout))
		goto fail;
	if (c->err < 0 && !c->merge_stderr && stdio_pipe(2, &ours_err, perr))
		goto fail;

	if (c->no_stdin)
		posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY,
						 0);
	else if (c->in < 0)
		posix_spawn_file_actions_adddup2(&fa, pin[0], 0);
	else if (c->in > 0)
		posix_spawn_file_actions_adddup2(&fa, c->in, 0);
	if (c->out < 0)
		posix_spawn_file_actions_adddup2(&fa, pout[1], 1);
	else if (c->out > 0)
		posix_spawn_file_actions_adddup2(&fa, c->out, 1);
	if (c->merge_stderr)
		posix_spawn_file_actions_adddup2(&fa, 1, 2);
	else if (c->err < 0)
		posix_spawn_file_actions_adddup2(&fa, perr[1], 2);
	else if (c->err > 0)
		posix_spawn_file_actions_adddup2(&fa, c->err, 2);
	if (c->dir)
		posix_spawn_file_actions_addchdir_np(&fa, c->dir);

	rc = posix_spawnp(&c->pid, c->args.v[0], &fa, NULL, c->args.v,
			  c->env.n ? child_envp(c, &envp) : environ);
	strvec_clear(&envp);
	if (rc) {
		errno = rc;
		if (!(c->quiet_enoent && rc == ENOENT))
			error("cannot run '%s':", c->args.v[0]);
		goto fail;
	}
	posix_spawn_file_actions_destroy(&fa);
	/* close the child's ends; keep ours */
	if (pin[0] >= 0)
		close(pin[0]);
	if (pout[1] >= 0)
		close(pout[1]);
	if (perr[1] >= 0)
		close(perr[1]);
	if (c->in < 0)
		c->in = ours_in;
	if (c->out < 0)
		c->out = ours_out;
	if (c->err < 0 && !c->merge_stderr)
		c->err = ours_err;
	return 0;
fail:
	rc = errno;
	posix_spawn_file_actions_destroy(&fa);
	for (int i = 0; i < 2; i++) {
		if (pin[i] >= 0)
			close(pin[i]);
		if (pout[i] >= 0)
			close(pout[i]);
		if (perr[i] >= 0)
			close(perr[i]);
	}
	c->pid = 0;
	errno = rc;
	return -1;
}

int child_finish(struct child *c)
{
	int status;

	while (waitpid(c->pid, &status, 0) < 0) {
		if (errno != EINTR)
			return error("waitpid for '%s' failed:", c->args.v[0]);
	}
	c->pid = 0;
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

void child_kill(struct child *c)
{
	pid_t reaped = 0;
	int status;

	if (!c->pid)
		return;
	kill(c->pid, SIGTERM);
	for (int i = 0; i < 20 && !reaped; i++) {
		reaped = waitpid(c->pid, &status, WNOHANG);
		if (!reaped)
			usleep(50000);
	}
	if (!reaped) {
		kill(c->pid, SIGKILL);
		while (waitpid(c->pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	c->pid = 0;
}

/* read what is there into b; false at EOF or error */
static bool drain(int fd, struct buf *b)
{
	char chunk[16384];
	ssize_t n = read(fd, chunk, sizeof(chunk));

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return true;
	if (n <= 0)
		return false;
	buf_add(b, chunk, (size_t)n);
	return true;
}

int child_run_capture(struct child *c, struct buf *out, struct buf *err_out,
		      int timeout_ms)
{
	struct pollfd pfd[2];
	struct buf *sink[2] = { out, err_out };
	long long deadline = timeout_ms > 0 ? now_ms() + timeout_ms : 0;
	bool timed_out = false;

	c->out = -1;
	if (err_out)
		c->err = -1;
	else
		c->merge_stderr = 1;
	if (c->in == 0)
		c->no_stdin = 1;
	if (child_start(c))
		return -1;
	pfd[0] = (struct pollfd){ .fd = c->out, .events = POLLIN };
	pfd[1] = (struct pollfd){ .fd = err_out ? c->err : -1,
				  .events = POLLIN };
	while (pfd[0].fd >= 0 || pfd[1].fd >= 0) {
		int wait = -1;

		if (deadline) {
			long long left = deadline - now_ms();

			if (left <= 0) {
				timed_out = true;
				break;
			}
			wait = (int)left;
		}
		if (poll(pfd, 2, wait) < 0) {
			if (errno == EINTR)
				continue;
			die("poll failed:");
		}
		for (int i = 0; i < 2; i++) {
			if (pfd[i].fd < 0 || !pfd[i].revents)
				continue;
			if (!drain(pfd[i].fd, sink[i])) {
				close(pfd[i].fd);
				pfd[i].fd = -1;
			}
		}
	}
	if (timed_out) {
		child_kill(c);
		for (int i = 0; i < 2; i++)
			if (pfd[i].fd >= 0)
				close(pfd[i].fd);
		return RUN_TIMEOUT;
	}
	return child_finish(c);
}

int run_argv_capture(const char *dir, const char *const *argv,
		     struct buf *out)
{
	struct child c = CHILD_INIT;
	struct buf ignored = BUF_INIT;
	int ret;

	strvec_pushv(&c.args, argv);
	c.dir = dir;
	ret = child_run_capture(&c, out, &ignored, 0);
	buf_release(&ignored);
	child_release(&c);
	return ret;
}

const char *describe_status(int status, char *space, size_t size)
{
	if (status == RUN_TIMEOUT)
		snprintf(space, size, "timed out");
	else if (status > 128)
		snprintf(space, size, "killed by signal %d", status - 128);
	else
		snprintf(space, size, "exit status %d", status);
	return space;
}
