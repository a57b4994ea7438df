// SPDX-License-Identifier: GPL-2.0
/*
 * driver/jobs.c: output collection, the parallelism bound (measured by the
 * children's own clocks), deadlines, failure isolation and maxfail, signal
 * cleanup (no child left behind), unbroken output, and progress on a pipe
 * and on a pseudo-terminal.  The children are small sh and sleep runs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <sys/wait.h>

#include "jobs.h"
#include "unit.h"

#define MAXJOBS 32

struct spec {
	const char *label;
	const char *script;	/* run as sh -c SCRIPT */
	int timeout_ms;
};

struct ctx {
	const struct spec *spec;
	int n;			/* specs to hand out */
	int handed;		/* next() calls that returned a job */
	int ndone;
	int status[MAXJOBS];
	char *output[MAXJOBS];
	char *log[MAXJOBS];
	char *logdir;		/* give each job a log under here */
	int reject;		/* done() returns -1 for this job + 1 */
	int hold_after;		/* >0: hand out no more until this many done */
	int raise_in;		/* done() of this job + 1 raises SIGINT */
};

static int next_job(void *vctx, struct job *job)
{
	struct ctx *c = vctx;
	int i = c->handed;

	if (i >= c->n || (c->hold_after && i >= c->hold_after &&
			  c->ndone < c->hold_after))
		return 0;
	if (starts_with(c->spec[i].script, "!"))
		strvec_push(&job->child.args, c->spec[i].script + 1);
	else
		strvec_pushl(&job->child.args, "sh", "-c", c->spec[i].script,
			     NULL);
	job->label = xstrdup(c->spec[i].label);
	job->timeout_ms = c->spec[i].timeout_ms;
	job->cookie = (void *)(intptr_t)i;
	if (c->logdir) {
		job->log = xasprintf("%s/%s/run.log", c->logdir,
				     c->spec[i].label);
		c->log[i] = xstrdup(job->log);
	}
	c->handed++;
	return 1;
}

static int job_done(void *vctx, struct job *job, int status)
{
	struct ctx *c = vctx;
	int i = (int)(intptr_t)job->cookie;

	c->status[i] = status;
	c->output[i] = xstrdup(job->output.data);
	c->ndone++;
	if (c->raise_in == i + 1)
		raise(SIGINT);
	return c->reject == i + 1 ? -1 : 0;
}

static void ctx_release(struct ctx *c)
{
	for (int i = 0; i < MAXJOBS; i++) {
		free(c->output[i]);
		free(c->log[i]);
	}
	if (c->logdir) {
		remove_tree(c->logdir);
		free(c->logdir);
	}
}

/* run c's jobs with stderr captured; returns jobs_run()'s result */
static int run(struct ctx *c, int maxjobs, int maxfail, int quiet,
	       int verbose, int total, char **err)
{
	struct jobs_opts o = { .maxjobs = maxjobs, .maxfail = maxfail,
			       .quiet = quiet, .verbose = verbose };
	struct unit_capture cap;
	int interrupted = -1, ret;

	unit_stderr_begin(&cap);
	ret = jobs_run(&o, next_job, job_done, c, total, &interrupted);
	*err = unit_stderr_end(&cap);
	if (ret >= 0)
		assert_int_equal(interrupted, 0);
	return ret;
}

static void test_jobs__collects_output_and_logs(void **state)
{
	static const struct spec spec[] = {
		{ "a", "echo out; echo err >&2; echo out2" },
		{ "b", "printf 'no newline'" },
		{ "c", "true" },
	};
	struct ctx c = { .spec = spec, .n = 3 };
	struct buf log = BUF_INIT;
	char *err;

	(void)state;
	c.logdir = unit_tmpdir();
	assert_int_equal(run(&c, 2, 0, 1, 0, 3, &err), 0);
	assert_string_equal(err, "");
	assert_int_equal(c.ndone, 3);
	assert_string_equal(c.output[0], "out\nerr\nout2\n");
	assert_string_equal(c.output[1], "no newline");
	assert_string_equal(c.output[2], "");
	for (int i = 0; i < 3; i++) {
		assert_int_equal(c.status[i], 0);
		buf_reset(&log);
		assert_int_equal(buf_read_file(&log, c.log[i]), 0);
		assert_string_equal(log.data, c.output[i]);
	}
	buf_release(&log);
	free(err);
	ctx_release(&c);
}

/* most children alive at once, from the start/end times they printed */
static int max_overlap(struct ctx *c)
{
	long long start[MAXJOBS], end[MAXJOBS];
	int best = 0;

	for (int i = 0; i < c->n; i++) {
		char *e;

		start[i] = strtoll(c->output[i], &e, 10);
		end[i] = strtoll(e, NULL, 10);
		assert_true(start[i] > 0 && end[i] > start[i]);
	}
	for (int i = 0; i < c->n; i++) {
		int alive = 0;

		for (int j = 0; j < c->n; j++)
			alive += start[j] <= start[i] && start[i] < end[j];
		if (alive > best)
			best = alive;
	}
	return best;
}

static void check_bound(int maxjobs, int njobs)
{
	static const struct spec timed = {
		"t", "date +%s%N; sleep 0.3; date +%s%N"
	};
	struct spec spec[MAXJOBS];
	struct ctx c = { .spec = spec, .n = njobs };
	char *err;

	for (int i = 0; i < njobs; i++)
		spec[i] = timed;
	assert_int_equal(run(&c, maxjobs, 0, 1, 0, njobs, &err), 0);
	assert_int_equal(c.ndone, njobs);
	/* never more than maxjobs, and the bound is really used */
	assert_int_equal(max_overlap(&c), maxjobs);
	free(err);
	ctx_release(&c);
}

static void test_jobs__parallelism_is_bounded(void **state)
{
	(void)state;
	check_bound(3, 9);
	check_bound(1, 3);
}

static void test_jobs__timeout_kills(void **state)
{
	static const struct spec spec[] = {
		{ "hang", "exec sleep 100", 200 },
		/* ignores SIGTERM: needs the SIGKILL */
		{ "stubborn", "trap '' TERM; echo started; sleep 6", 200 },
		{ "quick", "echo fine", 5000 },
	};
	struct ctx c = { .spec = spec, .n = 3 };
	long long t0 = now_ms();
	char *err;

	(void)state;
	assert_int_equal(run(&c, 3, 0, 1, 0, 3, &err), 2);
	/* not waiting for the grandchild sleep that holds the pipe */
	assert_true(now_ms() - t0 < 4500);
	assert_int_equal(c.status[0], RUN_TIMEOUT);
	assert_int_equal(c.status[1], RUN_TIMEOUT);
	assert_int_equal(c.status[2], 0);
	assert_string_equal(c.output[1], "started\n");
	assert_non_null(strstr(err, "fsconv: error: hang failed (timed out)\n"));
	assert_non_null(strstr(err, "fsconv: error: stubborn failed (timed out)\n    started\n"));
	assert_null(strstr(err, "quick"));
	free(err);
	ctx_release(&c);
}

static void test_jobs__failure_isolation(void **state)
{
	struct spec spec[8];
	struct ctx c = { .spec = spec, .n = 8 };
	static const char *labels[] = { "j0", "j1", "j2", "j3",
					"j4", "j5", "j6", "j7" };
	char *err, *expect;

	(void)state;
	for (int i = 0; i < 8; i++)
		spec[i] = (struct spec){ labels[i], "sleep 0.05; echo ok" };
	spec[3].script = "echo one; echo boom >&2; exit 3";
	c.logdir = unit_tmpdir();
	assert_int_equal(run(&c, 2, 0, 1, 0, 8, &err), 1);
	assert_int_equal(c.ndone, 8);
	for (int i = 0; i < 8; i++) {
		assert_int_equal(c.status[i], i == 3 ? 3 : 0);
		assert_string_equal(c.output[i], i == 3 ? "one\nboom\n" : "ok\n");
	}
	expect = xasprintf("fsconv: error: j3 failed (exit status 3), log: %s\n"
			   "    one\n    boom\n", c.log[3]);
	assert_string_equal(err, expect);
	free(expect);
	free(err);
	ctx_release(&c);
}

static void test_jobs__maxfail_stops_starting(void **state)
{
	static const struct spec spec[] = {
		{ "f1", "exit 1" }, { "f2", "exit 1" }, { "f3", "exit 1" },
		{ "f4", "exit 1" }, { "f5", "exit 1" },
	};
	struct ctx c = { .spec = spec, .n = 5 };
	char *err;

	(void)state;
	assert_int_equal(run(&c, 1, 2, 1, 0, 5, &err), 2);
	assert_int_equal(c.handed, 2);
	assert_int_equal(c.ndone, 2);
	assert_int_equal(unit_count_lines(err, "fsconv: error: "), 2);
	free(err);
	ctx_release(&c);
	/* 0: never stop */
	memset(&c, 0, sizeof(c));
	c.spec = spec;
	c.n = 5;
	assert_int_equal(run(&c, 2, 0, 1, 0, 5, &err), 5);
	assert_int_equal(c.ndone, 5);
	free(err);
	ctx_release(&c);
}

static void test_jobs__start_failure_and_rejection(void **state)
{
	static const struct spec spec[] = {
		{ "missing", "!/nonexistent/program" },
		{ "rejected", "echo looks fine" },
		{ "good", "true" },
	};
	struct ctx c = { .spec = spec, .n = 3, .reject = 2 };
	char *err;

	(void)state;
	assert_int_equal(run(&c, 2, 0, 1, 0, 3, &err), 2);
	assert_int_equal(c.ndone, 3);
	assert_int_equal(c.status[0], 127);
	assert_int_equal(c.status[1], 0);
	assert_int_equal(c.status[2], 0);
	/*
	 * Under valgrind posix_spawn's vfork becomes a fork, so a failed
	 * exec is only the child's exit status 127, with no message.
	 */
	if (getenv("FSCONV_UNDER_VALGRIND")) {
		assert_string_equal(err,
			"fsconv: error: missing failed (exit status 127)\n"
			"fsconv: error: rejected failed (its output was rejected)\n");
	} else {
		assert_string_equal(c.output[0], "cannot run '/nonexistent/program': No such file or directory\n");
		assert_string_equal(err,
			"fsconv: error: missing failed (exit status 127)\n"
			"    cannot run '/nonexistent/program': No such file or directory\n"
			"fsconv: error: rejected failed (its output was rejected)\n");
	}
	free(err);
	ctx_release(&c);
}

static void test_jobs__signal_kills_and_reaps_all(void **state)
{
	static const struct spec spec[] = {
		{ "s1", "echo $$; exec sleep 100" },
		{ "s2", "trap '' TERM; echo $$; exec sleep 100" },
		{ "s3", "echo $$; exec sleep 100" },
		{ "s4", "echo never started" },
	};
	struct jobs_opts o = { .maxjobs = 3, .quiet = 1 };
	struct ctx c = { .spec = spec, .n = 4 };
	struct unit_capture cap;
	int interrupted = 0, ret, wstatus;
	long long t0 = now_ms();
	pid_t helper = fork();
	char *err;

	(void)state;
	assert_true(helper >= 0);
	if (!helper) {
		usleep(400 * 1000);
		kill(getppid(), SIGINT);
		_exit(0);
	}
	unit_stderr_begin(&cap);
	ret = jobs_run(&o, next_job, job_done, &c, 4, &interrupted);
	err = unit_stderr_end(&cap);
	assert_int_equal(waitpid(helper, &wstatus, 0), helper);
	assert_int_equal(ret, -1);
	assert_int_equal(interrupted, SIGINT);
	/* s2 ignores SIGTERM: the SIGKILL a second later ends it */
	assert_true(now_ms() - t0 < 3000);
	assert_int_equal(c.handed, 3);
	assert_int_equal(c.ndone, 3);
	for (int i = 0; i < 3; i++) {
		pid_t pid = (pid_t)atoi(c.output[i]);

		assert_true(pid > 0);
		errno = 0;
		assert_int_equal(kill(pid, 0), -1);
		assert_int_equal(errno, ESRCH);
	}
	/* the others took the SIGTERM the runner forwarded */
	assert_int_equal(c.status[0], 128 + SIGTERM);
	assert_int_equal(c.status[1], 128 + SIGKILL);
	assert_int_equal(c.status[2], 128 + SIGTERM);
	assert_string_equal(err, "");
	free(err);
	ctx_release(&c);
}

static void test_jobs__signal_in_the_last_done_is_kept(void **state)
{
	static const struct spec spec[] = { { "only", "true" } };
	struct jobs_opts o = { .maxjobs = 1, .quiet = 1 };
	struct ctx c = { .spec = spec, .n = 1, .raise_in = 1 };
	int interrupted = 0;

	(void)state;
	assert_int_equal(jobs_run(&o, next_job, job_done, &c, 1, &interrupted),
			 -1);
	assert_int_equal(interrupted, SIGINT);
	assert_int_equal(c.ndone, 1);
	ctx_release(&c);
}

static void test_jobs__output_never_interleaved(void **state)
{
	static const char *labels[] = { "w0", "w1", "w2", "w3" };
	struct spec spec[4];
	struct ctx c = { .spec = spec, .n = 4 };
	char *err;

	(void)state;
	/* four writers at once, each line a few milliseconds apart */
	for (int i = 0; i < 4; i++)
		spec[i] = (struct spec){ labels[i], xasprintf(
			"i=0; while [ $i -lt 30 ]; do echo \"%s line $i\"; "
			"i=$((i + 1)); sleep 0.005; done; exit 1", labels[i]) };
	c.logdir = unit_tmpdir();
	assert_int_equal(run(&c, 4, 0, 1, 0, 4, &err), 4);
	for (int i = 0; i < 4; i++) {
		struct buf want = BUF_INIT, log = BUF_INIT;
		const char *at;

		for (int l = 0; l < 30; l++)
			buf_addf(&want, "%s line %d\n", labels[i], l);
		assert_string_equal(c.output[i], want.data);
		assert_int_equal(buf_read_file(&log, c.log[i]), 0);
		assert_string_equal(log.data, want.data);
		/* the failure report: the error line, then the last 10 lines */
		buf_reset(&want);
		buf_addf(&want, "fsconv: error: %s failed (exit status 1), log: %s\n",
			 labels[i], c.log[i]);
		for (int l = 20; l < 30; l++)
			buf_addf(&want, "    %s line %d\n", labels[i], l);
		at = strstr(err, want.data);
		assert_non_null(at);
		buf_release(&want);
		buf_release(&log);
		free((char *)spec[i].script);
	}
	assert_int_equal(unit_count_lines(err, "fsconv: error: "), 4);
	assert_int_equal(unit_count_lines(err, "    w"), 40);
	free(err);
	ctx_release(&c);
}

static void test_jobs__progress_plain(void **state)
{
	static const struct spec spec[] = {
		{ "nfs: d_alloc_parallel", "true" },
		{ "xfs: d_add_ci", "true" },
	};
	struct ctx c = { .spec = spec, .n = 2 };
	char *err;

	(void)state;
	assert_int_equal(run(&c, 1, 0, 0, 0, 2, &err), 0);
	assert_string_equal(err, "[1/2] nfs: d_alloc_parallel\n"
				 "[2/2] xfs: d_add_ci\n");
	free(err);
	ctx_release(&c);
	/* no total: the count so far; -v: the command line first */
	memset(&c, 0, sizeof(c));
	c.spec = spec;
	c.n = 2;
	assert_int_equal(run(&c, 1, 0, 0, 1, 0, &err), 0);
	assert_string_equal(err, "+ sh -c true\n[1/1] nfs: d_alloc_parallel\n"
				 "+ sh -c true\n[2/2] xfs: d_add_ci\n");
	free(err);
	ctx_release(&c);
}

static void test_jobs__progress_tty(void **state)
{
	static const struct spec spec[] = {
		{ "nfs: one", "true" },
		{ "xfs: two", "true" },
	};
	struct jobs_opts o = { .maxjobs = 1 };
	struct ctx c = { .spec = spec, .n = 2 };
	int master = posix_openpt(O_RDWR | O_NOCTTY), slave, saved, intr;
	char text[4096];
	ssize_t n;

	(void)state;
	assert_true(master >= 0);
	assert_int_equal(grantpt(master), 0);
	assert_int_equal(unlockpt(master), 0);
	slave = open(ptsname(master), O_RDWR | O_NOCTTY);
	assert_true(slave >= 0);
	fflush(stderr);
	saved = dup(2);
	dup2(slave, 2);
	assert_int_equal(jobs_run(&o, next_job, job_done, &c, 2, &intr), 0);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	close(slave);
	fcntl(master, F_SETFL, O_NONBLOCK);
	/* the terminal hands the bytes over in pieces */
	for (n = 0; n < (ssize_t)sizeof(text) - 1;) {
		ssize_t got = read(master, text + n, sizeof(text) - 1 - n);

		if (got <= 0)
			break;
		n += got;
	}
	assert_true(n > 0);
	text[n] = '\0';
	close(master);
	/* one line rewritten in place, and erased at the end */
	assert_string_equal(text, "\r\033[K[1/2] nfs: one\r\033[K"
				  "\r\033[K[2/2] xfs: two\r\033[K");
	ctx_release(&c);
}

static void test_jobs__more_work_after_a_job_ends(void **state)
{
	static const struct spec spec[] = {
		{ "first", "date +%s%N; sleep 0.1; date +%s%N" },
		{ "second", "date +%s%N; date +%s%N" },
	};
	struct ctx c = { .spec = spec, .n = 2, .hold_after = 1 };
	char *err;

	(void)state;
	assert_int_equal(run(&c, 4, 0, 1, 0, 2, &err), 0);
	assert_int_equal(c.ndone, 2);
	/* the second started only after the first ended */
	assert_true(strtoll(c.output[1], NULL, 10) >
		    strtoll(strchr(c.output[0], '\n') + 1, NULL, 10));
	free(err);
	ctx_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jobs__collects_output_and_logs),
		cmocka_unit_test(test_jobs__parallelism_is_bounded),
		cmocka_unit_test(test_jobs__timeout_kills),
		cmocka_unit_test(test_jobs__failure_isolation),
		cmocka_unit_test(test_jobs__maxfail_stops_starting),
		cmocka_unit_test(test_jobs__start_failure_and_rejection),
		cmocka_unit_test(test_jobs__signal_kills_and_reaps_all),
		cmocka_unit_test(test_jobs__signal_in_the_last_done_is_kept),
		cmocka_unit_test(test_jobs__output_never_interleaved),
		cmocka_unit_test(test_jobs__progress_plain),
		cmocka_unit_test(test_jobs__progress_tty),
		cmocka_unit_test(test_jobs__more_work_after_a_job_ends),
	};

	return cmocka_run_group_tests_name("jobs", tests, NULL, NULL);
}
