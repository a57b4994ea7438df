/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FSCONV_JOBS_H
#define FSCONV_JOBS_H

#include "spawn.h"
#include "util.h"

/*
 * The parallel job runner: one poll() loop over the jobs' output pipes and
 * a self-pipe for signals, in the manner of samurai's build().
 *
 * The caller hands out work through next(), which fills in a job (argv,
 * dir, label, timeout, log path, cookie) and returns 1, or returns 0 when
 * there is nothing more to start now.  When a job ends, done() is called
 * with its status (exit code, 128 + signal, or RUN_TIMEOUT) and its whole
 * output (stdout and stderr, in order); done() returns 0, or -1 to count
 * the job as failed even though it exited 0.  Output of different jobs is
 * never interleaved: each job's output is written to its log file whole.
 *
 * On SIGINT or SIGTERM every running child is killed and reaped, and
 * jobs_run() returns -1 with *interrupted set to the signal, so the
 * caller can remove temporary outputs and re-raise.
 *
 * next() gets a cleared job and fills in what it needs; the runner owns
 * what it filled in from then on (child.args and env, label, log: all
 * freed after done()) except the cookie.  The child reads /dev/null and
 * writes stdout and stderr into one pipe.  done() is called exactly once
 * for every job next() handed out, also for one that could not be
 * started (status 127 for a missing program, else 126, its output the
 * reason) and for one killed because of a signal.
 */
struct job {
	struct child child;	/* args, dir, env */
	char *label;		/* "nfs: d_alloc_noblock", for progress */
	char *log;		/* output is also saved here when set */
	int timeout_ms;		/* 0: none; SIGTERM, then SIGKILL */
	void *cookie;		/* the caller's */
	/* runner-private below */
	struct buf output;
	long long deadline;	/* when to send the next signal; 0: none */
	int fd;			/* our end of the output pipe; -1 at EOF */
	unsigned int timed_out : 1;	/* SIGTERM sent for the deadline */
};

struct jobs_opts {
	int maxjobs;		/* at most this many children at once; 0: CPUs */
	int maxfail;		/* stop starting jobs after this many; 0 never */
	int quiet;		/* -q: print nothing but failures */
	int verbose;		/* -v: print each command line */
};

typedef int (*jobs_next_fn)(void *ctx, struct job *job);
typedef int (*jobs_done_fn)(void *ctx, struct job *job, int status);

/*
 * Run jobs until next() has nothing more and every started job is done.
 * Progress: on a TTY one status line "[n/N] label" rewritten in place
 * (N is total when > 0, else the count started so far), plain lines
 * otherwise.  Returns the number of failed jobs, or -1 if interrupted.
 */
int jobs_run(const struct jobs_opts *o, jobs_next_fn next, jobs_done_fn done,
	     void *ctx, int total, int *interrupted);

#endif
