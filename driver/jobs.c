// SPDX-License-Identifier: GPL-2.0
/*
 * The parallel job runner, after samurai's build(): a fixed array of job
 * slots, one poll() over the jobs' output pipes and a self-pipe that the
 * SIGINT/SIGTERM handler writes to, and each job's output collected whole
 * so that two jobs' lines never interleave.  Unlike samurai it enforces a
 * deadline per job (a hung spatch gets SIGTERM, then SIGKILL a second
 * later), and a child that has closed its output is reaped without
 * blocking, so one job never holds up the loop.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "jobs.h"

#define KILL_GRACE_MS 1000	/* from SIGTERM to SIGKILL */
#define REAP_POLL_MS 20		/* how often to look for an exited child */
#define TAIL_LINES 10		/* output lines shown for a failed job */

/* the write end of the self-pipe; the signal handler's only state */
static int sigpipe_wr = -1;

/* the state of one jobs_run() */
struct runner {
	const struct jobs_opts *o;
	jobs_next_fn next;
	jobs_done_fn done;
	void *ctx;
	int total;
	int maxjobs;
	struct job *slot;	/* maxjobs of them; child.pid 0: free */
	struct pollfd *pfd;	/* pfd[0]: signals, pfd[1 + i]: slot[i] */
	int running;
	int started;
	int failed;
	bool more;		/* next() may have more to start */
	bool tty;		/* progress is one line rewritten in place */
	bool line_shown;	/* that line is on the screen now */
};

static void catch_signal(int sig)
{
	int saved = errno;
	unsigned char c = (unsigned char)sig;

	if (write(sigpipe_wr, &c, 1) < 0) {
		/* the pipe is full: a signal is already pending */
	}
	errno = saved;
}

static int terminal_width(void)
{
	struct winsize ws;

	if (ioctl(2, TIOCGWINSZ, &ws) || ws.ws_col < 20)
		return 80;
	return ws.ws_col;
}

static void clear_line(struct runner *r)
{
	if (r->line_shown) {
		fputs("\r\033[K", stderr);
		r->line_shown = false;
	}
}

static void show_progress(struct runner *r, const char *label)
{
	int n = r->total > 0 ? r->total : r->started;

	if (r->o->quiet)
		return;
	if (!r->tty) {
		fprintf(stderr, "[%d/%d] %s\n", r->started, n, label);
		return;
	}
	/* never wrap, or \r would rewrite only the last row */
	fprintf(stderr, "\r\033[K[%d/%d] %.*s", r->started, n,
		terminal_width() - 16, label);
	r->line_shown = true;
	fflush(stderr);
}

static void show_argv(struct runner *r, const struct job *job)
{
	clear_line(r);
	fputc('+', stderr);
	for (size_t i = 0; i < job->child.args.n; i++) {
		const char *a = job->child.args.v[i];

		if (*a && !a[strcspn(a, " \t\n'\"\\$`*?[]{}()<>|&;#~")])
			fprintf(stderr, " %s", a);
		else
			fprintf(stderr, " '%s'", a);
	}
	fputc('\n', stderr);
}

static const char *job_label(const struct job *job)
{
	return job->label ? job->label : job->child.args.v[0];
}

/* the last few lines of a failed job's output, indented */
static void show_tail(const struct buf *out)
{
	const char *start = out->data, *s;
	size_t len = out->len;
	int lines = 0;

	while (len && out->data[len - 1] == '\n')
		len--;
	for (s = out->data + len; s > out->data; s--)
		if (s[-1] == '\n' && ++lines == TAIL_LINES) {
			start = s;
			break;
		}
	for (s = start; s < out->data + len;) {
		size_t n = strcspn(s, "\n");

		fprintf(stderr, "    %.*s\n", (int)n, s);
		s += n + (s[n] == '\n');
	}
}

static void report_failure(struct runner *r, const struct job *job,
			   int status)
{
	char how[64];

	clear_line(r);
	if (status)
		describe_status(status, how, sizeof(how));
	else
		snprintf(how, sizeof(how), "its output was rejected");
	if (job->log)
		error("%s failed (%s), log: %s", job_label(job), how, job->log);
	else
		error("%s failed (%s)", job_label(job), how);
	if (status)
		show_tail(&job->output);
}

static void write_log(const struct job *job)
{
	char *dir = xstrdup(job->log), *slash = strrchr(dir, '/');

	if (slash && slash != dir) {
		*slash = '\0';
		if (mkdirs(dir, 0777))
			error("cannot create '%s':", dir);
	}
	free(dir);
	write_file_atomic(job->log, job->output.data, job->output.len);
}

static void slot_clear(struct job *job)
{
	memset(job, 0, sizeof(*job));
	child_init(&job->child);
	buf_init(&job->output);
	job->fd = -1;
}

/* a job has ended: log it, tell the caller, free the slot */
static void job_finish(struct runner *r, struct job *job, int status,
		       bool report)
{
	int rc;

	if (job->fd >= 0)
		close(job->fd);
	job->fd = -1;
	if (job->log)
		write_log(job);
	/* done() may print: do not append to the status line */
	clear_line(r);
	rc = r->done(r->ctx, job, status);
	if (status || rc < 0) {
		r->failed++;
		if (report)
			report_failure(r, job, status);
	}
	child_release(&job->child);
	free(job->label);
	free(job->log);
	buf_release(&job->output);
	slot_clear(job);
	r->running--;
}

/* start a job next() described; false if next() had nothing */
static bool job_start(struct runner *r, struct job *job)
{
	int status;

	slot_clear(job);
	if (r->next(r->ctx, job) <= 0) {
		child_release(&job->child);
		free(job->label);
		free(job->log);
		slot_clear(job);
		return false;
	}
	if (!job->child.args.n)
		BUG("jobs: next() returned a job without arguments");
	r->started++;
	r->running++;
	if (r->o->verbose)
		show_argv(r, job);
	show_progress(r, job_label(job));
	job->child.no_stdin = 1;
	job->child.merge_stderr = 1;
	job->child.quiet_enoent = 1;
	job->child.out = -1;
	job->child.err = 0;
	if (child_start(&job->child)) {
		status = errno == ENOENT ? 127 : 126;
		buf_addf(&job->output, "cannot run '%s': %s\n",
			 job->child.args.v[0], strerror(errno));
		job->child.pid = 0;
		job_finish(r, job, status, true);
		return true;
	}
	job->fd = job->child.out;
	if (job->timeout_ms > 0)
		job->deadline = now_ms() + job->timeout_ms;
	return true;
}

/* reap the job's child if it has exited; true if it was reaped */
static bool job_reap(struct runner *r, struct job *job, bool report)
{
	int wstatus, status;
	pid_t pid = waitpid(job->child.pid, &wstatus, WNOHANG);

	if (pid == 0 || (pid < 0 && errno == EINTR))
		return false;
	if (pid < 0)
		status = 128 + SIGKILL;	/* not our child any more */
	else if (WIFSIGNALED(wstatus))
		status = 128 + WTERMSIG(wstatus);
	else
		status = WEXITSTATUS(wstatus);
	if (job->timed_out)
		status = RUN_TIMEOUT;
	job->child.pid = 0;
	job_finish(r, job, status, report);
	return true;
}

/* read what the job wrote; at EOF close our end */
static void job_read(struct job *job)
{
	char chunk[65536];
	ssize_t n = read(job->fd, chunk, sizeof(chunk));

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n > 0) {
		buf_add(&job->output, chunk, (size_t)n);
		return;
	}
	close(job->fd);
	job->fd = -1;
}

/* past the deadline: SIGTERM first, SIGKILL a grace period later */
static void job_check_deadline(struct job *job, long long now)
{
	if (!job->deadline || now < job->deadline)
		return;
	if (!job->timed_out) {
		kill(job->child.pid, SIGTERM);
		job->timed_out = 1;
		job->deadline = now + KILL_GRACE_MS;
	} else {
		kill(job->child.pid, SIGKILL);
		job->deadline = 0;
	}
}

/* how long poll() may sleep: until the next deadline or reap check */
static int poll_timeout(struct runner *r, long long now)
{
	long long wait = -1;

	for (int i = 0; i < r->maxjobs; i++) {
		struct job *job = &r->slot[i];
		long long w = -1;

		if (!job->child.pid)
			continue;
		if (job->fd < 0 || job->timed_out)
			w = REAP_POLL_MS;
		else if (job->deadline)
			w = job->deadline > now ? job->deadline - now : 0;
		if (w >= 0 && (wait < 0 || w < wait))
			wait = w;
	}
	return (int)wait;
}

/* on a signal: SIGTERM every child, SIGKILL what is left after a grace */
static void kill_all(struct runner *r)
{
	long long give_up = now_ms() + KILL_GRACE_MS;

	for (int i = 0; i < r->maxjobs; i++)
		if (r->slot[i].child.pid)
			kill(r->slot[i].child.pid, SIGTERM);
	while (r->running) {
		bool killing = now_ms() >= give_up;

		for (int i = 0; i < r->maxjobs; i++) {
			struct job *job = &r->slot[i];

			if (!job->child.pid)
				continue;
			if (killing)
				kill(job->child.pid, SIGKILL);
			job_reap(r, job, false);
		}
		if (r->running)
			usleep(REAP_POLL_MS * 1000);
	}
	clear_line(r);
}

static void start_jobs(struct runner *r)
{
	for (int i = 0; i < r->maxjobs && r->more; i++) {
		if (r->slot[i].child.pid || r->slot[i].fd >= 0)
			continue;
		if (r->o->maxfail && r->failed >= r->o->maxfail) {
			r->more = false;
			break;
		}
		if (!job_start(r, &r->slot[i]))
			r->more = false;
	}
}

/* one turn of the loop; returns a signal number if one arrived */
static int run_once(struct runner *r)
{
	long long now = now_ms();
	unsigned char sig;
	int n;

	for (int i = 0; i < r->maxjobs; i++) {
		struct job *job = &r->slot[i];

		r->pfd[i + 1].fd = job->child.pid ? job->fd : -1;
		r->pfd[i + 1].revents = 0;
	}
	n = poll(r->pfd, (nfds_t)r->maxjobs + 1, poll_timeout(r, now));
	if (n < 0 && errno != EINTR)
		die("poll failed:");
	if (n > 0 && r->pfd[0].revents && read(r->pfd[0].fd, &sig, 1) == 1)
		return sig;
	now = now_ms();
	for (int i = 0; i < r->maxjobs; i++) {
		struct job *job = &r->slot[i];

		if (!job->child.pid)
			continue;
		if (n > 0 && job->fd >= 0 && r->pfd[i + 1].revents)
			job_read(job);
		job_check_deadline(job, now);
		/* a killed child's pipe may live on in a grandchild */
		if (job->fd < 0 || job->timed_out)
			job_reap(r, job, true);
	}
	return 0;
}

int jobs_run(const struct jobs_opts *o, jobs_next_fn next, jobs_done_fn done,
	     void *ctx, int total, int *interrupted)
{
	struct runner r = { .o = o, .next = next, .done = done, .ctx = ctx,
			    .total = total, .more = true };
	struct sigaction sa = { .sa_handler = catch_signal }, old_int, old_term;
	int sigfd[2], sig = 0;
	unsigned char last;

	if (sigpipe_wr >= 0)
		BUG("jobs_run() is not reentrant");
	*interrupted = 0;
	r.maxjobs = o->maxjobs > 0 ? o->maxjobs : online_cpus();
	r.tty = !o->quiet && isatty(2);
	if (pipe2(sigfd, O_CLOEXEC | O_NONBLOCK))
		die("cannot create pipe:");
	sigpipe_wr = sigfd[1];
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	r.slot = xcalloc((size_t)r.maxjobs, sizeof(*r.slot));
	r.pfd = xcalloc((size_t)r.maxjobs + 1, sizeof(*r.pfd));
	r.pfd[0] = (struct pollfd){ .fd = sigfd[0], .events = POLLIN };
	for (int i = 0; i < r.maxjobs; i++) {
		slot_clear(&r.slot[i]);
		r.pfd[i + 1].events = POLLIN;
	}

	for (;;) {
		start_jobs(&r);
		if (!r.running)
			break;
		sig = run_once(&r);
		if (sig)
			break;
		/* a finished job may have made more work ready */
		r.more = true;
	}
	if (sig)
		kill_all(&r);
	/* a signal during the last done() must not be lost */
	else if (read(sigfd[0], &last, 1) == 1)
		sig = last;
	clear_line(&r);

	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigpipe_wr = -1;
	close(sigfd[0]);
	close(sigfd[1]);
	free(r.slot);
	free(r.pfd);
	if (sig) {
		*interrupted = sig;
		return -1;
	}
	return r.failed;
}
