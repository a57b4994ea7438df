// SPDX-License-Identifier: GPL-2.0
/*
 * The lock checkers (see locks.h): sparse's context tracking run by make
 * through a CHECK wrapper, and clang's thread-safety analysis run here
 * through libclang, both over copies annotated by annotate.c with the
 * model documented in lockcheck/lockcheck.h.
 */
#define _GNU_SOURCE
#include <clang-c/Index.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsconv.h"
#include "locks.h"
#include "spawn.h"

/* ---- findings ---------------------------------------------------------- */

void findings_add(struct findings *fs, const char *file, int line,
		  const char *func, const char *rule, const char *msg)
{
	struct finding *f;

	fs->v = xreallocarray(fs->v, fs->n + 1, sizeof(*fs->v));
	f = &fs->v[fs->n++];
	f->file = xstrdup(file);
	f->line = line;
	f->func = xstrdup(func ? func : "");
	f->rule = xstrdup(rule);
	f->msg = xstrdup(msg);
}

static void finding_free(struct finding *f)
{
	free(f->file);
	free(f->func);
	free(f->rule);
	free(f->msg);
}

void findings_release(struct findings *fs)
{
	for (size_t i = 0; i < fs->n; i++)
		finding_free(&fs->v[i]);
	free(fs->v);
	fs->v = NULL;
	fs->n = 0;
}

static int finding_cmp(const void *a, const void *b)
{
	const struct finding *x = a, *y = b;
	int c = strcmp(x->file, y->file);

	if (c)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if ((c = strcmp(x->rule, y->rule)))
		return c;
	return strcmp(x->msg, y->msg);
}

void findings_sort(struct findings *fs)
{
	size_t out = 0;

	if (fs->n > 1)
		qsort(fs->v, fs->n, sizeof(*fs->v), finding_cmp);
	for (size_t i = 0; i < fs->n; i++) {
		if (out && !finding_cmp(&fs->v[out - 1], &fs->v[i]) &&
		    !strcmp(fs->v[out - 1].func, fs->v[i].func)) {
			finding_free(&fs->v[i]);
			continue;
		}
		fs->v[out++] = fs->v[i];
	}
	fs->n = out;
}

void finding_print(FILE *fp, const struct finding *f)
{
	fprintf(fp, "%s:%d: %s: %s: %s\n", f->file, f->line,
		*f->func ? f->func : "<file scope>", f->rule, f->msg);
}

static bool same_key(const struct finding *a, const struct finding *b)
{
	return !strcmp(a->file, b->file) && !strcmp(a->func, b->func) &&
	       !strcmp(a->rule, b->rule) && !strcmp(a->msg, b->msg);
}

/* add to out what a has beyond b, pairing equal keys one to one */
static void findings_minus(const struct findings *a,
			   const struct findings *b, struct findings *out)
{
	unsigned char *used = xcalloc(b->n + 1, sizeof(*used));

	for (size_t i = 0; i < a->n; i++) {
		bool paired = false;

		for (size_t j = 0; j < b->n && !paired; j++)
			if (!used[j] && same_key(&a->v[i], &b->v[j]))
				used[j] = paired = true;
		if (!paired)
			findings_add(out, a->v[i].file, a->v[i].line,
				     a->v[i].func, a->v[i].rule,
				     a->v[i].msg);
	}
	free(used);
}

void findings_delta(const struct findings *before,
		    const struct findings *after, struct findings *added,
		    struct findings *gone)
{
	findings_minus(after, before, added);
	if (gone)
		findings_minus(before, after, gone);
}

/* ---- sparse ------------------------------------------------------------ */

int locks_sparse_spec(const char *spec, const struct annot_names *names,
		      const char *scratch)
{
	struct buf b = BUF_INIT;
	int ret;

	buf_addf(&b, "scratch %s\n", scratch);
	for (size_t i = 0; i < names->lookup.n; i++)
		buf_addf(&b, "lookup %s\n", names->lookup.v[i]);
	for (size_t i = 0; i < names->iterate.n; i++)
		buf_addf(&b, "iterate %s\n", names->iterate.v[i]);
	for (size_t i = 0; i < names->iterate_excl.n; i++)
		buf_addf(&b, "iterate-excl %s\n", names->iterate_excl.v[i]);
	for (size_t i = 0; i < names->helpers.n; i++)
		buf_addf(&b, "helper %s\n", names->helpers.v[i]);
	for (size_t i = 0; i < names->dirop.n; i++)
		buf_addf(&b, "dirop %s\n", names->dirop.v[i]);
	for (size_t i = 0; i < names->dirop_helpers.n; i++)
		buf_addf(&b, "dirop-helper %s\n", names->dirop_helpers.v[i]);
	if (mkdirs(scratch, 0755))
		ret = error("cannot create '%s':", scratch);
	else
		ret = write_file_atomic(spec, b.data, b.len);
	buf_release(&b);
	return ret;
}

char *locks_self(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	/* this very binary, not whatever fsconv the directory holds now */
	return n > 0 ? xstrndup(exe, (size_t)n) :
		       path_join(fsconv_home(), "fsconv");
}

char *locks_sparse_check(const char *spec)
{
	char *self = locks_self();
	char *check = xasprintf("%s check-locks --sparse-wrapper %s", self,
				spec);

	free(self);
	return check;
}

static int read_spec(const char *spec, struct annot_names *names,
		     char **scratch)
{
	struct buf b = BUF_INIT;
	struct strvec lines = STRVEC_INIT;

	if (buf_read_file(&b, spec))
		return error("cannot read '%s':", spec);
	strvec_split_lines(&lines, b.data);
	for (size_t i = 0; i < lines.n; i++) {
		const char *l = lines.v[i];

		if (starts_with(l, "scratch "))
			*scratch = xstrdup(l + strlen("scratch "));
		else if (starts_with(l, "lookup "))
			strvec_push(&names->lookup, l + strlen("lookup "));
		else if (starts_with(l, "iterate "))
			strvec_push(&names->iterate, l + strlen("iterate "));
		else if (starts_with(l, "helper "))
			strvec_push(&names->helpers, l + strlen("helper "));
		else if (starts_with(l, "iterate-excl "))
			strvec_push(&names->iterate_excl,
				    l + strlen("iterate-excl "));
		else if (starts_with(l, "dirop "))
			strvec_push(&names->dirop, l + strlen("dirop "));
		else if (starts_with(l, "dirop-helper "))
			strvec_push(&names->dirop_helpers,
				    l + strlen("dirop-helper "));
	}
	strvec_clear(&lines);
	buf_release(&b);
	if (!*scratch)
		return error("'%s' names no scratch directory", spec);
	return 0;
}

/* replace every occurrence of from in text by to */
static char *replace_all(const char *text, const char *from, const char *to)
{
	struct buf b = BUF_INIT;
	size_t n = strlen(from);
	const char *p;

	while (n && (p = strstr(text, from))) {
		buf_add(&b, text, (size_t)(p - text));
		buf_adds(&b, to);
		text = p + n;
	}
	buf_adds(&b, text);
	return buf_detach(&b);
}

/*
 * Annotate file into scratch, run sparse with flags on the copy, and
 * return its output with the copy's name replaced by file.
 */
static int sparse_run(const char *file, const char *const *flags,
		      const struct annot_names *names, const char *scratch,
		      struct buf *out)
{
	struct annot_file af;
	struct buf text = BUF_INIT, raw = BUF_INIT;
	struct child c = CHILD_INIT;
	char *slug = xstrdup(file), *copy, *mapped;
	int ret;

	if (buf_read_file(&text, file)) {
		free(slug);
		return error("cannot read '%s':", file);
	}
	for (char *p = slug; *p; p++)
		if (*p == '/')
			*p = '_';
	copy = xasprintf("%s/%ld%s", scratch, (long)getpid(), slug);
	annot_file_make(&af, text.data, names, ANNOT_SPARSE);
	ret = write_file_atomic(copy, af.text.data, af.text.len);
	annot_file_release(&af);
	if (!ret) {
		strvec_pushl(&c.args, "sparse", "-Wcontext", NULL);
		strvec_pushv(&c.args, flags);
		strvec_push(&c.args, copy);
		ret = child_run_capture(&c, &raw, NULL, 0) < 0 ? -1 : 0;
		mapped = replace_all(raw.data, copy, file);
		buf_adds(out, mapped);
		free(mapped);
		unlink(copy);
	}
	child_release(&c);
	buf_release(&text);
	buf_release(&raw);
	free(copy);
	free(slug);
	return ret;
}

/*
 * make's CHECK: argv is "check-locks --sparse-wrapper SPEC FLAGS... FILE".
 * sparse's verdict is in what it prints, so this exits 0 whatever it
 * found: a non-zero exit would stop make from building the object.
 */
int locks_sparse_wrapper(int argc, const char **argv)
{
	struct annot_names names = ANNOT_NAMES_INIT;
	struct strvec flags = STRVEC_INIT;
	struct buf out = BUF_INIT;
	char *scratch = NULL;
	int ret;

	if (argc < 4)
		die("usage: fsconv check-locks --sparse-wrapper SPEC "
		    "FLAGS... FILE");
	if (read_spec(argv[2], &names, &scratch))
		return EXIT_USAGE;
	for (int i = 3; i < argc - 1; i++)
		strvec_push(&flags, argv[i]);
	ret = sparse_run(argv[argc - 1], (const char *const *)flags.v,
			 &names, scratch, &out);
	fputs(out.data, stderr);
	buf_release(&out);
	strvec_clear(&flags);
	annot_names_release(&names);
	free(scratch);
	return ret ? EXIT_USAGE : EXIT_OK;
}

void locks_sparse_parse(const char *output, const char *prefix,
			struct findings *out)
{
	struct strvec lines = STRVEC_INIT;
	size_t plen = prefix ? strlen(prefix) : 0;

	strvec_split_lines(&lines, output);
	for (size_t i = 0; i < lines.n; i++) {
		char *l = lines.v[i], *w, *q, *q2, *msg;
		const char *file = l;
		int line;

		w = strstr(l, ": warning: context imbalance in '");
		if (!w)
			continue;
		*w = '\0';
		q = w + strlen(": warning: context imbalance in '");
		q2 = strchr(q, '\'');
		if (!q2 || !(msg = strstr(q2, " - ")))
			continue;
		*q2 = '\0';
		if (annot_is_lock_function(q))
			continue;
		/* file:line:col */
		char *c2 = strrchr(l, ':'), *c1;

		if (!c2)
			continue;
		*c2 = '\0';
		c1 = strrchr(l, ':');
		if (!c1)
			continue;
		*c1 = '\0';
		line = atoi(c1 + 1);
		if (plen && !strncmp(file, prefix, plen) && file[plen] == '/')
			file += plen + 1;
		char *text = xasprintf("context imbalance - %s (sparse)",
				       msg + 3);

		findings_add(out, file, line, q, "C1", text);
		free(text);
	}
	strvec_clear(&lines);
}

int locks_sparse_file(const char *file, const struct strvec *flags,
		      const struct annot_names *names, struct findings *out)
{
	char *scratch = xasprintf("%s/fsconv-sparse.%ld",
				  getenv("TMPDIR") ? getenv("TMPDIR") :
						     "/tmp", (long)getpid());
	struct buf text = BUF_INIT;
	struct strvec all = STRVEC_INIT;
	char *dir = xstrdup(file), *slash = strrchr(dir, '/');
	int ret;

	/* the copy lives elsewhere: "x.h" must still resolve */
	strvec_pushf(&all, "-I%s", slash ? (*slash = '\0', dir) : ".");
	strvec_pushv(&all, (const char *const *)flags->v);
	if (mkdirs(scratch, 0700))
		ret = error("cannot create '%s':", scratch);
	else
		ret = sparse_run(file, (const char *const *)all.v, names,
				 scratch, &text);
	rmdir(scratch);
	if (!ret)
		locks_sparse_parse(text.data, NULL, out);
	strvec_clear(&all);
	buf_release(&text);
	free(scratch);
	free(dir);
	return ret;
}

/* ---- clang ------------------------------------------------------------- */

int lockclang_check_header(void)
{
	struct lockclang lc;

	if (lockclang_init(&lc))
		return -1;
	lockclang_release(&lc);
	return 0;
}

int lockclang_init(struct lockclang *lc)
{
	memset(lc, 0, sizeof(*lc));
	lc->header = path_join(fsconv_home(), "lockcheck/lockcheck.h");
	if (!is_file(lc->header)) {
		error("cannot find '%s'", lc->header);
		free(lc->header);
		return -1;
	}
	lc->index = clang_createIndex(0, 0);
	return 0;
}

void lockclang_release(struct lockclang *lc)
{
	if (lc->index)
		clang_disposeIndex(lc->index);
	free(lc->header);
	memset(lc, 0, sizeof(*lc));
}

static bool strv_has(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (!strcmp(*list, s))
			return true;
	return false;
}

static bool abs_or_keep(const char *objdir, const char *p, struct strvec *out)
{
	if (*p == '/' || !objdir)
		strvec_push(out, p);
	else
		strvec_pushf(out, "%s/%s", objdir, p);
	return true;
}

void locks_clang_args(const struct strvec *gcc, const char *objdir,
		      struct strvec *out)
{
	static const char *const with_path[] = { "-I", "-include",
						  "-isystem", "-iquote",
						  NULL };
	static const char *const keep[] = { "-nostdinc", "-funsigned-char",
					     "-fshort-wchar", NULL };

	for (size_t i = 1; i < gcc->n; i++) {
		const char *a = gcc->v[i];
		bool sep = false;

		for (const char *const *w = with_path; *w; w++)
			if (!strcmp(a, *w))
				sep = true;
		if (sep && i + 1 < gcc->n) {
			strvec_push(out, a);
			abs_or_keep(objdir, gcc->v[++i], out);
		} else if (starts_with(a, "-I")) {
			strvec_push(out, "-I");
			abs_or_keep(objdir, a + 2, out);
		} else if (starts_with(a, "-D") || starts_with(a, "-U") ||
			   starts_with(a, "-std=") ||
			   strv_has(keep, a)) {
			strvec_push(out, a);
			if ((!strcmp(a, "-D") || !strcmp(a, "-U")) &&
			    i + 1 < gcc->n)
				strvec_push(out, gcc->v[++i]);
		} else if (!strcmp(a, "-o") || !strcmp(a, "-MF") ||
			   !strcmp(a, "-MT")) {
			i++;
		}
		/* -f, -m, -W, -O, -g, -c and the source itself: dropped */
	}
}

/*
 * The second pass reparses with another copy of the file: the headers
 * before its first line of code stay the same, so a preamble pays.
 */
#ifndef PARSE_FLAGS
#define PARSE_FLAGS (CXTranslationUnit_KeepGoing | \
		     CXTranslationUnit_PrecompiledPreamble | \
		     CXTranslationUnit_CreatePreambleOnFirstParse)
#endif

/* a finding seen in one or both passes */
struct seen {
	struct finding f;
	unsigned int modes;	/* 1 shared, 2 exclusive */
};

/* '__fsconv_rwsem(X)' -> 'X->i_rwsem' */
static char *clean_rwsem(const char *msg)
{
	struct buf b = BUF_INIT;
	const char *p;

	while ((p = strstr(msg, "__fsconv_rwsem("))) {
		const char *q = p + strlen("__fsconv_rwsem(");
		int depth = 1;
		const char *e = q;

		while (*e && depth) {
			depth += *e == '(';
			depth -= *e == ')';
			e++;
		}
		buf_add(&b, msg, (size_t)(p - msg));
		buf_add(&b, q, (size_t)(e - q - (depth ? 0 : 1)));
		buf_adds(&b, "->i_rwsem");
		msg = e;
	}
	buf_adds(&b, msg);
	return buf_detach(&b);
}

static const char *clang_rule(const char *msg)
{
	if (strstr(msg, "cannot call function"))
		return "C6";
	if (strstr(msg, "'__fsconv_lookup_excl'") ||
	    strstr(msg, "exclusively and shared") ||
	    strstr(msg, "using shared access") ||
	    strstr(msg, "using exclusive access"))
		return "C2";
	return "C1";
}

/* clang's words, in the model's terms */
static char *clang_message(const char *raw)
{
	char *a, *b, *c;

	if (strstr(raw, "'__fsconv_held'"))
		return xstrdup("returns without the parent lock");
	if (strstr(raw, "'__fsconv_lookup_excl'"))
		return xstrdup("->lookup called with flags that say the "
			       "parent is held exclusive (no LOOKUP_SHARED) "
			       "when it is not");
	if (strstr(raw, "'__fsconv_lookup_held'"))
		return xstrdup("->lookup called without the parent lock");
	a = replace_all(raw, "mutex '", "lock '");
	b = replace_all(a, "lock '__fsconv_parent'", "the parent lock");
	free(a);
	a = replace_all(b, "__fsconv_parent_inode_", "inode_");
	c = clean_rwsem(a);
	free(a);
	free(b);
	return c;
}

static void seen_add(struct seen **v, size_t *n, const char *file, int line,
		     const char *func, const char *raw, unsigned int mode)
{
	char *msg = clang_message(raw);
	const char *rule = clang_rule(raw);

	for (size_t i = 0; i < *n; i++) {
		struct finding *f = &(*v)[i].f;

		if (f->line == line && !strcmp(f->msg, msg) &&
		    !strcmp(f->rule, rule)) {
			(*v)[i].modes |= mode;
			free(msg);
			return;
		}
	}
	*v = xreallocarray(*v, *n + 1, sizeof(**v));
	(*v)[*n].f = (struct finding){ xstrdup(file), line, xstrdup(func),
				       xstrdup(rule), msg };
	(*v)[(*n)++].modes = mode;
}

/* collect one pass's warnings on file; -1 and *why on an error */
static int collect(CXTranslationUnit tu, const char *file, const char *display,
		   const struct annot_file *af, unsigned int mode,
		   struct seen **v, size_t *n, char **why)
{
	unsigned int nd = clang_getNumDiagnostics(tu);
	int ret = 0;

	for (unsigned int i = 0; i < nd; i++) {
		CXDiagnostic d = clang_getDiagnostic(tu, i);
		enum CXDiagnosticSeverity sev = clang_getDiagnosticSeverity(d);
		CXString fname, text = clang_getDiagnosticSpelling(d);
		unsigned int line, col;
		const char *msg = clang_getCString(text);

		clang_getPresumedLocation(clang_getDiagnosticLocation(d),
					  &fname, &line, &col);
		const char *f = clang_getCString(fname);

		if (sev >= CXDiagnostic_Error && !ret) {
			*why = xasprintf("%s:%u: %s", f, line, msg);
			ret = -1;
		} else if (sev == CXDiagnostic_Warning && !strcmp(f, file)) {
			const struct annot_func *fn = annot_func_at(af,
								    (int)line);

			/*
			 * Outside the annotated functions only the parent's
			 * own events count; a call of a ->lookup from code
			 * whose lock state the model does not know does not.
			 */
			if ((fn && fn->role != ROLE_NONE) ||
			    (strstr(msg, "__fsconv_parent") &&
			     !strstr(msg, "requires holding")))
				seen_add(v, n, display, (int)line,
					 fn ? fn->name : "", msg, mode);
		}
		clang_disposeString(fname);
		clang_disposeString(text);
		clang_disposeDiagnostic(d);
	}
	return ret;
}

/*
 * A path that returns without the parent is reported at its return; the
 * same fact reported again at the closing brace adds nothing.
 */
static void drop_exit_echoes(struct seen *v, size_t *n)
{
	size_t out = 0;

	for (size_t i = 0; i < *n; i++) {
		bool echo = false;

		if (strstr(v[i].f.msg, "at the end of function") ||
		    strstr(v[i].f.msg, "not held on every path"))
			for (size_t j = 0; j < *n && !echo; j++)
				echo = !strcmp(v[j].f.func, v[i].f.func) &&
				       strstr(v[j].f.msg, "returns without");
		if (echo && strstr(v[i].f.msg, "the parent lock")) {
			finding_free(&v[i].f);
			continue;
		}
		v[out++] = v[i];
	}
	*n = out;
}

static bool any_lookup_mode(const struct annot_file *af)
{
	for (size_t i = 0; i < af->nfuncs; i++)
		if (af->funcs[i].role != ROLE_NONE &&
		    af->funcs[i].hold == HOLD_BY_MODE)
			return true;
	return false;
}

int lockclang_file(struct lockclang *lc, const char *file,
		   const char *display, const struct strvec *args,
		   const struct annot_names *names, struct findings *out,
		   char **why)
{
	struct annot_file af[2];
	struct strvec argv = STRVEC_INIT;
	struct buf text = BUF_INIT;
	struct seen *v = NULL;
	size_t n = 0;
	CXTranslationUnit tu = NULL;
	long long start = now_ms();
	int ret = 0, passes;

	*why = NULL;
	if (buf_read_file(&text, file)) {
		*why = xasprintf("cannot read '%s': %s", file,
				 strerror(errno));
		return -1;
	}
	annot_file_make(&af[0], text.data, names, ANNOT_CLANG_SHARED);
	if (!af[0].nannotated) {
		annot_file_release(&af[0]);
		buf_release(&text);
		return 0;
	}
	passes = any_lookup_mode(&af[0]) ? 2 : 1;
	if (passes == 2)
		annot_file_make(&af[1], text.data, names, ANNOT_CLANG_EXCL);
	strvec_pushv(&argv, (const char *const *)args->v);
	strvec_pushl(&argv, "-include", lc->header, "-Wno-everything",
		     "-Wthread-safety", NULL);
	for (int p = 0; p < passes && !ret; p++) {
		struct CXUnsavedFile u = { file, af[p].text.data,
					   (unsigned long)af[p].text.len };
		enum CXErrorCode rc;

		if (!p)
			rc = clang_parseTranslationUnit2(
				lc->index, file,
				(const char *const *)argv.v, (int)argv.n, &u,
				1, PARSE_FLAGS, &tu);
		else
			rc = clang_reparseTranslationUnit(
				tu, 1, &u, clang_defaultReparseOptions(tu));
		if (rc != CXError_Success) {
			*why = xasprintf("libclang could not parse '%s' "
					 "(error %d)", file, (int)rc);
			ret = -1;
			break;
		}
		lc->nparsed++;
		ret = collect(tu, file, display, &af[p], p ? 2 : 1, &v, &n,
			      why);
	}
	if (tu)
		clang_disposeTranslationUnit(tu);
	drop_exit_echoes(v, &n);
	for (size_t i = 0; i < n; i++) {
		const struct annot_func *fn = annot_func_named(&af[0],
							   v[i].f.func);
		/* the lock mode only varies for ->lookup and its helpers */
		char *msg = passes == 1 || !fn || fn->hold != HOLD_BY_MODE ?
			xstrdup(v[i].f.msg) :
			xasprintf("%s (parent held %s)", v[i].f.msg,
				  v[i].modes == 3 ? "shared or exclusive" :
				  v[i].modes == 1 ? "shared" : "exclusive");

		findings_add(out, v[i].f.file, v[i].f.line, v[i].f.func,
			     v[i].f.rule, msg);
		free(msg);
		finding_free(&v[i].f);
	}
	free(v);
	for (int p = 0; p < passes; p++)
		annot_file_release(&af[p]);
	strvec_clear(&argv);
	buf_release(&text);
	lc->ms += now_ms() - start;
	return ret;
}

/* ---- the command ------------------------------------------------------- */

#include "build.h"
#include "commands.h"
#include "options.h"

/* the cross-file helper closure over a list of files */
static void close_names(struct annot_names *names, const struct strvec *files)
{
	struct strvec texts = STRVEC_INIT;

	for (size_t i = 0; i < files->n; i++) {
		struct buf b = BUF_INIT;

		if (!buf_read_file(&b, files->v[i]))
			strvec_push(&texts, b.data);
		buf_release(&b);
	}
	annot_names_close(names, &texts);
	strvec_clear(&texts);
}

/* --show: the copy a checker would see */
static int show_annotated(const struct strvec *files, const char *mode)
{
	static const char *const modes[] = { "sparse", "shared", "exclusive" };
	struct annot_names names = ANNOT_NAMES_INIT;
	int m = -1;

	for (int i = 0; i < 3; i++)
		if (!strcmp(mode, modes[i]))
			m = i;
	if (m < 0)
		die("unknown mode '%s' (expected sparse, shared or exclusive)",
		    mode);
	for (size_t i = 0; i < files->n; i++)
		if (annot_names_scan_file(&names, files->v[i]))
			return EXIT_USAGE;
	close_names(&names, files);
	for (size_t i = 0; i < files->n; i++) {
		struct buf text = BUF_INIT;
		struct annot_file af;

		buf_read_file(&text, files->v[i]);
		annot_file_make(&af, text.data, &names, (enum annot_mode)m);
		fputs(af.text.data, stdout);
		for (size_t k = 0; k < af.nfuncs; k++)
			if (af.funcs[k].role != ROLE_NONE)
				fprintf(stderr, "%s:%d: %s: %s\n", files->v[i],
					af.funcs[k].first, af.funcs[k].name,
					annot_role_name(af.funcs[k].role));
		annot_file_release(&af);
		buf_release(&text);
	}
	annot_names_release(&names);
	return EXIT_OK;
}

/*
 * check-locks --file: self-contained files (the tests/lock fixtures),
 * checked with no kernel build: sparse and clang with only flags.
 */
static int check_files(int argc, const char **argv)
{
	static const char *const usage[] = {
		"fsconv check-locks --file FILE... [--checker sparse|clang] "
		"[-- FLAGS...]",
		NULL,
	};
	struct strvec files = STRVEC_INIT, flags = STRVEC_INIT;
	const char *checker = NULL;
	const char *show = NULL;
	struct option options[] = {
		OPT_STRVEC(0, "file", &files, "FILE",
			   "check this self-contained file (repeatable)"),
		OPT_STRING(0, "checker", &checker, "NAME",
			   "run only sparse or only clang"),
		OPT_STRING(0, "show", &show, "MODE",
			   "print the annotated copy (sparse, shared or "
			   "exclusive) instead of checking"),
		OPT_END(),
	};
	struct findings all = FINDINGS_INIT;
	struct annot_names names = ANNOT_NAMES_INIT;
	struct lockclang lc;
	int ret = EXIT_OK;

	argc = parse_options(argc, argv, options, usage, 0);
	for (int i = 0; i < argc; i++)
		strvec_push(&flags, argv[i]);
	if (checker && strcmp(checker, "sparse") && strcmp(checker, "clang"))
		die("unknown checker '%s' (expected 'sparse' or 'clang')",
		    checker);
	if (show) {
		ret = show_annotated(&files, show);
		strvec_clear(&files);
		strvec_clear(&flags);
		return ret;
	}
	if (lockclang_init(&lc))
		return EXIT_USAGE;
	for (size_t i = 0; i < files.n; i++)
		if (annot_names_scan_file(&names, files.v[i]))
			ret = EXIT_USAGE;
	close_names(&names, &files);
	for (size_t i = 0; i < files.n && ret == EXIT_OK; i++) {
		char real[PATH_MAX], *why = NULL;

		if (!realpath(files.v[i], real)) {
			ret = error("cannot find '%s':", files.v[i]);
			break;
		}
		if ((!checker || !strcmp(checker, "sparse")) &&
		    locks_sparse_file(files.v[i], &flags, &names, &all))
			ret = EXIT_USAGE;
		if ((!checker || !strcmp(checker, "clang")) &&
		    lockclang_file(&lc, real, files.v[i], &flags, &names,
				   &all, &why)) {
			error("clang could not check '%s': %s", files.v[i],
			      why);
			ret = EXIT_USAGE;
		}
		free(why);
	}
	if (ret == -1)
		ret = EXIT_USAGE;
	findings_sort(&all);
	for (size_t i = 0; i < all.n; i++)
		finding_print(stdout, &all.v[i]);
	if (ret == EXIT_OK && all.n)
		ret = EXIT_FOUND;
	findings_release(&all);
	annot_names_release(&names);
	lockclang_release(&lc);
	strvec_clear(&files);
	strvec_clear(&flags);
	return ret;
}

int cmd_check_locks(int argc, const char **argv)
{
	static const char *const usage[] = {
		"fsconv check-locks [--before REV] [--after REV] "
		"[--fallback REV] [--repo DIR] [FS...]",
		"fsconv check-locks --path DIR...",
		"fsconv check-locks --file FILE... [-- FLAGS...]",
		NULL,
	};

	if (argc > 1 && !strcmp(argv[1], "--sparse-wrapper"))
		return locks_sparse_wrapper(argc, argv);
	if (argc > 1 && !strcmp(argv[1], "--clang-worker"))
		return locks_clang_worker(argc, argv);
	for (int i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "--file") ||
		    starts_with(argv[i], "--file="))
			return check_files(argc, argv);
	return verify_command(argc, argv, VERIFY_SPARSE | VERIFY_CLANG,
			      usage);
}

/*
 * check-locks --clang-worker SPEC FILE DISPLAY -- FLAGS...: one file in a
 * process of its own, so the stage can run as many as there are CPUs
 * through the job runner.  Prints "F\tline\tfunction\trule\tmessage" per
 * finding and "E\twhy" when clang could not check the file.
 */
int locks_clang_worker(int argc, const char **argv)
{
	struct annot_names names = ANNOT_NAMES_INIT;
	struct findings out = FINDINGS_INIT;
	struct strvec flags = STRVEC_INIT;
	struct lockclang lc;
	char *scratch = NULL, *why = NULL;
	int i = 5;

	if (argc < 6 || strcmp(argv[5], "--"))
		die("usage: fsconv check-locks --clang-worker SPEC FILE "
		    "DISPLAY -- FLAGS...");
	if (read_spec(argv[2], &names, &scratch) || lockclang_init(&lc))
		return EXIT_USAGE;
	while (++i < argc)
		strvec_push(&flags, argv[i]);
	if (lockclang_file(&lc, argv[3], argv[4], &flags, &names, &out,
			   &why))
		printf("E\t%s\n", why ? why : "clang failed");
	for (size_t k = 0; k < out.n; k++)
		printf("F\t%d\t%s\t%s\t%s\n", out.v[k].line, out.v[k].func,
		       out.v[k].rule, out.v[k].msg);
	free(why);
	free(scratch);
	findings_release(&out);
	strvec_clear(&flags);
	annot_names_release(&names);
	lockclang_release(&lc);
	return fflush(stdout) || ferror(stdout) ? EXIT_USAGE : EXIT_OK;
}

void locks_worker_parse(const char *output, const char *display,
			struct findings *out, char **why)
{
	struct strvec lines = STRVEC_INIT;

	strvec_split_lines(&lines, output);
	for (size_t i = 0; i < lines.n; i++) {
		char *l = lines.v[i], *f[4];
		int nf = 0;

		if (starts_with(l, "E\t")) {
			free(*why);
			*why = xstrdup(l + 2);
			continue;
		}
		if (!starts_with(l, "F\t"))
			continue;
		for (char *p = l + 2; nf < 4; nf++) {
			f[nf] = p;
			p = strchr(p, '\t');
			if (!p)
				break;
			*p++ = '\0';
		}
		if (nf == 3)
			findings_add(out, display, atoi(f[0]), f[1], f[2],
				     f[3]);
	}
	strvec_clear(&lines);
}
