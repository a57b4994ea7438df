/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FSCONV_LOCKS_H
#define FSCONV_LOCKS_H

#include <stdio.h>

#include "annotate.h"
#include "util.h"

/*
 * The lock checkers: sparse -Wcontext and clang's thread-safety analysis
 * through libclang, both on copies annotated by annotate.c.  A finding
 * prints as "file:line: function: rule: message"; rule is the spec's
 * checker rule, C1 (lock balance), C2 (lock mode) or C6 (blocking call
 * under the parent lock).
 */
struct finding {
	char *file;
	int line;
	char *func;
	char *rule;
	char *msg;
};

struct findings {
	struct finding *v;
	size_t n;
};

#define FINDINGS_INIT { NULL, 0 }

void findings_add(struct findings *fs, const char *file, int line,
		  const char *func, const char *rule, const char *msg);
void findings_release(struct findings *fs);
/* by file, then line, then message; drops exact duplicates */
void findings_sort(struct findings *fs);
void finding_print(FILE *fp, const struct finding *f);
/*
 * What after has and before has not, matched by file, function, rule and
 * message (lines move), counting repeats; gone, when not NULL, gets the
 * reverse.
 */
void findings_delta(const struct findings *before,
		    const struct findings *after, struct findings *added,
		    struct findings *gone);

/*
 * sparse.  make runs "fsconv check-locks --sparse-wrapper SPEC <sparse
 * flags> FILE" as its CHECK: the wrapper annotates FILE into a scratch
 * copy, runs sparse on it and prints sparse's output with the copy's
 * name replaced by FILE's.  SPEC names the ->lookup/->iterate_shared
 * functions and the scratch directory; locks_sparse_spec() writes it.
 */
int locks_sparse_spec(const char *spec, const struct annot_names *names,
		      const char *scratch);
/* the wrapper itself: argv is "check-locks --sparse-wrapper SPEC ..." */
int locks_sparse_wrapper(int argc, const char **argv);
/* the CHECK= value for make */
char *locks_sparse_check(const char *spec);
/* parse sparse's output: context imbalances, files relative to prefix */
void locks_sparse_parse(const char *output, const char *prefix,
			struct findings *out);
/* annotate and run sparse on one file directly (no make) */
int locks_sparse_file(const char *file, const struct strvec *flags,
		      const struct annot_names *names, struct findings *out);

/* clang: one CXIndex for a run, and the header every parse includes */
struct lockclang {
	void *index;		/* CXIndex */
	char *header;		/* lockcheck/lockcheck.h */
	long long ms;		/* time spent parsing */
	size_t nparsed;
};

/* 0 if lockcheck/lockcheck.h is where the workers will look, else -1 */
int lockclang_check_header(void);
int lockclang_init(struct lockclang *lc);
void lockclang_release(struct lockclang *lc);
/*
 * Analyse file (as the compiler sees it, absolute) with the compile
 * flags args (without the file), reporting it as display.  Returns 0, or
 * -1 with *why set when clang could not parse it cleanly (its analysis
 * stops at the first error).
 */
int lockclang_file(struct lockclang *lc, const char *file,
		   const char *display, const struct strvec *args,
		   const struct annot_names *names, struct findings *out,
		   char **why);

/*
 * lockclang_file() in a child: "check-locks --clang-worker SPEC FILE
 * DISPLAY -- FLAGS..." (SPEC as for the sparse wrapper), and the parser
 * of what it prints.
 */
int locks_clang_worker(int argc, const char **argv);
void locks_worker_parse(const char *output, const char *display,
			struct findings *out, char **why);
/* this binary, for make and the job runner to run */
char *locks_self(void);

/* kbuild's gcc command line, reduced to what a clang parse needs */
void locks_clang_args(const struct strvec *gcc, const char *objdir,
		      struct strvec *out);

#endif
