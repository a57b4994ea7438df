/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FSCONV_UTIL_H
#define FSCONV_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* exit codes shared by every command */
enum fsconv_exit {
	EXIT_OK = 0,
	EXIT_FOUND = 1,	 /* a stage found a problem */
	EXIT_USAGE = 2,	 /* bad usage or bad input */
};

/* set once by main(); prefixes every diagnostic */
extern const char *progname;

/* print "fsconv: fatal: ..." and exit 2; a trailing ':' appends strerror(errno) */
void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
/* print "fsconv: error: ..." and return -1, so callers can `return error(...)` */
int error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* print "fsconv: warning: ..." */
void warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* a broken invariant: file:line and abort() */
#define BUG(...) bug_at(__FILE__, __LINE__, __VA_ARGS__)
void bug_at(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4), noreturn));

/* allocation wrappers that die on OOM */
void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
void *xreallocarray(void *p, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* allocate and format; sizes with vsnprintf(NULL, 0) first */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * A growable byte buffer.  Invariants: data is never NULL after buf_init()
 * and is always NUL-terminated; len excludes the terminator.  Take
 * ownership of the bytes with buf_detach().
 */
struct buf {
	char *data;
	size_t len;
	size_t cap;
};

#define BUF_INIT { .data = buf_empty, .len = 0, .cap = 0 }
extern char buf_empty[];

void buf_init(struct buf *b);
void buf_release(struct buf *b);
void buf_reset(struct buf *b);
void buf_grow(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *p, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addch(struct buf *b, char c);
void buf_addf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_vaddf(struct buf *b, const char *fmt, va_list ap);
/* drop trailing whitespace */
void buf_rtrim(struct buf *b);
/* return the bytes, leaving b empty; the caller frees them */
char *buf_detach(struct buf *b);
/* fold text to width columns: first line after indent, the rest after hang */
void text_wrap(struct buf *b, const char *text, const char *indent,
	       const char *hang, size_t width);
/* a paragraph of 72 columns and a blank line */
void text_para(struct buf *b, const char *text);
/* append the whole of a file; -1 with errno set on failure */
int buf_read_file(struct buf *b, const char *path);

/* A NULL-terminated vector of owned strings, e.g. a child's argv. */
struct strvec {
	char **v;
	size_t n;
	size_t cap;
};

#define STRVEC_INIT { .v = strvec_empty, .n = 0, .cap = 0 }
extern char *strvec_empty[];

void strvec_init(struct strvec *sv);
void strvec_clear(struct strvec *sv);
void strvec_push(struct strvec *sv, const char *s);
void strvec_pushf(struct strvec *sv, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* push every argument up to a terminating NULL */
void strvec_pushl(struct strvec *sv, ...) __attribute__((sentinel));
void strvec_pushv(struct strvec *sv, const char *const *argv);
/* split text on '\n' and push every non-empty line */
void strvec_split_lines(struct strvec *sv, const char *text);
bool strvec_contains(const struct strvec *sv, const char *s);

bool starts_with(const char *s, const char *prefix);
bool ends_with(const char *s, const char *suffix);
/* "a/b" from dir and name; the caller frees it */
char *path_join(const char *dir, const char *name);
/* mkdir -p; 0 or -1 with errno set */
int mkdirs(const char *path, unsigned int mode);
/* rm -r; 0 or -1 with errno set */
int remove_tree(const char *path);
bool is_dir(const char *path);
bool is_file(const char *path);

/*
 * Write len bytes to path through "path.tmp.PID" and rename(), so a reader
 * sees either the old file or the whole new one.  0, or an error() and -1.
 */
int write_file_atomic(const char *path, const void *p, size_t len);

/* number of CPUs online, at least 1 */
int online_cpus(void);
/* monotonic clock in milliseconds */
long long now_ms(void);

/* edit distance, for "did you mean ...?" */
size_t levenshtein(const char *a, const char *b);

#endif
