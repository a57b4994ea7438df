// SPDX-License-Identifier: GPL-2.0
/*
 * Annotated copies of a .c file for the lock checkers (see annotate.h).
 *
 * This works on tokens, not on a syntax tree: a scanner that knows
 * comments, literals and preprocessor lines, brace matching to find the
 * function definitions at file scope, and a few token patterns.  That is
 * all the checkers need, it is the same for sparse and clang, and it
 * runs before either of them sees the file.  Code in both branches of an
 * #if is seen twice; a definition a macro generates is not seen at all.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "annotate.h"

enum tok_kind { T_IDENT, T_NUM, T_STR, T_PUNCT, T_PP };

struct tok {
	enum tok_kind kind;
	int off, len;
	int line;
	int match;		/* the other bracket of a pair, else -1 */
};

/* a parameter's type, as far as the model cares */
enum ptype { P_OTHER, P_INODE, P_DENTRY };

/* what an expression stands for, relative to the locked parent */
enum ekind {
	K_NONE = 0,
	K_PINODE,	/* the parent directory's inode */
	K_PDENTRY,	/* the parent directory's dentry */
	K_PFILE,	/* the open directory being iterated */
	K_PPATH,	/* a struct path * of the parent */
	K_PPATHVAL,	/* a struct path of the parent */
	K_CHILD,	/* the dentry being looked up in the parent */
};

struct binding {
	char *name;
	enum ekind kind;
};

struct func {
	int name, lparen, rparen, lbrace, rbrace, start;
	struct strvec params;
	enum annot_role role;
	enum annot_hold hold;	/* how the parent is held on entry */
	bool is_static;
	bool dirop;		/* ->unlink, ->rename or only called by them */
	unsigned char *pfile;	/* per parameter: a struct file * */
	unsigned char *ptype;	/* per parameter: enum ptype */
	bool address_taken;
	bool has_outside_caller;
	int ncalls;
	enum ekind *pkind;	/* per parameter, from the callers */
	unsigned char *pkind_set;
	struct binding *env;
	size_t nenv;
};

struct scan {
	const char *text;
	struct tok *t;
	size_t n, cap;
	struct func *f;
	size_t nf;
	int *owner;		/* per token: index of the function body, -1 */
};

struct edit {
	size_t off, del;
	char *ins;
};

struct edits {
	struct edit *e;
	size_t n, cap;
};

/* the lock family: how each member moves the lock and in which mode */
enum lockop { L_ACQ, L_REL, L_TRY, L_KILLABLE };

static const struct lockfn {
	const char *name;
	enum lockop op;
	bool shared;
	const char *params;	/* for sparse's redeclaration */
} lockfns[] = {
	{ "inode_lock", L_ACQ, false, "struct inode *inode" },
	{ "inode_lock_nested", L_ACQ, false,
	  "struct inode *inode, unsigned subclass" },
	{ "inode_unlock", L_REL, false, "struct inode *inode" },
	{ "inode_lock_shared", L_ACQ, true, "struct inode *inode" },
	{ "inode_lock_shared_nested", L_ACQ, true,
	  "struct inode *inode, unsigned subclass" },
	{ "inode_unlock_shared", L_REL, true, "struct inode *inode" },
	{ "inode_trylock", L_TRY, false, "struct inode *inode" },
	{ "inode_trylock_shared", L_TRY, true, "struct inode *inode" },
	{ "inode_lock_killable", L_KILLABLE, false, "struct inode *inode" },
	{ "inode_lock_shared_killable", L_KILLABLE, true,
	  "struct inode *inode" },
};

static const char *const type_words[] = {
	"void", "char", "short", "int", "long", "unsigned", "signed", "float",
	"double", "_Bool", "bool", "const", "volatile", "struct", "union",
	"enum", NULL,
};

static const char *const not_calls[] = {
	"if", "while", "for", "switch", "return", "sizeof", "typeof",
	"__typeof__", "_Alignof", "__alignof__", "defined", "__attribute__",
	"asm", "__asm__", NULL,
};

static bool in_list(const char *const *list, const char *s, size_t len)
{
	for (; *list; list++)
		if (strlen(*list) == len && !strncmp(*list, s, len))
			return true;
	return false;
}

bool annot_is_lock_function(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(lockfns); i++)
		if (!strcmp(lockfns[i].name, name))
			return true;
	return false;
}

static const struct lockfn *lockfn_find(const char *s, size_t len)
{
	for (size_t i = 0; i < ARRAY_SIZE(lockfns); i++)
		if (strlen(lockfns[i].name) == len &&
		    !strncmp(lockfns[i].name, s, len))
			return &lockfns[i];
	return NULL;
}

const char *annot_role_name(enum annot_role role)
{
	switch (role) {
	case ROLE_LOOKUP:
		return "lookup";
	case ROLE_ITERATE:
		return "iterate_shared";
	case ROLE_ADD_CI:
		return "d_add_ci";
	case ROLE_HELPER:
		return "helper";
	case ROLE_DIROP:
		return "dirop";
	default:
		return "";
	}
}

/* ---- scanning ---------------------------------------------------------- */

static bool tok_is(const struct scan *s, size_t i, const char *str)
{
	const struct tok *t;

	if (i >= s->n)
		return false;
	t = &s->t[i];
	return (size_t)t->len == strlen(str) &&
	       !strncmp(s->text + t->off, str, (size_t)t->len);
}

static bool tok_ident(const struct scan *s, size_t i)
{
	return i < s->n && s->t[i].kind == T_IDENT;
}

static char *tok_str(const struct scan *s, size_t i)
{
	return xstrndup(s->text + s->t[i].off, (size_t)s->t[i].len);
}

static bool tok_eq(const struct scan *s, size_t i, const char *str,
		   size_t len)
{
	return i < s->n && (size_t)s->t[i].len == len &&
	       !strncmp(s->text + s->t[i].off, str, len);
}

static void push_tok(struct scan *s, enum tok_kind kind, int off, int len,
		     int line)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 1024;
		s->t = xreallocarray(s->t, s->cap, sizeof(*s->t));
	}
	s->t[s->n++] = (struct tok){ kind, off, len, line, -1 };
}

static const char *const puncts3[] = { "...", "<<=", ">>=", NULL };
static const char *const puncts2[] = {
	"->", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||",
	"*=", "/=", "%=", "+=", "-=", "&=", "^=", "|=", "##", NULL,
};

static size_t punct_len(const char *p)
{
	for (const char *const *q = puncts3; *q; q++)
		if (!strncmp(p, *q, 3))
			return 3;
	for (const char *const *q = puncts2; *q; q++)
		if (!strncmp(p, *q, 2))
			return 2;
	return 1;
}

/* skip a quoted literal starting at p; returns the end */
static const char *skip_quoted(const char *p, int *line)
{
	char q = *p++;

	while (*p && *p != q) {
		if (*p == '\\' && p[1])
			p++;
		if (*p == '\n')
			(*line)++;
		p++;
	}
	return *p ? p + 1 : p;
}

static void tokenize(struct scan *s)
{
	const char *p = s->text;
	int line = 1;
	bool bol = true;	/* only blanks since the last newline */

	while (*p) {
		const char *start = p;

		if (*p == '\n') {
			line++;
			bol = true;
			p++;
			continue;
		}
		if (isspace((unsigned char)*p)) {
			p++;
			continue;
		}
		if (p[0] == '/' && p[1] == '*') {
			for (p += 2; *p && !(p[0] == '*' && p[1] == '/'); p++)
				if (*p == '\n')
					line++;
			p += *p ? 2 : 0;
			continue;
		}
		if (p[0] == '/' && p[1] == '/') {
			while (*p && *p != '\n')
				p++;
			continue;
		}
		if (*p == '#' && bol) {
			int first = line;

			/* the directive runs to an unescaped newline */
			while (*p && *p != '\n') {
				if (p[0] == '\\' && p[1] == '\n') {
					line++;
					p++;
				} else if (p[0] == '/' && p[1] == '*') {
					for (p += 2; *p && !(p[0] == '*' &&
							     p[1] == '/'); p++)
						if (*p == '\n')
							line++;
					if (*p)
						p++;
				}
				p++;
			}
			push_tok(s, T_PP, (int)(start - s->text),
				 (int)(p - start), first);
			continue;
		}
		bol = false;
		if (isalpha((unsigned char)*p) || *p == '_') {
			while (isalnum((unsigned char)*p) || *p == '_')
				p++;
			push_tok(s, T_IDENT, (int)(start - s->text),
				 (int)(p - start), line);
		} else if (isdigit((unsigned char)*p) ||
			   (*p == '.' && isdigit((unsigned char)p[1]))) {
			while (isalnum((unsigned char)*p) || *p == '.' ||
			       *p == '_')
				p++;
			push_tok(s, T_NUM, (int)(start - s->text),
				 (int)(p - start), line);
		} else if (*p == '"' || *p == '\'') {
			int first = line;

			p = skip_quoted(p, &line);
			push_tok(s, T_STR, (int)(start - s->text),
				 (int)(p - start), first);
		} else {
			size_t n = punct_len(p);

			p += n;
			push_tok(s, T_PUNCT, (int)(start - s->text), (int)n,
				 line);
		}
	}
}

/* pair up (), [] and {}; an unbalanced file leaves some at -1 */
static void match_brackets(struct scan *s)
{
	int *stack = xcalloc(s->n + 1, sizeof(*stack));
	size_t depth = 0;

	for (size_t i = 0; i < s->n; i++) {
		if (s->t[i].kind != T_PUNCT || s->t[i].len != 1)
			continue;
		char c = s->text[s->t[i].off];

		if (c == '(' || c == '[' || c == '{') {
			stack[depth++] = (int)i;
		} else if (c == ')' || c == ']' || c == '}') {
			char want = c == ')' ? '(' : c == ']' ? '[' : '{';

			/* drop unmatched openers of another kind (#if) */
			while (depth && s->text[s->t[stack[depth - 1]].off] !=
						want)
				depth--;
			if (!depth)
				continue;
			depth--;
			s->t[i].match = stack[depth];
			s->t[stack[depth]].match = (int)i;
		}
	}
	free(stack);
}

/* the name a parameter declaration gives, or "" */
static char *param_name(const struct scan *s, size_t a, size_t b)
{
	/* a function pointer: the identifier after "( *" */
	for (size_t i = a; i + 2 < b; i++)
		if (tok_is(s, i, "(") && tok_is(s, i + 1, "*") &&
		    tok_ident(s, i + 2))
			return tok_str(s, i + 2);
	while (b > a && (tok_is(s, b - 1, "]") || s->t[b - 1].kind ==
						       T_NUM)) {
		if (tok_is(s, b - 1, "]") && s->t[b - 1].match >= 0)
			b = (size_t)s->t[b - 1].match;
		else
			b--;
	}
	if (b - a < 2 || !tok_ident(s, b - 1))
		return xstrdup("");
	if (in_list(type_words, s->text + s->t[b - 1].off,
		    (size_t)s->t[b - 1].len))
		return xstrdup("");
	if (tok_is(s, b - 2, "struct") || tok_is(s, b - 2, "union") ||
	    tok_is(s, b - 2, "enum"))
		return xstrdup("");
	return tok_str(s, b - 1);
}


/* "struct file *" (with const or not): a parameter naming an open file */
static bool is_file_ptr(const struct scan *s, size_t a, size_t b)
{
	for (size_t i = a; i + 2 < b; i++)
		if (tok_is(s, i, "struct") && tok_is(s, i + 1, "file") &&
		    tok_is(s, i + 2, "*"))
			return true;
	return false;
}

/* "struct inode *" or "struct dentry *", not a pointer to pointer */
static enum ptype param_type(const struct scan *s, size_t a, size_t b)
{
	for (size_t i = a; i + 2 < b; i++) {
		if (!tok_is(s, i, "struct") || !tok_is(s, i + 2, "*") ||
		    (i + 3 < b && tok_is(s, i + 3, "*")))
			continue;
		if (tok_is(s, i + 1, "inode"))
			return P_INODE;
		if (tok_is(s, i + 1, "dentry"))
			return P_DENTRY;
	}
	return P_OTHER;
}

static void split_params(const struct scan *s, struct func *f)
{
	size_t a = (size_t)f->lparen + 1, end = (size_t)f->rparen;

	strvec_init(&f->params);
	for (size_t i = a; i <= end; i++) {
		if (i < end && (tok_is(s, i, "(") || tok_is(s, i, "[")) &&
		    s->t[i].match > 0) {
			i = (size_t)s->t[i].match;
			continue;
		}
		if (i < end && !tok_is(s, i, ","))
			continue;
		if (i > a) {
			char *name = param_name(s, a, i);

			strvec_push(&f->params, name);
			free(name);
			f->pfile = xreallocarray(f->pfile, f->params.n,
						 sizeof(*f->pfile));
			f->pfile[f->params.n - 1] = is_file_ptr(s, a, i);
			f->ptype = xreallocarray(f->ptype, f->params.n,
						 sizeof(*f->ptype));
			f->ptype[f->params.n - 1] = param_type(s, a, i);
		}
		a = i + 1;
	}
}

static void add_func(struct scan *s, size_t name, size_t rparen,
		     size_t lbrace, size_t start)
{
	struct func *f;

	s->f = xreallocarray(s->f, s->nf + 1, sizeof(*s->f));
	f = &s->f[s->nf++];
	memset(f, 0, sizeof(*f));
	f->name = (int)name;
	f->lparen = (int)name + 1;
	f->rparen = (int)rparen;
	f->lbrace = (int)lbrace;
	f->rbrace = s->t[lbrace].match;
	f->start = (int)start;
	for (size_t i = start; i < name; i++)
		f->is_static |= tok_is(s, i, "static");
	split_params(s, f);
	f->pkind = xcalloc(f->params.n + 1, sizeof(*f->pkind));
	f->pkind_set = xcalloc(f->params.n + 1, sizeof(*f->pkind_set));
}

/*
 * Function definitions at file scope: NAME ( ... ) [ATTR[(...)]]... { ...
 * Declarations (a ';' after the parameters) and initializers are not.
 */
static void find_functions(struct scan *s)
{
	size_t start = 0;

	for (size_t i = 0; i < s->n; i++) {
		const struct tok *t = &s->t[i];

		if (t->kind == T_PP || tok_is(s, i, ";")) {
			start = i + 1;
			continue;
		}
		if (tok_is(s, i, "{")) {
			if (t->match < 0)
				break;
			i = (size_t)t->match;
			continue;
		}
		if (!tok_ident(s, i) || !tok_is(s, i + 1, "(") ||
		    s->t[i + 1].match < 0)
			continue;
		size_t r = (size_t)s->t[i + 1].match, j = r + 1;

		while (tok_ident(s, j)) {
			if (tok_is(s, j + 1, "(") && s->t[j + 1].match > 0)
				j = (size_t)s->t[j + 1].match + 1;
			else
				j++;
		}
		if (tok_is(s, j, "{") && s->t[j].match > 0 &&
		    !in_list(not_calls, s->text + t->off, (size_t)t->len)) {
			add_func(s, i, r, j, start);
			i = (size_t)s->t[j].match;
			start = i + 1;
			continue;
		}
		i = r;
	}
	s->owner = xcalloc(s->n + 1, sizeof(*s->owner));
	for (size_t i = 0; i < s->n; i++)
		s->owner[i] = -1;
	for (size_t k = 0; k < s->nf; k++)
		for (int i = s->f[k].lbrace + 1; i < s->f[k].rbrace; i++)
			s->owner[i] = (int)k;
}

static int func_index(const struct scan *s, size_t tok)
{
	for (size_t k = 0; k < s->nf; k++) {
		const struct tok *n = &s->t[s->f[k].name];

		if (n->len == s->t[tok].len &&
		    !strncmp(s->text + n->off, s->text + s->t[tok].off,
			     (size_t)n->len))
			return (int)k;
	}
	return -1;
}

/* ---- the ops tables ---------------------------------------------------- */

static void scan_ops(const struct scan *s, struct annot_names *n)
{
	/* WRAP_DIR_ITER(x): x runs with the lock upgraded to exclusive */
	for (size_t i = 0; i + 3 < s->n; i++) {
		char *name;

		if (!tok_is(s, i, "WRAP_DIR_ITER") || !tok_is(s, i + 1, "(") ||
		    !tok_ident(s, i + 2) || !tok_is(s, i + 3, ")"))
			continue;
		name = tok_str(s, i + 2);
		if (!strvec_contains(&n->iterate_excl, name))
			strvec_push(&n->iterate_excl, name);
		free(name);
	}
	for (size_t i = 0; i + 3 < s->n; i++) {
		struct strvec *into;
		size_t v = i + 3;

		if (!tok_is(s, i, ".") || !tok_is(s, i + 2, "="))
			continue;
		if (tok_is(s, i + 1, "lookup"))
			into = &n->lookup;
		else if (tok_is(s, i + 1, "atomic_open"))
			into = &n->lookup;
		else if (tok_is(s, i + 1, "iterate_shared"))
			into = &n->iterate;
		else if (tok_is(s, i + 1, "unlink") ||
			 tok_is(s, i + 1, "rename"))
			into = &n->dirop;
		else
			continue;
		if (tok_is(s, v, "&"))
			v++;
		if (!tok_ident(s, v) || !(tok_is(s, v + 1, ",") ||
					  tok_is(s, v + 1, "}")))
			continue;
		char *name = tok_str(s, v);

		if (!strvec_contains(into, name))
			strvec_push(into, name);
		free(name);
	}
}

static void scan_init(struct scan *s, const char *text)
{
	memset(s, 0, sizeof(*s));
	s->text = text;
	tokenize(s);
	match_brackets(s);
}

static void scan_release(struct scan *s)
{
	for (size_t k = 0; k < s->nf; k++) {
		strvec_clear(&s->f[k].params);
		free(s->f[k].pkind);
		free(s->f[k].pkind_set);
		free(s->f[k].pfile);
		free(s->f[k].ptype);
		for (size_t j = 0; j < s->f[k].nenv; j++)
			free(s->f[k].env[j].name);
		free(s->f[k].env);
	}
	free(s->f);
	free(s->t);
	free(s->owner);
}

void annot_names_release(struct annot_names *n)
{
	strvec_clear(&n->lookup);
	strvec_clear(&n->iterate);
	strvec_clear(&n->iterate_excl);
	strvec_clear(&n->helpers);
	strvec_clear(&n->dirop);
	strvec_clear(&n->dirop_helpers);
}

void annot_names_scan(struct annot_names *n, const char *text)
{
	struct scan s;

	scan_init(&s, text);
	scan_ops(&s, n);
	scan_release(&s);
}

int annot_names_scan_file(struct annot_names *n, const char *path)
{
	struct buf b = BUF_INIT;

	if (buf_read_file(&b, path)) {
		buf_release(&b);
		return error("cannot read '%s':", path);
	}
	annot_names_scan(n, b.data);
	buf_release(&b);
	return 0;
}

/* ---- roles and the helper closure -------------------------------------- */

struct call {
	int callee, caller;
	size_t tok;		/* the callee's name at the call */
};

static bool has_role(const struct func *f)
{
	return f->role != ROLE_NONE;
}

static void assign_roles(struct scan *s, const struct annot_names *n)
{
	for (size_t k = 0; k < s->nf; k++) {
		struct func *f = &s->f[k];
		char *name = tok_str(s, (size_t)f->name);

		if (strvec_contains(&n->lookup, name)) {
			f->role = ROLE_LOOKUP;
			f->hold = HOLD_BY_MODE;
		} else if (strvec_contains(&n->iterate_excl, name)) {
			f->role = ROLE_ITERATE;
			f->hold = HOLD_EXCLUSIVE;
		} else if (strvec_contains(&n->iterate, name)) {
			f->role = ROLE_ITERATE;
			f->hold = HOLD_SHARED;
		} else if (!strcmp(name, "d_add_ci")) {
			f->role = ROLE_ADD_CI;
			f->hold = HOLD_BY_MODE;
		} else if (strvec_contains(&n->dirop, name)) {
			f->role = ROLE_DIROP;
			f->hold = HOLD_EXCLUSIVE;
			f->dirop = true;
		} else if (!f->is_static &&
			   strvec_contains(&n->helpers, name)) {
			f->role = ROLE_HELPER;
			f->dirop = strvec_contains(&n->dirop_helpers, name);
			f->hold = f->dirop ? HOLD_EXCLUSIVE : HOLD_SHARED;
		}
		free(name);
	}
}

/* every use of a defined function: a direct call, or its address taken */
static struct call *find_calls(struct scan *s, size_t *ncalls)
{
	struct call *calls = NULL;
	size_t n = 0;

	for (size_t i = 0; i < s->n; i++) {
		int k;

		if (!tok_ident(s, i) || (k = func_index(s, i)) < 0 ||
		    (size_t)s->f[k].name == i)
			continue;
		if (i && (tok_is(s, i - 1, ".") || tok_is(s, i - 1, "->")))
			continue;
		bool call = tok_is(s, i + 1, "(") &&
			    !(i && tok_is(s, i - 1, "&"));

		if (s->owner[i] < 0) {
			/* a prototype is fine, EXPORT_SYMBOL(f) is not */
			if (!call)
				s->f[k].address_taken = true;
			continue;
		}
		if (!call) {
			s->f[k].address_taken = true;
			continue;
		}
		if (s->owner[i] == k)
			continue;
		calls = xreallocarray(calls, n + 1, sizeof(*calls));
		calls[n++] = (struct call){ k, s->owner[i], i };
		s->f[k].ncalls++;
	}
	*ncalls = n;
	return calls;
}

static void close_helpers(struct scan *s, const struct call *calls,
			  size_t ncalls)
{
	bool changed = true;

	while (changed) {
		changed = false;
		for (size_t k = 0; k < s->nf; k++) {
			struct func *f = &s->f[k];
			bool all = f->ncalls > 0, first = true, dirop = true;
			enum annot_hold hold = HOLD_SHARED;

			if (has_role(f) || f->address_taken)
				continue;
			for (size_t c = 0; c < ncalls && all; c++) {
				if (calls[c].callee != (int)k)
					continue;
				all = has_role(&s->f[calls[c].caller]);
				dirop &= s->f[calls[c].caller].dirop;
				/* callers disagree: shared, the weaker */
				if (first)
					hold = s->f[calls[c].caller].hold;
				else if (hold != s->f[calls[c].caller].hold)
					hold = HOLD_SHARED;
				first = false;
			}
			if (!all)
				continue;
			f->role = ROLE_HELPER;
			f->hold = hold;
			f->dirop = dirop;
			changed = true;
		}
	}
}

/* ---- what an expression denotes ---------------------------------------- */

static enum ekind env_get(const struct scan *s, const struct func *f,
			  size_t tok)
{
	for (size_t j = 0; j < f->nenv; j++)
		if (tok_eq(s, tok, f->env[j].name, strlen(f->env[j].name)))
			return f->env[j].kind;
	return K_NONE;
}

static void env_set(struct func *f, const char *name, enum ekind kind)
{
	for (size_t j = 0; j < f->nenv; j++)
		if (!strcmp(f->env[j].name, name)) {
			f->env[j].kind = kind;
			return;
		}
	f->env = xreallocarray(f->env, f->nenv + 1, sizeof(*f->env));
	f->env[f->nenv].name = xstrdup(name);
	f->env[f->nenv++].kind = kind;
}

static bool is_cast(const struct scan *s, size_t a, size_t m)
{
	bool typeish = false;

	for (size_t i = a + 1; i < m; i++) {
		if (tok_is(s, i, "*")) {
			typeish = true;
			continue;
		}
		if (!tok_ident(s, i))
			return false;
		if (tok_is(s, i, "struct") || tok_is(s, i, "const"))
			typeish = true;
	}
	return typeish;
}

/* the end of the first argument of a call whose '(' is at lp */
static size_t first_arg_end(const struct scan *s, size_t lp)
{
	size_t end = (size_t)s->t[lp].match;

	for (size_t i = lp + 1; i < end; i++) {
		if ((tok_is(s, i, "(") || tok_is(s, i, "[") ||
		     tok_is(s, i, "{")) && s->t[i].match > 0)
			i = (size_t)s->t[i].match;
		else if (tok_is(s, i, ","))
			return i;
	}
	return end;
}

static enum ekind classify(const struct scan *s, const struct func *f,
			   size_t a, size_t b)
{
	for (;;) {
		if (b <= a)
			return K_NONE;
		if (tok_is(s, a, "(") && s->t[a].match == (int)b - 1) {
			a++;
			b--;
		} else if (tok_is(s, a, "(") && s->t[a].match > 0 &&
			   (size_t)s->t[a].match < b - 1 &&
			   is_cast(s, a, (size_t)s->t[a].match)) {
			a = (size_t)s->t[a].match + 1;
		} else {
			break;
		}
	}
	if (b - a == 1)
		return tok_ident(s, a) ? env_get(s, f, a) : K_NONE;
	if (tok_is(s, a, "&"))
		return classify(s, f, a + 1, b) == K_PPATHVAL ? K_PPATH :
								K_NONE;
	if (tok_ident(s, a) && tok_is(s, a + 1, "(") &&
	    s->t[a + 1].match == (int)b - 1) {
		enum ekind arg = classify(s, f, a + 2,
					  first_arg_end(s, a + 1));

		if ((tok_is(s, a, "d_inode") || tok_is(s, a, "d_inode_rcu") ||
		     tok_is(s, a, "d_backing_inode")) && arg == K_PDENTRY)
			return K_PINODE;
		if (tok_is(s, a, "file_inode") && arg == K_PFILE)
			return K_PINODE;
		if (tok_is(s, a, "file_dentry") && arg == K_PFILE)
			return K_PDENTRY;
		if (tok_is(s, a, "dget_parent") && arg == K_CHILD)
			return K_PDENTRY;
		if (tok_is(s, a, "dget") && arg == K_PDENTRY)
			return K_PDENTRY;
		return K_NONE;
	}
	if (b - a >= 3 && tok_ident(s, b - 1)) {
		enum ekind base = classify(s, f, a, b - 2);

		if (tok_is(s, b - 2, "->")) {
			if (tok_is(s, b - 1, "d_inode") && base == K_PDENTRY)
				return K_PINODE;
			if (tok_is(s, b - 1, "d_parent") && base == K_CHILD)
				return K_PDENTRY;
			if (tok_is(s, b - 1, "f_inode") && base == K_PFILE)
				return K_PINODE;
			if (tok_is(s, b - 1, "f_path") && base == K_PFILE)
				return K_PPATHVAL;
			if (tok_is(s, b - 1, "dentry") && base == K_PPATH)
				return K_PDENTRY;
		} else if (tok_is(s, b - 2, ".")) {
			if (tok_is(s, b - 1, "dentry") && base == K_PPATHVAL)
				return K_PDENTRY;
		}
	}
	return K_NONE;
}

/* the end of an initializer or assignment's right-hand side */
static size_t expr_end(const struct scan *s, size_t i, size_t limit)
{
	for (; i < limit; i++) {
		if ((tok_is(s, i, "(") || tok_is(s, i, "[") ||
		     tok_is(s, i, "{")) && s->t[i].match > 0) {
			i = (size_t)s->t[i].match;
			continue;
		}
		if (tok_is(s, i, ";") || tok_is(s, i, ",") ||
		    tok_is(s, i, ")") || tok_is(s, i, "]") ||
		    tok_is(s, i, "}"))
			return i;
	}
	return limit;
}

/* parameters by role or by caller, then locals assigned from those */
static void build_env(const struct scan *s, struct func *f)
{
	static const enum ekind lookup[] = { K_PINODE, K_CHILD };

	for (size_t j = 0; j < f->nenv; j++)
		free(f->env[j].name);
	f->nenv = 0;
	for (size_t p = 0; p < f->params.n; p++) {
		enum ekind k = K_NONE;

		if (f->role == ROLE_LOOKUP && p < ARRAY_SIZE(lookup))
			k = lookup[p];
		else if (f->role == ROLE_ITERATE && p == 0)
			k = K_PFILE;
		else if (f->role == ROLE_ADD_CI && p == 0)
			k = K_CHILD;
		else if (f->role == ROLE_HELPER && f->pkind_set[p])
			k = f->pkind[p];
		/* a helper of readdir that is handed a file: the directory */
		if (k == K_NONE && f->role == ROLE_HELPER && f->pfile &&
		    f->pfile[p] && !f->pkind_set[p])
			k = K_PFILE;
		/*
		 * ->unlink(dir, dentry), ->rename(..., old_dir, old_dentry,
		 * new_dir, new_dentry, ...) and their helpers: the inodes are
		 * the locked directories, the dentries their children
		 */
		if (k == K_NONE && f->dirop && f->ptype &&
		    (f->role == ROLE_DIROP || !f->pkind_set[p]))
			k = f->ptype[p] == P_INODE ? K_PINODE :
			    f->ptype[p] == P_DENTRY ? K_CHILD : K_NONE;
		if (k != K_NONE && *f->params.v[p])
			env_set(f, f->params.v[p], k);
	}
	for (int round = 0; round < 3; round++) {
		for (size_t i = (size_t)f->lbrace + 1;
		     i < (size_t)f->rbrace; i++) {
			if (!tok_ident(s, i) || !tok_is(s, i + 1, "=") ||
			    (i && (tok_is(s, i - 1, ".") ||
				   tok_is(s, i - 1, "->"))))
				continue;
			size_t end = expr_end(s, i + 2, (size_t)f->rbrace);
			enum ekind k = classify(s, f, i + 2, end);

			if (k != K_NONE) {
				char *name = tok_str(s, i);

				env_set(f, name, k);
				free(name);
			}
		}
	}
}

/* what each helper's parameters are, agreed on by all its callers */
static void propagate_kinds(struct scan *s, const struct call *calls,
			    size_t ncalls)
{
	for (int round = 0; round < 4; round++) {
		for (size_t k = 0; k < s->nf; k++) {
			if (has_role(&s->f[k]))
				build_env(s, &s->f[k]);
			memset(s->f[k].pkind_set, 0, s->f[k].params.n + 1);
		}
		for (size_t c = 0; c < ncalls; c++) {
			struct func *callee = &s->f[calls[c].callee];
			const struct func *caller = &s->f[calls[c].caller];
			size_t lp = calls[c].tok + 1, end, p = 0;

			if (callee->role != ROLE_HELPER || !has_role(caller))
				continue;
			end = (size_t)s->t[lp].match;
			for (size_t a = lp + 1;
			     a <= end && p < callee->params.n; p++) {
				size_t e = expr_end(s, a, end);
				enum ekind kind = classify(s, caller, a, e);

				if (!callee->pkind_set[p]) {
					callee->pkind[p] = kind;
					callee->pkind_set[p] = true;
				} else if (callee->pkind[p] != kind) {
					callee->pkind[p] = K_NONE;
				}
				a = e + 1;
			}
		}
	}
}

/* ---- edits ------------------------------------------------------------- */

static void edit_add(struct edits *ed, size_t off, size_t del, char *ins)
{
	if (ed->n == ed->cap) {
		ed->cap = ed->cap ? ed->cap * 2 : 32;
		ed->e = xreallocarray(ed->e, ed->cap, sizeof(*ed->e));
	}
	ed->e[ed->n++] = (struct edit){ off, del, ins };
}

/* replace text[off, off + del) by ins, keeping its newlines */
static void edit_replace(struct edits *ed, const char *text, size_t off,
			 size_t del, const char *ins)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, ins);
	for (size_t i = off; i < off + del; i++)
		if (text[i] == '\n')
			buf_addch(&b, '\n');
	edit_add(ed, off, del, buf_detach(&b));
}

static int edit_cmp(const void *a, const void *b)
{
	const struct edit *x = a, *y = b;

	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	/* insertions before replacements at the same place */
	return (x->del > y->del) - (x->del < y->del);
}

static void edits_apply(struct edits *ed, const char *text, struct buf *out)
{
	size_t at = 0;

	if (ed->n > 1)
		qsort(ed->e, ed->n, sizeof(*ed->e), edit_cmp);
	for (size_t i = 0; i < ed->n; i++) {
		const struct edit *e = &ed->e[i];

		if (e->off < at)
			continue;	/* overlaps an earlier edit */
		buf_add(out, text + at, e->off - at);
		buf_adds(out, e->ins);
		at = e->off + e->del;
	}
	buf_adds(out, text + at);
	for (size_t i = 0; i < ed->n; i++)
		free(ed->e[i].ins);
	free(ed->e);
	ed->e = NULL;
	ed->n = ed->cap = 0;
}

static size_t tok_end(const struct scan *s, size_t i)
{
	return (size_t)(s->t[i].off + s->t[i].len);
}

/* the first token of a postfix expression ending at i (walking left) */
static size_t operand_start(const struct scan *s, size_t i, size_t floor)
{
	for (;;) {
		if ((tok_is(s, i, ")") || tok_is(s, i, "]")) &&
		    s->t[i].match >= 0 && (size_t)s->t[i].match > floor) {
			i = (size_t)s->t[i].match;
			if (i > floor + 1 && tok_ident(s, i - 1))
				i--;
		} else if (!tok_ident(s, i)) {
			return SIZE_MAX;
		}
		if (i > floor + 2 && (tok_is(s, i - 1, "->") ||
				      tok_is(s, i - 1, ".")))
			i -= 2;
		else
			return i;
	}
}

/* the last token of a postfix expression starting at i (walking right) */
static size_t operand_end(const struct scan *s, size_t i, size_t ceil)
{
	if (!tok_ident(s, i))
		return SIZE_MAX;
	for (;;) {
		if (i + 1 < ceil && (tok_is(s, i + 1, "(") ||
				     tok_is(s, i + 1, "[")) &&
		    s->t[i + 1].match > 0)
			i = (size_t)s->t[i + 1].match;
		if (i + 2 < ceil && (tok_is(s, i + 1, "->") ||
				     tok_is(s, i + 1, ".")) &&
		    tok_ident(s, i + 2))
			i += 2;
		else
			return i;
	}
}

/*
 * "flags & LOOKUP_SHARED" becomes a constant, so that clang's CFG drops
 * the branch the assumed lock mode cannot take: the analysis is not path
 * sensitive, and without this a correct "unlock by mode ... relock by
 * mode" would look like a lock held shared on one path and exclusive on
 * the other.
 */
static void fold_lookup_shared(const struct scan *s, const struct func *f,
			       bool shared, struct edits *ed)
{
	for (size_t i = (size_t)f->lbrace + 1; i < (size_t)f->rbrace; i++) {
		size_t a, b;

		if (!tok_is(s, i, "LOOKUP_SHARED"))
			continue;
		if (tok_is(s, i - 1, "&") &&
		    (a = operand_start(s, i - 2, (size_t)f->lbrace)) !=
			    SIZE_MAX)
			b = i;
		else if (tok_is(s, i + 1, "&") &&
			 (b = operand_end(s, i + 2, (size_t)f->rbrace)) !=
				 SIZE_MAX)
			a = i;
		else
			continue;
		edit_replace(ed, s->text, (size_t)s->t[a].off,
			     tok_end(s, b) - (size_t)s->t[a].off,
			     shared ? "(1)" : "(0)");
	}
}

/* every "return ...;" checks that the parent is held at that point */
static void mark_returns(const struct scan *s, const struct func *f,
			 struct edits *ed)
{
	for (size_t i = (size_t)f->lbrace + 1; i < (size_t)f->rbrace; i++) {
		size_t j;

		if (!tok_is(s, i, "return"))
			continue;
		for (j = i + 1; j < (size_t)f->rbrace; j++) {
			if ((tok_is(s, j, "(") || tok_is(s, j, "[") ||
			     tok_is(s, j, "{")) && s->t[j].match > 0)
				j = (size_t)s->t[j].match;
			else if (tok_is(s, j, ";"))
				break;
		}
		if (j >= (size_t)f->rbrace)
			continue;
		edit_add(ed, (size_t)s->t[i].off, 0,
			 xstrdup("{__fsconv_held(); "));
		edit_add(ed, tok_end(s, j), 0, xstrdup("}"));
	}
}

/* inode_unlock(dir) on the parent becomes __fsconv_parent_inode_unlock() */
static void rename_parent_locks(const struct scan *s, const struct func *f,
				struct edits *ed)
{
	for (size_t i = (size_t)f->lbrace + 1; i < (size_t)f->rbrace; i++) {
		if (!tok_ident(s, i) || !tok_is(s, i + 1, "(") ||
		    s->t[i + 1].match < 0 ||
		    tok_is(s, i - 1, ".") || tok_is(s, i - 1, "->") ||
		    !lockfn_find(s->text + s->t[i].off, (size_t)s->t[i].len))
			continue;
		if (classify(s, f, i + 2, first_arg_end(s, i + 1)) !=
		    K_PINODE)
			continue;
		char *name = tok_str(s, i);

		edit_add(ed, (size_t)s->t[i].off, (size_t)s->t[i].len,
			 xasprintf("__fsconv_parent_%s", name));
		free(name);
	}
}

/* the token range [*a, *b) of argument n (0-based) of the call at lp */
static bool call_arg(const struct scan *s, size_t lp, size_t n, size_t *a,
		     size_t *b)
{
	size_t end = (size_t)s->t[lp].match, i = lp + 1;

	for (size_t k = 0; i < end; k++) {
		size_t e = expr_end(s, i, end);

		if (k == n) {
			*a = i;
			*b = e;
			return e > i;
		}
		if (!tok_is(s, e, ","))
			return false;
		i = e + 1;
	}
	return false;
}

static bool range_has(const struct scan *s, size_t a, size_t b,
		      const char *word)
{
	for (size_t i = a; i < b; i++)
		if (tok_eq(s, i, word, strlen(word)))
			return true;
	return false;
}

/*
 * A direct E->i_op->lookup(dir, dentry, flags) on the parent states the
 * lock mode in its flags: without LOOKUP_SHARED (the silly-rename loop
 * passes 0) the parent must be held exclusive, so the call is put behind
 * __fsconv_lookup_excl(), which requires that.  Flags that mention
 * LOOKUP_SHARED, or a ->lookup's own flags handed on, only need it held.
 */
static void mark_lookup_calls(const struct scan *s, const struct func *f,
			      struct edits *ed)
{
	const char *own = f->role == ROLE_LOOKUP && f->params.n > 2 ?
			  f->params.v[2] : "";

	for (size_t i = (size_t)f->lbrace + 1; i < (size_t)f->rbrace; i++) {
		size_t lp = i + 1, a, b, fa, fb, start;
		bool excl;

		if (!tok_is(s, i, "lookup") || !tok_is(s, lp, "(") ||
		    s->t[lp].match < 0 || !tok_is(s, i - 1, "->") ||
		    !tok_is(s, i - 2, "i_op") ||
		    !call_arg(s, lp, 0, &a, &b) ||
		    classify(s, f, a, b) != K_PINODE ||
		    !call_arg(s, lp, 2, &fa, &fb) ||
		    (start = operand_start(s, i, (size_t)f->lbrace)) ==
			    SIZE_MAX)
			continue;
		excl = !range_has(s, fa, fb, "LOOKUP_SHARED") &&
		       !(*own && range_has(s, fa, fb, own));
		edit_add(ed, (size_t)s->t[start].off, 0,
			 xstrdup(excl ? "(__fsconv_lookup_excl(), " :
					"(__fsconv_lookup_held(), "));
		edit_add(ed, tok_end(s, (size_t)s->t[lp].match), 0,
			 xstrdup(")"));
	}
}

static void clang_edits(const struct scan *s, enum annot_mode mode,
			struct edits *ed)
{
	bool shared = mode == ANNOT_CLANG_SHARED;

	for (size_t k = 0; k < s->nf; k++) {
		const struct func *f = &s->f[k];

		fold_lookup_shared(s, f, shared, ed);
		if (!has_role(f))
			continue;
		edit_add(ed, tok_end(s, (size_t)f->rparen), 0,
			 xasprintf(" __attribute__((%s(__fsconv_parent)))",
				   f->hold == HOLD_EXCLUSIVE ||
				   (!shared && f->hold == HOLD_BY_MODE) ?
				   "requires_capability" :
				   "requires_shared_capability"));
		rename_parent_locks(s, f, ed);
		mark_lookup_calls(s, f, ed);
		mark_returns(s, f, ed);
	}
}

/*
 * sparse drops the context of an inline function declared before its
 * definition, and of an inline redeclaration after it, but keeps the
 * context of a plain static redeclaration after it: so the lock family
 * is redeclared that way just before the first function of the file, on
 * the same line.  sparse has one context counter, so one name serves.
 */
static void sparse_edits(const struct scan *s, struct edits *ed)
{
	struct buf pre = BUF_INIT;

	if (!s->nf)
		return;
	buf_adds(&pre, "struct inode; ");
	for (size_t i = 0; i < ARRAY_SIZE(lockfns); i++) {
		const struct lockfn *l = &lockfns[i];

		if (l->op != L_ACQ && l->op != L_REL)
			continue;
		buf_addf(&pre, "static void %s(%s) "
			 "__attribute__((context(__fsconv_parent,%d,%d))); ",
			 l->name, l->params, l->op == L_REL,
			 l->op == L_ACQ);
	}
	edit_add(ed, (size_t)s->t[s->f[0].start].off, 0, buf_detach(&pre));
	for (size_t k = 0; k < s->nf; k++)
		if (has_role(&s->f[k]))
			edit_add(ed, tok_end(s, (size_t)s->f[k].rparen), 0,
				 xstrdup(" __attribute__((context("
					 "__fsconv_parent,1,1)))"));
}

void annot_file_make(struct annot_file *af, const char *text,
		     const struct annot_names *names, enum annot_mode mode)
{
	struct annot_names all = ANNOT_NAMES_INIT;
	struct edits ed = { NULL, 0, 0 };
	struct scan s;
	struct call *calls;
	size_t ncalls;

	memset(af, 0, sizeof(*af));
	buf_init(&af->text);
	scan_init(&s, text);
	find_functions(&s);
	if (names) {
		strvec_pushv(&all.lookup,
			     (const char *const *)names->lookup.v);
		strvec_pushv(&all.iterate,
			     (const char *const *)names->iterate.v);
		strvec_pushv(&all.iterate_excl,
			     (const char *const *)names->iterate_excl.v);
		strvec_pushv(&all.helpers,
			     (const char *const *)names->helpers.v);
		strvec_pushv(&all.dirop,
			     (const char *const *)names->dirop.v);
		strvec_pushv(&all.dirop_helpers,
			     (const char *const *)names->dirop_helpers.v);
	}
	scan_ops(&s, &all);
	assign_roles(&s, &all);
	calls = find_calls(&s, &ncalls);
	close_helpers(&s, calls, ncalls);
	if (mode == ANNOT_SPARSE) {
		sparse_edits(&s, &ed);
	} else {
		propagate_kinds(&s, calls, ncalls);
		clang_edits(&s, mode, &ed);
	}
	edits_apply(&ed, text, &af->text);

	af->funcs = xcalloc(s.nf + 1, sizeof(*af->funcs));
	for (size_t k = 0; k < s.nf; k++) {
		struct annot_func *out = &af->funcs[af->nfuncs++];

		out->name = tok_str(&s, (size_t)s.f[k].name);
		out->first = s.t[s.f[k].name].line;
		out->last = s.t[s.f[k].rbrace].line;
		out->role = s.f[k].role;
		out->hold = s.f[k].hold;
		af->nannotated += has_role(&s.f[k]);
	}
	free(calls);
	annot_names_release(&all);
	scan_release(&s);
}

void annot_file_release(struct annot_file *af)
{
	for (size_t k = 0; k < af->nfuncs; k++)
		free(af->funcs[k].name);
	free(af->funcs);
	buf_release(&af->text);
	memset(af, 0, sizeof(*af));
}

const struct annot_func *annot_func_at(const struct annot_file *af, int line)
{
	for (size_t k = 0; k < af->nfuncs; k++)
		if (af->funcs[k].first <= line && line <= af->funcs[k].last)
			return &af->funcs[k];
	return NULL;
}

const struct annot_func *annot_func_named(const struct annot_file *af,
					  const char *name)
{
	for (size_t k = 0; k < af->nfuncs; k++)
		if (!strcmp(af->funcs[k].name, name))
			return &af->funcs[k];
	return NULL;
}

/* ---- helpers across the files of a filesystem -------------------------- */

/* what the closure knows of one non-static function name */
struct gfunc {
	char *name;
	bool defined, address_taken, uncalled_ok;
	size_t calls, annotated_calls, dirop_calls;
};

struct gtable {
	struct gfunc *v;
	size_t n, cap;		/* open addressing, cap a power of two */
};

static size_t gt_hash(const char *s, size_t len)
{
	size_t h = 2166136261u;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static struct gfunc *gt_find(struct gtable *g, const char *s, size_t len,
			     bool add)
{
	size_t i;

	if (add && (g->n + 1) * 2 > g->cap) {
		struct gtable big = { NULL, 0, g->cap ? g->cap * 2 : 256 };

		big.v = xcalloc(big.cap, sizeof(*big.v));
		for (size_t k = 0; k < g->cap; k++)
			if (g->v[k].name) {
				struct gfunc *d = gt_find(&big, g->v[k].name,
							  strlen(g->v[k].name),
							  true);

				*d = g->v[k];
			}
		free(g->v);
		*g = big;
	}
	if (!g->cap)
		return NULL;
	for (i = gt_hash(s, len) & (g->cap - 1); g->v[i].name;
	     i = (i + 1) & (g->cap - 1))
		if (strlen(g->v[i].name) == len &&
		    !strncmp(g->v[i].name, s, len))
			return &g->v[i];
	if (!add)
		return NULL;
	g->v[i].name = xstrndup(s, len);
	g->n++;
	return &g->v[i];
}

/* one file's definitions and uses, counted into g */
static void close_file(struct gtable *g, const char *text,
		       const struct annot_names *n, bool defs)
{
	struct scan s;
	struct call *calls;
	size_t ncalls;

	scan_init(&s, text);
	find_functions(&s);
	assign_roles(&s, n);
	calls = find_calls(&s, &ncalls);
	close_helpers(&s, calls, ncalls);
	for (size_t k = 0; defs && k < s.nf; k++)
		if (!s.f[k].is_static)
			gt_find(g, s.text + s.t[s.f[k].name].off,
				(size_t)s.t[s.f[k].name].len,
				true)->defined = true;
	for (size_t i = 0; !defs && i < s.n; i++) {
		struct gfunc *gf;
		int k;

		if (!tok_ident(&s, i) ||
		    !(gf = gt_find(g, s.text + s.t[i].off,
				   (size_t)s.t[i].len, false)))
			continue;
		k = func_index(&s, i);
		if (k >= 0 && s.f[k].is_static)
			continue;	/* a static of the same name */
		if (k >= 0 && (size_t)s.f[k].name == i)
			continue;
		if (i && (tok_is(&s, i - 1, ".") || tok_is(&s, i - 1, "->")))
			continue;
		if (!tok_is(&s, i + 1, "(") || (i && tok_is(&s, i - 1, "&"))) {
			gf->address_taken = true;
			continue;
		}
		if (s.owner[i] < 0)
			continue;	/* a prototype */
		gf->calls++;
		gf->annotated_calls += has_role(&s.f[s.owner[i]]);
		gf->dirop_calls += s.f[s.owner[i]].dirop;
	}
	free(calls);
	scan_release(&s);
}

void annot_names_close(struct annot_names *n, const struct strvec *texts)
{
	struct gtable g = { NULL, 0, 0 };

	for (size_t i = 0; i < texts->n; i++)
		close_file(&g, texts->v[i], n, true);
	for (int round = 0; round < 8; round++) {
		size_t added = 0;

		for (size_t k = 0; k < g.cap; k++)
			g.v[k].calls = g.v[k].annotated_calls =
				g.v[k].dirop_calls = 0;
		for (size_t i = 0; i < texts->n; i++)
			close_file(&g, texts->v[i], n, false);
		for (size_t k = 0; k < g.cap; k++) {
			const struct gfunc *gf = &g.v[k];

			if (!gf->name || !gf->defined || gf->address_taken ||
			    !gf->calls || gf->calls != gf->annotated_calls ||
			    strvec_contains(&n->helpers, gf->name) ||
			    strvec_contains(&n->lookup, gf->name) ||
			    strvec_contains(&n->iterate, gf->name) ||
			    strvec_contains(&n->iterate_excl, gf->name) ||
			    strvec_contains(&n->dirop, gf->name))
				continue;
			strvec_push(&n->helpers, gf->name);
			if (gf->dirop_calls == gf->calls)
				strvec_push(&n->dirop_helpers, gf->name);
			added++;
		}
		if (!added)
			break;
	}
	for (size_t k = 0; k < g.cap; k++)
		free(g.v[k].name);
	free(g.v);
}
