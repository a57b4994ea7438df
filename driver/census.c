// SPDX-License-Identifier: GPL-2.0
/*
 * The census of one translation unit with libclang: function definitions,
 * the call graph edges, functions stored in operation tables, calls of the
 * dcache API, and the lint checks C3/C4 on the values those calls return.
 * The record format is described in census.h; the analysis across the
 * files of a filesystem is in audit.c.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "census.h"

/* the calls a site record is written for; a trailing '*' is a prefix */
static const char *const site_calls[] = {
	"d_add_ci", "d_alloc_parallel", "d_alloc", "d_alloc_name", "d_lookup",
	"d_hash_and_lookup",
	"d_alloc_noblock", "d_alloc_trylock", "d_duplicate",
	"try_lookup_noperm", "try_lookup_one_len", "lookup_one*",
	"lookup_noperm*", "lookup_positive_unlocked",
};

bool census_is_site_call(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(site_calls); i++) {
		const char *s = site_calls[i];
		size_t n = strlen(s);

		if (s[n - 1] == '*' ? !strncmp(name, s, n - 1) :
				      !strcmp(name, s))
			return true;
	}
	return false;
}

/* how a call's result must be tested, and whether it may be in-lookup */
enum ret_kind {
	RET_OTHER,
	RET_ERRPTR,	/* ERR_PTR on failure: d_alloc_noblock, d_duplicate */
	RET_ERRPTR_NULL,	/* either: try_lookup_noperm */
	RET_NULL,	/* NULL on failure: d_alloc, d_alloc_name */
};

static enum ret_kind ret_kind(const char *f)
{
	if (!strcmp(f, "d_alloc_noblock") || !strcmp(f, "d_alloc_trylock") ||
	    !strcmp(f, "d_duplicate"))
		return RET_ERRPTR;
	if (!strcmp(f, "try_lookup_noperm") ||
	    !strcmp(f, "try_lookup_one_len"))
		return RET_ERRPTR_NULL;
	if (!strcmp(f, "d_alloc") || !strcmp(f, "d_alloc_name"))
		return RET_NULL;
	return RET_OTHER;
}

static bool may_be_in_lookup(const char *f)
{
	return !strcmp(f, "d_alloc_parallel") ||
	       !strcmp(f, "d_alloc_noblock") ||
	       !strcmp(f, "d_alloc_trylock") || !strcmp(f, "d_duplicate");
}

static bool is_instantiator(const char *f)
{
	return !strcmp(f, "d_instantiate") || !strcmp(f, "d_instantiate_new") ||
	       !strcmp(f, "d_make_persistent");
}

/* one thing that happened to a tracked variable, in source order */
enum ev_kind {
	EV_ASSIGN,	/* var = call() of a function we track */
	EV_REASSIGN,	/* var = anything else */
	EV_NULLTEST,	/* !var, var == NULL, if (var), var && ... */
	EV_ERRTEST,	/* IS_ERR(var), var == ERR_PTR(...) */
	EV_BOTHTEST,	/* IS_ERR_OR_NULL(var) */
	EV_DONE,	/* d_lookup_done(var); d_splice_alias, d_add end it too */
	EV_DPUT,	/* dput(var) */
	EV_INST,	/* d_instantiate(var, ...) and friends */
};

struct event {
	enum ev_kind kind;
	CXCursor var;		/* the VarDecl or ParmDecl */
	char *call;		/* EV_ASSIGN: the function; EV_INST: which */
	unsigned int line, col;
	bool guarded;		/* under a condition that tests d_in_lookup */
};

#define MAX_DEPTH 512

struct walker {
	struct kparse *k;
	CXTranslationUnit tu;
	const struct strvec *paths;
	struct buf *out;
	/* the file last asked about, and its answer */
	CXFile last_file;
	const char *last_rel;
	char *last_rel_space;
	/* the function being walked, and its file */
	char *fn;
	char *fn_file;
	CXCursor stack[MAX_DEPTH];
	int depth;
	CXCursor callee_ref;	/* the DeclRefExpr naming the current callee */
	struct event *ev;
	size_t nev, cap;
};

/* copy with tabs and newlines made spaces, so a record stays one line */
static void add_field(struct buf *b, const char *s)
{
	buf_addch(b, '\t');
	for (; *s; s++)
		buf_addch(b, *s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
}

static char *spelling(CXCursor c)
{
	CXString s = clang_getCursorSpelling(c);
	char *ret = xstrdup(clang_getCString(s));

	clang_disposeString(s);
	return ret;
}

/*
 * The tree-relative name of the file a location expands in, when that
 * file belongs to the filesystem; NULL otherwise.
 */
static const char *our_file(struct walker *w, CXSourceLocation loc,
			    unsigned int *line, unsigned int *col)
{
	CXFile f;
	CXString name;
	const char *rel;

	clang_getExpansionLocation(loc, &f, line, col, NULL);
	if (!f)
		return NULL;
	if (f == w->last_file)
		return w->last_rel;
	name = clang_getFileName(f);
	rel = kparse_relpath(w->k, clang_getCString(name));
	free(w->last_rel_space);
	w->last_rel_space = NULL;
	w->last_rel = NULL;
	for (size_t i = 0; rel && i < w->paths->n; i++) {
		const char *p = w->paths->v[i];
		size_t n = strlen(p);

		if (!strncmp(rel, p, n) && (!rel[n] || rel[n] == '/')) {
			w->last_rel_space = xstrdup(rel);
			w->last_rel = w->last_rel_space;
			break;
		}
	}
	w->last_file = f;
	clang_disposeString(name);
	return w->last_rel;
}

static void cursor_pos(CXCursor c, unsigned int *line, unsigned int *col)
{
	clang_getExpansionLocation(clang_getCursorLocation(c), NULL, line, col,
				   NULL);
}

/* the file of c when it is ours, with its position */
static const char *cursor_file(struct walker *w, CXCursor c,
			       unsigned int *line, unsigned int *col)
{
	return our_file(w, clang_getCursorLocation(c), line, col);
}

/* look through implicit casts and parentheses */
static CXCursor strip(CXCursor c);

static enum CXChildVisitResult first_child_cb(CXCursor c, CXCursor parent,
					      CXClientData data)
{
	(void)parent;
	*(CXCursor *)data = c;
	return CXChildVisit_Break;
}

static CXCursor first_child(CXCursor c)
{
	CXCursor child = clang_getNullCursor();

	clang_visitChildren(c, first_child_cb, &child);
	return child;
}

struct nth {
	unsigned int want, seen;
	CXCursor found;
};

static enum CXChildVisitResult nth_child_cb(CXCursor c, CXCursor parent,
					    CXClientData data)
{
	struct nth *n = data;

	(void)parent;
	if (n->seen++ == n->want) {
		n->found = c;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Continue;
}

static unsigned int count_children(CXCursor c)
{
	struct nth n = { .want = ~0u };

	clang_visitChildren(c, nth_child_cb, &n);
	return n.seen;
}

static CXCursor strip(CXCursor c)
{
	while (c.kind == CXCursor_UnexposedExpr ||
	       c.kind == CXCursor_ParenExpr ||
	       c.kind == CXCursor_CStyleCastExpr) {
		CXCursor child = first_child(c);

		if (clang_Cursor_isNull(child) || count_children(c) != 1)
			break;
		c = child;
	}
	return c;
}

/* the tokens of c's extent; the caller disposes them */
static unsigned int tokens(CXTranslationUnit tu, CXCursor c, CXToken **t)
{
	unsigned int n = 0;

	*t = NULL;
	clang_tokenize(tu, clang_getCursorExtent(c), t, &n);
	return n;
}

static bool token_is(CXTranslationUnit tu, CXToken t, const char *s)
{
	CXString sp = clang_getTokenSpelling(tu, t);
	bool ret = !strcmp(clang_getCString(sp), s);

	clang_disposeString(sp);
	return ret;
}

/* is w one of the space-separated words of set? */
static bool word_in(const char *w, const char *set)
{
	size_t n = strlen(w);

	for (const char *s = set; *s; s += strcspn(s, " "), s += *s == ' ')
		if (!strncmp(s, w, n) && (s[n] == ' ' || !s[n]))
			return true;
	return false;
}

/* a short one-line rendering of an expression's tokens */
static void tokens_text(CXTranslationUnit tu, CXToken *t, unsigned int n,
			struct buf *b)
{
	const char *prev = "";
	CXString prev_s = { 0 };

	for (unsigned int i = 0; i < n && b->len < 120; i++) {
		CXString s = clang_getTokenSpelling(tu, t[i]);
		const char *cur = clang_getCString(s);
		bool glue = !*prev || word_in(prev, "( [ -> . & !") ||
			    word_in(cur, ") ] , -> . ;") ||
			    (!strcmp(cur, "(") && clang_getTokenKind(t[i - 1]) ==
							  CXToken_Identifier);

		if (!glue)
			buf_addch(b, ' ');
		buf_adds(b, cur);
		if (i)
			clang_disposeString(prev_s);
		prev_s = s;
		prev = cur;
	}
	if (n)
		clang_disposeString(prev_s);
	if (b->len >= 120)
		buf_adds(b, "...");
}

static void cursor_text(CXTranslationUnit tu, CXCursor c, struct buf *b)
{
	CXToken *t;
	unsigned int n = tokens(tu, c, &t);

	tokens_text(tu, t, n, b);
	clang_disposeTokens(tu, t, n);
}

/* the tokens of c glued without spaces, for comparing expressions */
static char *cursor_squashed(CXTranslationUnit tu, CXCursor c)
{
	struct buf b = BUF_INIT;
	CXToken *t;
	unsigned int n = tokens(tu, c, &t);

	for (unsigned int i = 0; i < n; i++) {
		CXString s = clang_getTokenSpelling(tu, t[i]);

		buf_adds(&b, clang_getCString(s));
		clang_disposeString(s);
	}
	clang_disposeTokens(tu, t, n);
	return buf_detach(&b);
}

/*
 * The operator of a unary or binary operator cursor: libclang 14 has no
 * call for it, so find the first token after the first operand (binary)
 * or the first token (unary).  "" when the expression comes from a macro
 * and its tokens are not where we expect.
 */
static void operator_of(CXTranslationUnit tu, CXCursor op, char *space,
			size_t size)
{
	CXToken *t;
	unsigned int n = tokens(tu, op, &t), lhs_end;
	CXString s;

	space[0] = '\0';
	if (!n)
		return;
	if (op.kind == CXCursor_UnaryOperator) {
		s = clang_getTokenSpelling(tu, t[0]);
		snprintf(space, size, "%s", clang_getCString(s));
		clang_disposeString(s);
		goto out;
	}
	clang_getExpansionLocation(
		clang_getRangeEnd(clang_getCursorExtent(first_child(op))), NULL,
		NULL, NULL, &lhs_end);
	for (unsigned int i = 0; i < n; i++) {
		unsigned int off;

		clang_getExpansionLocation(clang_getTokenLocation(tu, t[i]),
					   NULL, NULL, NULL, &off);
		if (off >= lhs_end &&
		    clang_getTokenKind(t[i]) == CXToken_Punctuation) {
			s = clang_getTokenSpelling(tu, t[i]);
			snprintf(space, size, "%s", clang_getCString(s));
			clang_disposeString(s);
			break;
		}
	}
out:
	clang_disposeTokens(tu, t, n);
}

/* the function a call expression calls directly, or NULL */
static char *direct_callee(CXCursor call)
{
	CXCursor ref = clang_getCursorReferenced(call);

	if (ref.kind != CXCursor_FunctionDecl)
		return NULL;
	return spelling(ref);
}

/* a variable a DeclRefExpr names, or the null cursor */
static CXCursor var_of(CXCursor e)
{
	CXCursor ref;

	e = strip(e);
	if (e.kind != CXCursor_DeclRefExpr)
		return clang_getNullCursor();
	ref = clang_getCursorReferenced(e);
	if (ref.kind != CXCursor_VarDecl && ref.kind != CXCursor_ParmDecl)
		return clang_getNullCursor();
	return ref;
}

static void add_event(struct walker *w, enum ev_kind kind, CXCursor var,
		      const char *call, CXCursor at)
{
	struct event *e;

	if (w->nev == w->cap) {
		w->cap = w->cap ? 2 * w->cap : 32;
		w->ev = xreallocarray(w->ev, w->cap, sizeof(*w->ev));
	}
	e = &w->ev[w->nev++];
	memset(e, 0, sizeof(*e));
	e->kind = kind;
	e->var = var;
	e->call = call ? xstrdup(call) : NULL;
	cursor_pos(at, &e->line, &e->col);
}

struct mention {
	CXCursor var;
	bool found;
};

/* does a subtree call d_in_lookup(var)? */
static enum CXChildVisitResult mentions_cb(CXCursor c, CXCursor parent,
					  CXClientData data)
{
	struct mention *m = data;

	(void)parent;
	if (c.kind == CXCursor_CallExpr) {
		char *f = direct_callee(c);
		bool hit = f && !strcmp(f, "d_in_lookup");

		free(f);
		if (hit) {
			struct nth n = { .want = 1 };

			clang_visitChildren(c, nth_child_cb, &n);
			if (n.seen > 1 &&
			    clang_equalCursors(var_of(n.found), m->var)) {
				m->found = true;
				return CXChildVisit_Break;
			}
		}
	}
	return CXChildVisit_Recurse;
}

/*
 * Is the innermost expression on the stack guarded by a condition that
 * tests d_in_lookup(var)?  Then it is deliberate handling of the two
 * cases d_alloc_parallel() returns, not a missed d_lookup_done().
 */
static bool guarded_by_in_lookup(struct walker *w, CXCursor var)
{
	for (int i = w->depth - 1; i > 0; i--) {
		CXCursor s = w->stack[i - 1];
		struct mention m = { .var = var };
		CXCursor cond;

		if (s.kind != CXCursor_IfStmt &&
		    s.kind != CXCursor_ConditionalOperator &&
		    s.kind != CXCursor_WhileStmt)
			continue;
		cond = first_child(s);
		if (clang_equalCursors(cond, w->stack[i]))
			continue;	/* we are in the condition itself */
		mentions_cb(cond, s, &m);
		if (!m.found)
			clang_visitChildren(cond, mentions_cb, &m);
		if (m.found)
			return true;
	}
	return false;
}

static bool is_null_constant(struct walker *w, CXCursor c)
{
	char *s = cursor_squashed(w->tu, c);
	bool ret = !strcmp(s, "NULL") || !strcmp(s, "0") ||
		   !strcmp(s, "((void*)0)") || !strcmp(s, "(void*)0");

	free(s);
	return ret;
}

/*
 * A DeclRefExpr to a variable at the top of the stack: classify how it is
 * used, by looking at the first ancestor that is not a cast or paren.
 */
static void var_use(struct walker *w, CXCursor var)
{
	int i = w->depth - 1;
	CXCursor child, p;
	char op[8];

	while (i > 0 && (w->stack[i - 1].kind == CXCursor_UnexposedExpr ||
			 w->stack[i - 1].kind == CXCursor_ParenExpr))
		i--;
	if (i <= 0)
		return;
	child = w->stack[i];
	p = w->stack[i - 1];
	switch (p.kind) {
	case CXCursor_UnaryOperator:
		operator_of(w->tu, p, op, sizeof(op));
		if (!strcmp(op, "!"))
			add_event(w, EV_NULLTEST, var, NULL, p);
		break;
	case CXCursor_BinaryOperator: {
		struct nth n = { .want = 1 };
		CXCursor other;

		operator_of(w->tu, p, op, sizeof(op));
		if (!strcmp(op, "&&") || !strcmp(op, "||")) {
			add_event(w, EV_NULLTEST, var, NULL, p);
			break;
		}
		if (strcmp(op, "==") && strcmp(op, "!="))
			break;
		clang_visitChildren(p, nth_child_cb, &n);
		other = clang_equalCursors(n.found, child) ? first_child(p) :
							      n.found;
		if (is_null_constant(w, other)) {
			add_event(w, EV_NULLTEST, var, NULL, p);
		} else {
			char *s = cursor_squashed(w->tu, other);

			if (starts_with(s, "ERR_PTR("))
				add_event(w, EV_ERRTEST, var, NULL, p);
			free(s);
		}
		break;
	}
	case CXCursor_IfStmt:
	case CXCursor_WhileStmt:
	case CXCursor_DoStmt:
	case CXCursor_ForStmt:
	case CXCursor_ConditionalOperator:
		if (clang_equalCursors(first_child(p), child) ||
		    (p.kind == CXCursor_DoStmt || p.kind == CXCursor_ForStmt))
			add_event(w, EV_NULLTEST, var, NULL, p);
		break;
	case CXCursor_CallExpr: {
		char *f = direct_callee(p);

		if (!f)
			break;
		if (!strcmp(f, "IS_ERR") || !strcmp(f, "PTR_ERR_OR_ZERO"))
			add_event(w, EV_ERRTEST, var, NULL, p);
		else if (!strcmp(f, "IS_ERR_OR_NULL"))
			add_event(w, EV_BOTHTEST, var, NULL, p);
		else if (!strcmp(f, "d_lookup_done") ||
			 !strcmp(f, "d_splice_alias") || !strcmp(f, "d_add"))
			add_event(w, EV_DONE, var, NULL, p);
		else if (!strcmp(f, "dput") || is_instantiator(f)) {
			add_event(w, !strcmp(f, "dput") ? EV_DPUT : EV_INST,
				  var, f, p);
			w->ev[w->nev - 1].guarded =
				guarded_by_in_lookup(w, var);
		}
		free(f);
		break;
	}
	default:
		break;
	}
}

/* the name c stands for when it is a plain variable, else NULL */
static char *plain_var(CXTranslationUnit tu, CXCursor c)
{
	char *s = cursor_squashed(tu, strip(c));

	if (!*s || strspn(s, "abcdefghijklmnopqrstuvwxyz"
			     "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") !=
			   strlen(s)) {
		free(s);
		return NULL;
	}
	return s;
}

/* "E->d_parent" or "dget_parent(E)", squashed */
static bool names_parent(const char *s)
{
	return ends_with(s, "->d_parent") || starts_with(s, "dget_parent(");
}

/*
 * var is assigned (or initialized) E->d_parent or dget_parent(E)
 * somewhere in the function: "parent = dget_parent(dentry)".  The same
 * test cocci/lookup_nested.cocci makes of a lookup's directory.
 */
static bool holds_parent(struct walker *w, const char *var)
{
	CXToken *t;
	unsigned int n = tokens(w->tu, w->stack[0], &t);
	bool found = false;

	for (unsigned int i = 0; !found && i + 2 < n; i++) {
		struct buf b = BUF_INIT;
		int depth = 0;

		if (!token_is(w->tu, t[i], var) ||
		    !token_is(w->tu, t[i + 1], "="))
			continue;
		for (unsigned int j = i + 2; j < n; j++) {
			CXString s = clang_getTokenSpelling(w->tu, t[j]);
			const char *c = clang_getCString(s);

			if (!depth && (!strcmp(c, ";") || !strcmp(c, ","))) {
				clang_disposeString(s);
				break;
			}
			depth += !strcmp(c, "(") - !strcmp(c, ")");
			buf_adds(&b, c);
			clang_disposeString(s);
		}
		found = names_parent(b.data);
		buf_release(&b);
	}
	clang_disposeTokens(w->tu, t, n);
	return found;
}

/*
 * Before the loop, the walk's dentry var starts at a root: "var =
 * dget(sbi->root)", "var = sb->s_root" (a member named root or s_root).
 */
static bool starts_at_root(struct walker *w, const char *var, CXCursor loop)
{
	CXSourceRange r = clang_getCursorExtent(w->stack[0]);
	unsigned int stop, n;
	bool found = false;
	CXToken *t;

	clang_getSpellingLocation(clang_getCursorLocation(loop), NULL, NULL,
				  NULL, &stop);
	clang_tokenize(w->tu, r, &t, &n);
	for (unsigned int i = 0; !found && i + 1 < n; i++) {
		unsigned int at;

		clang_getSpellingLocation(clang_getTokenLocation(w->tu, t[i]),
					  NULL, NULL, NULL, &at);
		if (at >= stop)
			break;
		if (!token_is(w->tu, t[i], var) ||
		    !token_is(w->tu, t[i + 1], "="))
			continue;
		/* the assigned expression, up to its ';' */
		for (unsigned int j = i + 2; j + 1 < n; j++) {
			if (token_is(w->tu, t[j], ";"))
				break;
			if ((token_is(w->tu, t[j], "->") ||
			     token_is(w->tu, t[j], ".")) &&
			    (token_is(w->tu, t[j + 1], "root") ||
			     token_is(w->tu, t[j + 1], "s_root")))
				found = true;
		}
	}
	clang_disposeTokens(w->tu, t, n);
	return found;
}

/*
 * A walk down a path: inside a loop, a lookup in the directory dentry V
 * whose result, directly or through the variable it is stored in, becomes
 * V for the next round ("child = lookup(name, dentry, len); ...; dentry
 * = child"), as a path walk from a root does.  Each lookup is then in the
 * directory the one before found, never in one the caller chose.
 */
static bool walks_down(struct walker *w, CXCursor call, int nargs, int loop,
		       bool *from_root)
{
	char *base = NULL, *result = NULL, *callee = NULL;
	bool found = false;
	CXToken *t;
	unsigned int n;
	int up = w->depth - 1;

	for (int i = 0; !base && i < nargs; i++) {
		CXCursor arg = clang_Cursor_getArgument(call, (unsigned int)i);
		CXString ty = clang_getTypeSpelling(clang_getCursorType(arg));

		if (!strcmp(clang_getCString(ty), "struct dentry *"))
			base = plain_var(w->tu, arg);
		clang_disposeString(ty);
	}
	while (up > loop && (w->stack[up].kind == CXCursor_UnexposedExpr ||
			     w->stack[up].kind == CXCursor_ParenExpr))
		up--;
	if (up > loop && w->stack[up].kind == CXCursor_BinaryOperator)
		result = plain_var(w->tu, first_child(w->stack[up]));
	else if (up > loop && w->stack[up].kind == CXCursor_VarDecl)
		result = spelling(w->stack[up]);
	callee = plain_var(w->tu, first_child(call));
	if (!base || (!result && !callee))
		goto out;
	/* "V = R" or "V = callee(" somewhere in the loop */
	n = tokens(w->tu, w->stack[loop], &t);
	for (unsigned int i = 0; !found && i + 2 < n; i++)
		found = token_is(w->tu, t[i], base) &&
			token_is(w->tu, t[i + 1], "=") &&
			((result && token_is(w->tu, t[i + 2], result)) ||
			 (callee && token_is(w->tu, t[i + 2], callee)));
	clang_disposeTokens(w->tu, t, n);
	*from_root = found && starts_at_root(w, base, w->stack[loop]);
out:
	free(base);
	free(result);
	free(callee);
	return found;
}

/* the statements of a block, in order */
struct stmts {
	CXCursor v[512];
	size_t n;
};

static enum CXChildVisitResult stmt_cb(CXCursor c, CXCursor parent,
				       CXClientData data)
{
	struct stmts *st = data;

	(void)parent;
	if (st->n < sizeof(st->v) / sizeof(st->v[0]))
		st->v[st->n++] = c;
	return CXChildVisit_Continue;
}

static bool stmt_calls(CXCursor stmt, const char *a, const char *b)
{
	CXString s;
	bool hit;

	if (clang_getCursorKind(stmt) != CXCursor_CallExpr)
		return false;
	s = clang_getCursorSpelling(stmt);
	hit = !strcmp(clang_getCString(s), a) || !strcmp(clang_getCString(s), b);
	clang_disposeString(s);
	return hit;
}

/*
 * The procfs template (R3) waits in d_alloc_parallel() with the directory
 * unlocked: `inode_unlock_shared(D); X = d_alloc_parallel(...);
 * inode_lock_shared(D);` as three statements of one block.  That the
 * unlock and the relock balance on every path is for the lock checks
 * (C1, C2); here it only tells such a wait from one under the lock.
 */
static bool between_unlock_and_relock(struct walker *w, CXCursor call)
{
	static struct stmts st;
	CXCursor stmt = call;
	int i;

	for (i = w->depth - 1; i >= 0; i--)
		if (w->stack[i].kind == CXCursor_CompoundStmt)
			break;
	if (i < 0)
		return false;
	if (i + 1 < w->depth)
		stmt = w->stack[i + 1];
	st.n = 0;
	clang_visitChildren(w->stack[i], stmt_cb, &st);
	for (size_t j = 1; j + 1 < st.n; j++)
		if (clang_equalCursors(st.v[j], stmt))
			return stmt_calls(st.v[j - 1], "inode_unlock_shared",
					  "inode_unlock") &&
			       stmt_calls(st.v[j + 1], "inode_lock_shared",
					  "inode_lock");
	return false;
}

static void emit_site(struct walker *w, CXCursor call, const char *name,
		      int nargs, bool recovered)
{
	unsigned int line, col;
	const char *file = cursor_file(w, call, &line, &col);
	struct buf flags = BUF_INIT, text = BUF_INIT;

	if (!file)
		return;
	for (int i = w->depth - 2; i >= 0; i--)
		if (w->stack[i].kind == CXCursor_ForStmt ||
		    w->stack[i].kind == CXCursor_WhileStmt ||
		    w->stack[i].kind == CXCursor_DoStmt) {
			bool root = false;

			buf_adds(&flags, "loop");
			if (!recovered && walks_down(w, call, nargs, i, &root))
				buf_adds(&flags, root ? ",walk,rootwalk" :
							 ",walk");
			break;
		}
	for (int i = 0; !recovered && i < nargs; i++) {
		CXCursor c = clang_Cursor_getArgument(call, (unsigned int)i);
		char *arg = cursor_squashed(w->tu, c);
		char *var = plain_var(w->tu, c);
		bool parent = names_parent(arg) ||
			      (var && holds_parent(w, var));

		free(arg);
		free(var);
		if (parent) {
			buf_adds(&flags, flags.len ? ",parent" : "parent");
			break;
		}
	}
	if (!strcmp(name, "d_alloc") && nargs == 2 && !recovered) {
		CXCursor c0 = clang_Cursor_getArgument(call, 0);
		CXCursor c1 = clang_Cursor_getArgument(call, 1);
		char *a0 = cursor_squashed(w->tu, c0);
		char *a1 = cursor_squashed(w->tu, c1);
		size_t n = strlen(a0);

		if (n > 10 && ends_with(a0, "->d_parent") && a1[0] == '&' &&
		    !strncmp(a1 + 1, a0, n - 10) &&
		    !strcmp(a1 + 1 + n - 10, "->d_name"))
			buf_adds(&flags, flags.len ? ",dup" : "dup");
		free(a0);
		free(a1);
	}
	if (!strcmp(name, "d_alloc_parallel") && !recovered &&
	    between_unlock_and_relock(w, call))
		buf_adds(&flags, flags.len ? ",unlocked" : "unlocked");
	cursor_text(w->tu, call, &text);
	buf_adds(w->out, "S");
	add_field(w->out, name);
	buf_addf(w->out, "\t%d", nargs);
	add_field(w->out, w->fn ? w->fn : "-");
	add_field(w->out, file);
	buf_addf(w->out, "\t%u\t%u", line, col);
	add_field(w->out, flags.len ? flags.data : "-");
	add_field(w->out, text.data);
	buf_addch(w->out, '\n');
	buf_release(&flags);
	buf_release(&text);
}

static void emit_call(struct walker *w, CXCursor at, const char *callee)
{
	unsigned int line, col;
	const char *file = cursor_file(w, at, &line, &col);

	if (!w->fn || !file)
		return;
	buf_adds(w->out, "C");
	add_field(w->out, w->fn);
	add_field(w->out, callee);
	add_field(w->out, file);
	buf_addf(w->out, "\t%u\t%u\n", line, col);
}

/* the struct a field belongs to, "inode_operations" */
static char *field_struct(CXCursor field)
{
	CXCursor parent = clang_getCursorSemanticParent(field);

	if (parent.kind != CXCursor_StructDecl &&
	    parent.kind != CXCursor_UnionDecl)
		return xstrdup("?");
	return spelling(parent);
}

static void emit_table(struct walker *w, const char *sname,
		       const char *field, CXCursor fn_ref, const char *owner)
{
	unsigned int line, col;
	const char *file = cursor_file(w, fn_ref, &line, &col);
	char *fn;

	if (!file)
		return;
	fn = spelling(fn_ref);
	buf_adds(w->out, "T");
	add_field(w->out, sname);
	add_field(w->out, field);
	add_field(w->out, fn);
	add_field(w->out, file);
	buf_addf(w->out, "\t%u\t%u", line, col);
	add_field(w->out, owner);
	buf_addch(w->out, '\n');
	free(fn);
}

/* the function a table value names: "foo", "&foo", "(cast)foo" */
static CXCursor function_value(CXCursor v)
{
	v = strip(v);
	if (v.kind == CXCursor_UnaryOperator)
		v = strip(first_child(v));
	if (v.kind == CXCursor_DeclRefExpr &&
	    clang_getCursorReferenced(v).kind == CXCursor_FunctionDecl)
		return v;
	return clang_getNullCursor();
}

struct fields {
	unsigned int want, seen;
	char *name;
};

static enum CXVisitorResult field_cb(CXCursor c, CXClientData data)
{
	struct fields *f = data;

	if (f->seen++ == f->want) {
		f->name = spelling(c);
		return CXVisit_Break;
	}
	return CXVisit_Continue;
}

struct init_walk {
	struct walker *w;
	const char *owner;
	CXType type;
	char *sname;
	unsigned int index;
};

static void walk_init_list(struct walker *w, CXCursor list,
			   const char *owner);

static enum CXChildVisitResult init_member_cb(CXCursor c, CXCursor parent,
					      CXClientData data)
{
	struct init_walk *iw = data;
	unsigned int index = iw->index++;
	char *field = NULL, *sname = NULL;
	CXCursor value = c, fn;
	unsigned int n;

	(void)parent;
	n = c.kind == CXCursor_UnexposedExpr ? count_children(c) : 0;
	if (n >= 2) {
		/*
		 * A designated initializer: designators (a MemberRef per
		 * ".field", an expression per "[index]"), then the value.
		 */
		struct nth last = { .want = n - 1 };

		clang_visitChildren(c, nth_child_cb, &last);
		value = last.found;
		for (unsigned int i = 0; i + 1 < n; i++) {
			struct nth d = { .want = i };
			CXCursor ref;

			clang_visitChildren(c, nth_child_cb, &d);
			if (d.found.kind != CXCursor_MemberRef)
				continue;
			ref = clang_getCursorReferenced(d.found);
			free(field);
			free(sname);
			field = spelling(d.found);
			sname = ref.kind == CXCursor_FieldDecl ?
				field_struct(ref) : NULL;
		}
	} else if (iw->sname) {
		/* positional: the index-th field */
		struct fields f = { .want = index };

		clang_Type_visitFields(iw->type, field_cb, &f);
		field = f.name;
		sname = xstrdup(iw->sname);
	}
	if (strip(value).kind == CXCursor_InitListExpr) {
		walk_init_list(iw->w, strip(value), iw->owner);
	} else if (field && sname) {
		fn = function_value(value);
		if (!clang_Cursor_isNull(fn))
			emit_table(iw->w, sname, field, fn, iw->owner);
	}
	free(field);
	free(sname);
	return CXChildVisit_Continue;
}

/* functions stored by an initializer, "{ .lookup = foo_lookup }" */
static void walk_init_list(struct walker *w, CXCursor list,
			   const char *owner)
{
	struct init_walk iw = { .w = w, .owner = owner };
	CXType t = clang_getCanonicalType(clang_getCursorType(list));

	iw.type = t;
	if (t.kind == CXType_Record)
		iw.sname = spelling(clang_getTypeDeclaration(t));
	clang_visitChildren(list, init_member_cb, &iw);
	free(iw.sname);
}

/* "X.field = function" or "X->field = function" at run time */
static void assignment(struct walker *w, CXCursor bin)
{
	struct nth rhs = { .want = 1 };
	CXCursor lhs = strip(first_child(bin)), fn, ref;
	char op[8], *field, *sname, *owner;

	if (lhs.kind != CXCursor_MemberRefExpr)
		return;
	clang_visitChildren(bin, nth_child_cb, &rhs);
	fn = function_value(rhs.found);
	if (clang_Cursor_isNull(fn))
		return;
	operator_of(w->tu, bin, op, sizeof(op));
	if (strcmp(op, "="))
		return;
	ref = clang_getCursorReferenced(lhs);
	if (ref.kind != CXCursor_FieldDecl)
		return;
	field = spelling(ref);
	sname = field_struct(ref);
	owner = xasprintf("in:%s", w->fn ? w->fn : "?");
	emit_table(w, sname, field, fn, owner);
	free(owner);
	free(sname);
	free(field);
}

/* var = call(...): start tracking var for the lint */
static void track_assignment(struct walker *w, CXCursor var, CXCursor value)
{
	CXCursor call = strip(value);
	char *f;

	f = call.kind == CXCursor_CallExpr ? direct_callee(call) : NULL;
	if (f && (ret_kind(f) != RET_OTHER || may_be_in_lookup(f)))
		add_event(w, EV_ASSIGN, var, f, call);
	else
		add_event(w, EV_REASSIGN, var, NULL, value);
	free(f);
}

/*
 * A call that failed to type-check, usually the wrong number of
 * arguments for the tree's API (a 3-argument d_add_ci against a 4-argument
 * declaration): clang keeps it as a RecoveryExpr, which libclang shows as
 * an UnexposedExpr whose first child names the function.  Returns the
 * function's name, or NULL for an ordinary implicit cast.
 */
static char *recovered_call(struct walker *w, CXCursor c, int *nargs)
{
	CXCursor first = first_child(c), ref;
	unsigned int n = count_children(c);
	CXToken *t;
	unsigned int nt;
	char *name = NULL;

	if (first.kind != CXCursor_DeclRefExpr)
		return NULL;
	ref = clang_getCursorReferenced(first);
	if (ref.kind != CXCursor_FunctionDecl)
		return NULL;
	nt = tokens(w->tu, c, &t);
	name = spelling(ref);
	if (nt >= 3 && token_is(w->tu, t[0], name) &&
	    token_is(w->tu, t[1], "(") && token_is(w->tu, t[nt - 1], ")") &&
	    (n > 1 || nt == 3)) {
		*nargs = (int)n - 1;
	} else {
		free(name);
		name = NULL;
	}
	clang_disposeTokens(w->tu, t, nt);
	return name;
}

static void visit_call(struct walker *w, CXCursor c)
{
	CXCursor callee = strip(first_child(c));
	CXCursor ref = clang_getCursorReferenced(c);
	char *name;

	if (ref.kind == CXCursor_FunctionDecl) {
		name = spelling(ref);
		w->callee_ref = callee;
		emit_call(w, c, name);
		if (census_is_site_call(name))
			emit_site(w, c, name, clang_Cursor_getNumArguments(c),
				  false);
		free(name);
	} else if (ref.kind == CXCursor_FieldDecl) {
		char *field = spelling(ref), *sname = field_struct(ref);
		char *member = xasprintf("@%s.%s", sname, field);

		emit_call(w, c, member);
		if (!strcmp(member, "@inode_operations.lookup"))
			emit_site(w, c, "->lookup",
				  clang_Cursor_getNumArguments(c), false);
		free(member);
		free(sname);
		free(field);
	}
}

static enum CXChildVisitResult body_cb(CXCursor c, CXCursor parent,
				       CXClientData data);

static void descend(struct walker *w, CXCursor c)
{
	if (w->depth >= MAX_DEPTH)
		return;
	w->stack[w->depth++] = c;
	clang_visitChildren(c, body_cb, w);
	w->depth--;
}

static enum CXChildVisitResult body_cb(CXCursor c, CXCursor parent,
				       CXClientData data)
{
	struct walker *w = data;
	CXCursor ref;

	(void)parent;
	switch (c.kind) {
	case CXCursor_CallExpr:
		visit_call(w, c);
		break;
	case CXCursor_UnexposedExpr: {
		int nargs = 0;
		char *name = recovered_call(w, c, &nargs);

		if (name) {
			w->callee_ref = first_child(c);
			emit_call(w, c, name);
			if (census_is_site_call(name))
				emit_site(w, c, name, nargs, true);
			free(name);
		}
		break;
	}
	case CXCursor_DeclRefExpr:
		ref = clang_getCursorReferenced(c);
		if (ref.kind == CXCursor_FunctionDecl) {
			if (!clang_equalCursors(c, w->callee_ref) && w->fn) {
				char *f = spelling(ref);

				buf_adds(w->out, "R");
				add_field(w->out, w->fn);
				add_field(w->out, f);
				buf_addch(w->out, '\n');
				free(f);
			}
		} else if (ref.kind == CXCursor_VarDecl ||
			   ref.kind == CXCursor_ParmDecl) {
			w->stack[w->depth++] = c;
			var_use(w, ref);
			w->depth--;
		}
		return CXChildVisit_Continue;
	case CXCursor_VarDecl: {
		struct nth n = { .want = ~0u };
		CXCursor init;

		/* the initializer is the last child, after any TypeRef */
		clang_visitChildren(c, nth_child_cb, &n);
		if (n.seen) {
			struct nth last = { .want = n.seen - 1 };

			clang_visitChildren(c, nth_child_cb, &last);
			init = last.found;
			if (clang_isExpression(init.kind))
				track_assignment(w, c, init);
			if (strip(init).kind == CXCursor_InitListExpr) {
				char *owner = xasprintf("in:%s", w->fn);

				walk_init_list(w, strip(init), owner);
				free(owner);
			}
		}
		break;
	}
	case CXCursor_BinaryOperator: {
		CXCursor lhs = first_child(c);
		CXCursor var = var_of(lhs);

		assignment(w, c);
		if (!clang_Cursor_isNull(var)) {
			struct nth rhs = { .want = 1 };
			char op[8];

			clang_visitChildren(c, nth_child_cb, &rhs);
			operator_of(w->tu, c, op, sizeof(op));
			if (!strcmp(op, "="))
				track_assignment(w, var, rhs.found);
		}
		break;
	}
	default:
		break;
	}
	descend(w, c);
	return CXChildVisit_Continue;
}

static void lint(struct walker *w, const char *check, const struct event *e,
		 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void lint(struct walker *w, const char *check, const struct event *e,
		 const char *fmt, ...)
{
	struct buf msg = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	buf_adds(w->out, "L");
	add_field(w->out, check);
	add_field(w->out, w->fn);
	add_field(w->out, w->fn_file);
	buf_addf(w->out, "\t%u\t%u", e->line, e->col);
	add_field(w->out, msg.data);
	buf_addch(w->out, '\n');
	buf_release(&msg);
}

/*
 * C3 and C4 over the events of one function.  Each test, dput() and
 * d_lookup_done() belongs to the latest assignment of its variable before
 * it in source order, which is how the common "d = d_lookup(); if (!d)
 * d = d_alloc_parallel(); if (IS_ERR(d))" reads correctly.
 */
static void lint_function(struct walker *w)
{
	for (size_t i = 0; i < w->nev; i++) {
		const struct event *a = &w->ev[i];
		enum ret_kind rk;
		const struct event *first_null = NULL;
		bool null = false, err = false, done = false;
		char *name;

		if (a->kind != EV_ASSIGN)
			continue;
		rk = ret_kind(a->call);
		name = spelling(a->var);
		for (size_t j = i + 1; j < w->nev; j++) {
			const struct event *e = &w->ev[j];

			if (!clang_equalCursors(e->var, a->var))
				continue;
			if (e->kind == EV_ASSIGN || e->kind == EV_REASSIGN)
				break;
			if (e->kind == EV_NULLTEST || e->kind == EV_BOTHTEST) {
				null = true;
				if (!first_null && e->kind == EV_NULLTEST)
					first_null = e;
			}
			if (e->kind == EV_ERRTEST || e->kind == EV_BOTHTEST)
				err = true;
			if (e->kind == EV_DONE)
				done = true;
			if ((e->kind == EV_DPUT || e->kind == EV_INST) &&
			    may_be_in_lookup(a->call) && !done && !e->guarded)
				lint(w, "C3", e,
				     "'%s' from %s() (line %u) may be in-lookup "
				     "and reaches %s() without d_lookup_done()",
				     name, a->call, a->line, e->call);
		}
		if (rk == RET_ERRPTR && null && !err && first_null)
			lint(w, "C4", first_null,
			     "'%s' from %s() (line %u) is tested only for "
			     "NULL; it returns an ERR_PTR on failure",
			     name, a->call, a->line);
		if (rk == RET_ERRPTR_NULL && null && !err && first_null)
			lint(w, "C4", first_null,
			     "'%s' from %s() (line %u) is tested only for "
			     "NULL; it also returns an ERR_PTR",
			     name, a->call, a->line);
		if (rk == RET_NULL && err && !null)
			lint(w, "C4", a,
			     "'%s' from %s() is tested only with IS_ERR(); it "
			     "returns NULL on failure",
			     name, a->call);
		free(name);
	}
	for (size_t i = 0; i < w->nev; i++)
		free(w->ev[i].call);
	w->nev = 0;
}

static void walk_function(struct walker *w, CXCursor fn, const char *file,
			  unsigned int line)
{
	unsigned int endline;

	clang_getExpansionLocation(clang_getRangeEnd(clang_getCursorExtent(fn)),
				   NULL, &endline, NULL, NULL);
	w->fn = spelling(fn);
	w->fn_file = xstrdup(file);
	buf_adds(w->out, "F");
	add_field(w->out, w->fn);
	add_field(w->out, file);
	buf_addf(w->out, "\t%u\t%u\n", line, endline);
	w->depth = 0;
	w->nev = 0;
	w->callee_ref = clang_getNullCursor();
	descend(w, fn);
	lint_function(w);
	free(w->fn);
	free(w->fn_file);
	w->fn = NULL;
	w->fn_file = NULL;
}

static enum CXChildVisitResult top_cb(CXCursor c, CXCursor parent,
				      CXClientData data)
{
	struct walker *w = data;
	unsigned int line, col;
	const char *file;

	(void)parent;
	if (c.kind != CXCursor_FunctionDecl && c.kind != CXCursor_VarDecl)
		return CXChildVisit_Continue;
	file = cursor_file(w, c, &line, &col);
	if (!file)
		return CXChildVisit_Continue;
	if (c.kind == CXCursor_FunctionDecl) {
		if (clang_isCursorDefinition(c))
			walk_function(w, c, file, line);
	} else {
		CXCursor init = clang_getNullCursor();
		struct nth n = { .want = ~0u };

		clang_visitChildren(c, nth_child_cb, &n);
		if (n.seen) {
			struct nth last = { .want = n.seen - 1 };

			clang_visitChildren(c, nth_child_cb, &last);
			init = strip(last.found);
		}
		if (init.kind == CXCursor_InitListExpr) {
			char *owner = spelling(c);

			walk_init_list(w, init, owner);
			free(owner);
		}
	}
	return CXChildVisit_Continue;
}

/*
 * Calls in code the preprocessor left out (#ifdef CONFIG_X with X off in
 * this configuration): we cannot parse them, but we can say they are
 * there, so that nothing a grep finds is silently missing.
 */
static void inactive_sites(struct walker *w, const char *relpath,
			   const char *abspath)
{
	CXFile f = clang_getFile(w->tu, abspath);
	CXSourceRangeList *ranges;

	if (!f)
		return;
	ranges = clang_getSkippedRanges(w->tu, f);
	for (unsigned int r = 0; ranges && r < ranges->count; r++) {
		CXToken *t;
		unsigned int n;

		clang_tokenize(w->tu, ranges->ranges[r], &t, &n);
		for (unsigned int i = 0; i + 1 < n; i++) {
			CXString s;
			unsigned int line, col, depth = 0, end, args = 0;
			struct buf text = BUF_INIT;

			if (clang_getTokenKind(t[i]) != CXToken_Identifier ||
			    !token_is(w->tu, t[i + 1], "("))
				continue;
			s = clang_getTokenSpelling(w->tu, t[i]);
			if (!census_is_site_call(clang_getCString(s)) ||
			    (i && (token_is(w->tu, t[i - 1], "->") ||
				   token_is(w->tu, t[i - 1], ".")))) {
				clang_disposeString(s);
				continue;
			}
			for (end = i + 1; end < n; end++) {
				if (token_is(w->tu, t[end], "("))
					depth++;
				else if (token_is(w->tu, t[end], ")") &&
					 !--depth)
					break;
				else if (depth == 1 &&
					 token_is(w->tu, t[end], ","))
					args++;
			}
			if (end > i + 2)
				args++;
			clang_getSpellingLocation(clang_getTokenLocation(w->tu,
									 t[i]),
						  NULL, &line, &col, NULL);
			tokens_text(w->tu, t + i, end < n ? end - i + 1 : n - i,
				    &text);
			buf_adds(w->out, "S");
			add_field(w->out, clang_getCString(s));
			buf_addf(w->out, "\t%u\t-", args);
			add_field(w->out, relpath);
			buf_addf(w->out, "\t%u\t%u\tinactive", line, col);
			add_field(w->out, text.data);
			buf_addch(w->out, '\n');
			buf_release(&text);
			clang_disposeString(s);
		}
		clang_disposeTokens(w->tu, t, n);
	}
	clang_disposeSourceRangeList(ranges);
}

int census_file(struct kparse *k, CXIndex idx, const char *relpath,
		const struct strvec *args, const char *pch,
		const struct strvec *paths, struct buf *out)
{
	struct walker w = { .k = k, .paths = paths, .out = out };
	struct strvec a = STRVEC_INIT;
	struct buf first = BUF_INIT;
	char *abspath = path_join(k->tree, relpath);
	unsigned int errors;

	strvec_pushv(&a, (const char *const *)args->v);
	if (pch)
		strvec_pushl(&a, "-include-pch", pch, NULL);
	w.tu = kparse_parse(k, idx, abspath, &a, NULL,
			    CXTranslationUnit_DetailedPreprocessingRecord);
	if (!w.tu && pch) {
		/* a precompiled header that does not fit: do without */
		w.tu = kparse_parse(k, idx, abspath, args, NULL,
				    CXTranslationUnit_DetailedPreprocessingRecord);
	}
	strvec_clear(&a);
	if (!w.tu) {
		free(abspath);
		return -1;
	}
	clang_visitChildren(clang_getTranslationUnitCursor(w.tu), top_cb, &w);
	inactive_sites(&w, relpath, abspath);
	errors = kparse_errors(w.tu, true, &first, NULL);
	buf_adds(out, "P");
	add_field(out, relpath);
	buf_addf(out, "\t%u", errors);
	add_field(out, first.len ? first.data : "-");
	buf_addch(out, '\n');
	buf_release(&first);
	clang_disposeTranslationUnit(w.tu);
	free(w.ev);
	free(w.last_rel_space);
	free(abspath);
	return 0;
}

int census_make_pch(struct kparse *k, CXIndex idx,
		    const struct strvec *headers, const struct strvec *args,
		    const char *path, bool diag)
{
	struct buf src = BUF_INIT;
	struct strvec a = STRVEC_INIT;
	char *file = xasprintf("%s.h", path);
	CXTranslationUnit tu;
	int ret = 0;

	for (size_t i = 0; i < headers->n; i++)
		buf_addf(&src, "#include <%s>\n", headers->v[i]);
	strvec_pushv(&a, (const char *const *)args->v);
	strvec_push(&a, "-xc-header");
	tu = kparse_parse(k, idx, file, &a, src.data,
			  CXTranslationUnit_ForSerialization |
			  CXTranslationUnit_DetailedPreprocessingRecord);
	if (!tu) {
		ret = -1;
	} else {
		if (diag) {
			struct buf all = BUF_INIT;
			unsigned int n = kparse_errors(tu, false, NULL, &all);

			fprintf(stderr, "audit: %u error(s) in the headers of '%s':\n%s",
				n, path, all.data);
			buf_release(&all);
		}
		if (clang_saveTranslationUnit(tu, path,
					      clang_defaultSaveOptions(tu)))
			ret = error("cannot save the precompiled header '%s'",
				    path);
		clang_disposeTranslationUnit(tu);
	}
	strvec_clear(&a);
	buf_release(&src);
	free(file);
	return ret;
}
