// SPDX-License-Identifier: GPL-2.0
/*
 * Tree facts for the plan stage.  R1 (cocci/d_alloc_parallel.cocci) drops
 * d_alloc_parallel()'s wait queue; when the queue is a structure member
 * (nfs_unlinkdata.wq), deleting the member and its init_waitqueue_head()
 * is right only if nothing else in the whole tree uses it, and a semantic
 * patch sees only the files it is given.  So the plan answers that with
 * `git grep` over the base and passes the answer as -D wq_unused
 * -D wq_field=STRUCT.FIELD.  Every doubt (two structures with such a
 * member, a use grep cannot tell apart) keeps the member: the rule then
 * reports it for a human, which is the safe side.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsconv.h"
#include "treefacts.h"

static bool ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* skip a comment or literal starting at s; returns s when there is none */
static const char *skip_noise(const char *s, int *line)
{
	if (s[0] == '/' && s[1] == '*') {
		const char *e = strstr(s + 2, "*/");

		e = e ? e + 2 : s + strlen(s);
		for (const char *p = s; p < e; p++)
			*line += *p == '\n';
		return e;
	}
	if (s[0] == '/' && s[1] == '/')
		return s + strcspn(s, "\n");
	if (*s == '"' || *s == '\'') {
		char q = *s++;

		while (*s && *s != q && *s != '\n')
			s += s[0] == '\\' && s[1] ? 2 : 1;
		return *s == q ? s + 1 : s;
	}
	return s;
}

/* "&X->F" or "&X.F", spaces allowed: F, else NULL */
static char *member_address(const char *a, size_t n)
{
	const char *e = a + n, *f;

	while (a < e && isspace((unsigned char)*a))
		a++;
	while (e > a && isspace((unsigned char)e[-1]))
		e--;
	if (a == e || *a++ != '&')
		return NULL;
	while (a < e && isspace((unsigned char)*a))
		a++;
	if (a == e || !(isalpha((unsigned char)*a) || *a == '_'))
		return NULL;
	while (a < e && ident_char(*a))
		a++;
	while (a < e && isspace((unsigned char)*a))
		a++;
	if (e - a > 2 && a[0] == '-' && a[1] == '>')
		a += 2;
	else if (a < e && *a == '.')
		a++;
	else
		return NULL;
	while (a < e && isspace((unsigned char)*a))
		a++;
	for (f = a; f < e; f++)
		if (!ident_char(*f))
			return NULL;
	return f > a && !isdigit((unsigned char)*a) ? xstrndup(a, e - a) : NULL;
}

void wq_args_scan(const char *src, struct strvec *fieldnames,
		  struct strvec *lines)
{
	static const char name[] = "d_alloc_parallel";
	int line = 1;

	for (const char *s = src; *s; ) {
		const char *t = skip_noise(s, &line);

		if (t != s) {
			s = t;
			continue;
		}
		if (*s == '\n')
			line++;
		if (strncmp(s, name, sizeof(name) - 1) ||
		    (s > src && ident_char(s[-1])) ||
		    ident_char(s[sizeof(name) - 1])) {
			s++;
			continue;
		}
		s += sizeof(name) - 1;
		while (isspace((unsigned char)*s))
			line += *s++ == '\n';
		if (*s != '(')
			continue;
		/* the arguments, split at the commas outside brackets */
		{
			const char *arg = ++s;
			int depth = 0, argno = 1, argline = line;

			while (*s && depth >= 0) {
				t = skip_noise(s, &line);
				if (t != s) {
					s = t;
					continue;
				}
				if (*s == '(' || *s == '[' || *s == '{')
					depth++;
				else if (*s == ')' || *s == ']' || *s == '}')
					depth--;
				if ((*s == ',' && !depth) || depth < 0) {
					char *f = argno == 3 ?
						member_address(arg, s - arg) : NULL;

					/* the line where the argument's text starts */
					for (t = arg; t < s && isspace((unsigned char)*t); t++)
						argline += *t == '\n';
					if (f) {
						strvec_push(fieldnames, f);
						strvec_pushf(lines, "%d", argline);
						free(f);
					}
					argno++;
					arg = s + 1;
					argline = line;
				}
				if (*s == '\n')
					line++;
				if (depth >= 0)
					s++;
			}
		}
	}
}

char *enclosing_struct(const char *src, int line)
{
	const char *s = src, *p, *e;
	int depth = 0;

	while (--line > 0 && (s = strchr(s, '\n')))
		s++;
	if (!s)
		return NULL;
	for (p = s; p > src; p--) {
		if (p[-1] == '}')
			depth++;
		else if (p[-1] == '{' && !depth--)
			break;
	}
	if (p == src)
		return NULL;
	/* p[-1] is the body's '{': before it "struct TAG" */
	e = p - 1;
	while (e > src && isspace((unsigned char)e[-1]))
		e--;
	for (p = e; p > src && ident_char(p[-1]); p--)
		;
	if (p == e || isdigit((unsigned char)*p))
		return NULL;
	s = p;
	while (p > src && isspace((unsigned char)p[-1]))
		p--;
	if (p - src < 6 || strncmp(p - 6, "struct", 6) ||
	    (p - src > 6 && ident_char(p[-7])))
		return NULL;
	return xstrndup(s, e - s);
}

/*
 * git grep over the base, in the user's tree: workspace_open() refused
 * it unless it is clean at the base, and grepping the checked-out files
 * costs a fifth of inflating every blob of the base (1 s, not 5, for the
 * whole of 6.12).  Lines come as "PATH:..."; no match is not an error.
 */
static int base_grep(const struct workspace *ws, const struct strvec *args,
		     const struct strvec *paths, struct buf *out)
{
	struct child c = CHILD_INIT;
	struct buf err = BUF_INIT;
	int ret;

	c.dir = ws->tree;
	strvec_pushl(&c.args, "git", "grep", "-I", NULL);
	strvec_pushv(&c.args, (const char *const *)args->v);
	strvec_push(&c.args, "--");
	if (paths)
		strvec_pushv(&c.args, (const char *const *)paths->v);
	ret = child_run_capture(&c, out, &err, 0);
	if (ret && ret != 1)
		error("git grep in '%s' failed: %.*s", ws->tree,
		      (int)strcspn(err.data, "\n"), err.data);
	child_release(&c);
	buf_release(&err);
	return ret == 1 ? 0 : ret;
}

static char *base_blob(const struct workspace *ws, const char *path)
{
	struct buf out = BUF_INIT;
	char *spec = xasprintf("%s:%s", ws->base, path);

	if (ws_gitl(ws, NULL, &out, "cat-file", "blob", spec, NULL))
		buf_reset(&out);
	free(spec);
	return buf_detach(&out);
}

/* "PATH:LINE:TEXT" of `git grep -n`: PATH and LINE */
static bool grep_line(const char *l, char **path, int *line)
{
	const char *c;
	char *end;
	/* paths in a kernel tree have no ':'; the text may */
	if (!(c = strchr(l, ':')))
		return false;
	*line = (int)strtol(c + 1, &end, 10);
	if (end == c + 1 || *end != ':')
		return false;
	*path = xstrndup(l, c - l);
	return true;
}

/* "path:line" pairs of the calls' arguments, where FIELD is passed */
struct call_site {
	char *path;
	int line;
	char *field;
};

static bool is_known_use(const struct wq_field *f, const char *path,
			 int line, const char *text, const struct call_site *cs,
			 size_t ncs)
{
	static const char init[] = "init_waitqueue_head(";
	const char *arg;
	char *m;
	bool ok;

	if (!strcmp(path, f->decl) && line == f->decl_line)
		return true;
	for (size_t i = 0; i < ncs; i++)
		if (!strcmp(cs[i].path, path) && cs[i].line == line &&
		    !strcmp(cs[i].field, f->field))
			return true;
	/* init_waitqueue_head(&X->FIELD) */
	if (!(arg = strstr(text, init)))
		return false;
	arg += sizeof(init) - 1;
	m = member_address(arg, strcspn(arg, ")"));
	ok = m && !strcmp(m, f->field);
	free(m);
	return ok;
}

/* who else uses f anywhere in the tree: sets f->other */
static void find_other_user(const struct workspace *ws, struct wq_field *f,
			    const struct call_site *cs, size_t ncs)
{
	struct strvec args = STRVEC_INIT, files = STRVEC_INIT;
	struct buf out = BUF_INIT;
	/* the files that name the structure at all */
	strvec_pushl(&args, "-l", "-w", "-e", f->sname, NULL);
	if (base_grep(ws, &args, NULL, &out)) {
		f->other = xstrdup("(git grep failed)");
		goto out;
	}
	strvec_split_lines(&files, out.data);
	strvec_clear(&args);
	buf_reset(&out);
	/*
	 * A use of the member is an access (->F, .F, a designated .F =) or
	 * a container_of()/offsetof() naming it; a local of the same name
	 * is not.
	 */
	strvec_pushl(&args, "-n", "-E", "-e", NULL);
	strvec_pushf(&args, "(->|\\.)[[:space:]]*%s([^A-Za-z0-9_]|$)",
		     f->field);
	strvec_push(&args, "-e");
	strvec_pushf(&args, ",[[:space:]]*%s[[:space:]]*\\)", f->field);
	if (!files.n || base_grep(ws, &args, &files, &out)) {
		f->other = xstrdup("(git grep failed)");
		goto out;
	}
	for (char *l = out.data; *l; ) {
		size_t n = strcspn(l, "\n");
		char *text = xstrndup(l, n), *path;
		int line;

		l += n + (l[n] == '\n');
		if (grep_line(text, &path, &line)) {
			const char *body = strchr(text, ':');

			body = strchr(body + 1, ':') + 1;
			if (!is_known_use(f, path, line, body, cs, ncs) &&
			    !f->other)
				f->other = xasprintf("%s:%d", path, line);
			free(path);
		}
		free(text);
	}
out:
	strvec_clear(&args);
	strvec_clear(&files);
	buf_release(&out);
}

size_t wq_fields_find(const struct workspace *ws, const struct strvec *paths,
		      struct wq_field **fields)
{
	struct strvec args = STRVEC_INIT, callers = STRVEC_INIT;
	struct strvec names = STRVEC_INIT;
	struct buf out = BUF_INIT;
	struct call_site *cs = NULL;
	struct wq_field *res = NULL;
	size_t ncs = 0, n = 0;

	*fields = NULL;
	if (!paths->n)
		return 0;
	strvec_pushl(&args, "-l", "-w", "-e", "d_alloc_parallel", NULL);
	if (base_grep(ws, &args, paths, &out))
		goto out;
	strvec_split_lines(&callers, out.data);
	for (size_t i = 0; i < callers.n; i++) {
		struct strvec fnames = STRVEC_INIT, lines = STRVEC_INIT;
		const char *path = callers.v[i];
		char *src;

		src = base_blob(ws, path);
		wq_args_scan(src, &fnames, &lines);
		for (size_t j = 0; j < fnames.n; j++) {
			cs = xreallocarray(cs, ncs + 1, sizeof(*cs));
			cs[ncs++] = (struct call_site){
				.path = xstrdup(path),
				.line = atoi(lines.v[j]),
				.field = xstrdup(fnames.v[j]),
			};
			if (!strvec_contains(&names, fnames.v[j]))
				strvec_push(&names, fnames.v[j]);
		}
		strvec_clear(&fnames);
		strvec_clear(&lines);
		free(src);
	}
	/* each field's declaration in the filesystem: exactly one */
	for (size_t i = 0; i < names.n; i++) {
		struct wq_field f = { .field = xstrdup(names.v[i]) };
		size_t decls = 0;

		strvec_clear(&args);
		buf_reset(&out);
		strvec_pushl(&args, "-n", "-E", "-e", NULL);
		strvec_pushf(&args, "wait_queue_head_t[[:space:]]+%s[[:space:]]*;",
			     names.v[i]);
		if (base_grep(ws, &args, paths, &out)) {
			free(f.field);
			continue;
		}
		for (char *l = out.data; *l; ) {
			size_t len = strcspn(l, "\n");
			char *text = xstrndup(l, len), *path, *src;
			int line;

			l += len + (l[len] == '\n');
			if (grep_line(text, &path, &line)) {
				src = base_blob(ws, path);
				decls++;
				free(f.sname);
				free(f.decl);
				f.sname = enclosing_struct(src, line);
				f.decl = path;
				f.decl_line = line;
				free(src);
			}
			free(text);
		}
		if (decls != 1 || !f.sname) {
			free(f.field);
			free(f.sname);
			free(f.decl);
			continue;
		}
		find_other_user(ws, &f, cs, ncs);
		res = xreallocarray(res, n + 1, sizeof(*res));
		res[n++] = f;
	}
out:
	for (size_t i = 0; i < ncs; i++) {
		free(cs[i].path);
		free(cs[i].field);
	}
	free(cs);
	strvec_clear(&args);
	strvec_clear(&callers);
	strvec_clear(&names);
	buf_release(&out);
	*fields = res;
	return n;
}

void wq_fields_free(struct wq_field *fields, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(fields[i].sname);
		free(fields[i].field);
		free(fields[i].decl);
		free(fields[i].other);
	}
	free(fields);
}
