// SPDX-License-Identifier: GPL-2.0
/*
 * The checks fstable_load() makes of single values: names usable as
 * directory names, subject prefixes, Kconfig symbols, rule names, and
 * paths that lie inside the tree, exist there and belong to one entry.
 */
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsconv.h"
#include "fstable-parser.h"

/* "R8", "C3": the spec's rule and checker numbers */
static bool is_spec_id(const char *s)
{
	if (*s != 'R' && *s != 'C')
		return false;
	return s[1] >= '1' && s[1] <= '9' &&
	       strspn(s + 1, "0123456789") == strlen(s + 1);
}

/* an UPPER_SNAKE report type, "MANUAL_CONVERSION" (a number is not) */
static bool is_report_type(const char *s)
{
	return *s >= 'A' && *s <= 'Z' && strchr(s, '_') &&
	       strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") == strlen(s);
}

bool fscheck_rule(struct fstable_parser *p, yaml_node_t *node,
		       const char *s)
{
	const char *guess;

	if (strvec_contains(&p->rules, s))
		return true;
	guess = fstable_guess(s, (const char *const *)p->rules.v, p->rules.n);
	if (guess)
		fstable_error(p, &node->start_mark,
			      "unknown rule '%s' (did you mean '%s'?)", s,
			      guess);
	else if (!p->rules.n)
		fstable_error(p, &node->start_mark,
			      "unknown rule '%s' (there are no rules in '%s/cocci')",
			      s, fsconv_home());
	else
		fstable_error(p, &node->start_mark, "unknown rule '%s'", s);
	return false;
}

bool fscheck_manual_rule(struct fstable_parser *p, yaml_node_t *node,
			      const char *s)
{
	if (is_spec_id(s) || is_report_type(s))
		return true;
	return fscheck_rule(p, node, s);
}

bool fscheck_kconfig(struct fstable_parser *p, yaml_node_t *node,
			  const char *s)
{
	if (starts_with(s, "CONFIG_") && s[7] &&
	    strspn(s + 7, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") ==
		    strlen(s + 7))
		return true;
	fstable_error(p, &node->start_mark,
		      "'%s' is not a Kconfig symbol (expected CONFIG_NAME)", s);
	return false;
}

bool fscheck_prefix(struct fstable_parser *p, yaml_node_t *node,
			 const char *s)
{
	if (ends_with(s, ":"))
		return true;
	fstable_error(p, &node->start_mark,
		      "prefix '%s' must end with ':' (as in 'nfs:')", s);
	return false;
}

bool fscheck_name(struct fstable_parser *p, yaml_node_t *node,
		       const char *s)
{
	static const char ok[] = "abcdefghijklmnopqrstuvwxyz0123456789_.+-";

	/* names become directory names under patches-out/ */
	if (strspn(s, ok) == strlen(s) && *s != '.' && *s != '-')
		return true;
	fstable_error(p, &node->start_mark,
		      "bad filesystem name '%s' (use lowercase letters, digits, '_', '-', '.', '+')",
		      s);
	return false;
}

/* a name in dir close to base, for "did you mean"; NULL if none */
static char *similar_entry(const char *dir, const char *base)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char *best = NULL;
	size_t bestd = 3;

	if (!d)
		return NULL;
	while ((de = readdir(d))) {
		size_t dist;

		if (de->d_name[0] == '.')
			continue;
		dist = levenshtein(base, de->d_name);
		if (dist < bestd) {
			bestd = dist;
			free(best);
			best = xstrdup(de->d_name);
		}
	}
	closedir(d);
	return best;
}

static bool path_in_tree(struct fstable_parser *p, yaml_node_t *node,
			 const char *s)
{
	char *full = path_join(p->tree, s), *dir, *slash, *guess;
	bool ok = !access(full, F_OK);

	free(full);
	if (ok)
		return true;
	dir = xstrdup(s);
	slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	full = slash ? path_join(p->tree, dir) : xstrdup(p->tree);
	guess = similar_entry(full, slash ? slash + 1 : s);
	if (guess)
		fstable_error(p, &node->start_mark,
			      "path '%s' does not exist in '%s' (did you mean '%s%s%s'?)",
			      s, p->tree, slash ? dir : "", slash ? "/" : "",
			      guess);
	else
		fstable_error(p, &node->start_mark,
			      "path '%s' does not exist in '%s'", s, p->tree);
	free(guess);
	free(full);
	free(dir);
	return false;
}

/* a is b or a directory above it, comparing whole components */
static bool path_covers(const char *a, const char *b)
{
	size_t n = strlen(a);

	return !strncmp(a, b, n) && (b[n] == '\0' || b[n] == '/');
}

bool fscheck_path(struct fstable_parser *p, yaml_node_t *node,
		       const char *s)
{
	if (*s == '/' || !strcmp(s, "..") || starts_with(s, "../") ||
	    strstr(s, "/../") || ends_with(s, "/..")) {
		fstable_error(p, &node->start_mark,
			      "path '%s' is outside the tree (paths are relative to the tree top, without '..')",
			      s);
		return false;
	}
	if (ends_with(s, "/") || strstr(s, "//") || starts_with(s, "./") ||
	    strstr(s, "/./")) {
		fstable_error(p, &node->start_mark,
			      "path '%s' is not in canonical form (no './', '//' or trailing '/')",
			      s);
		return false;
	}
	for (size_t i = 0; i < p->npaths; i++) {
		const char *other = p->paths[i].path;

		if (path_covers(other, s) || path_covers(s, other)) {
			fstable_error(p, &node->start_mark,
				      "path '%s' overlaps '%s' (line %zu): a file belongs to one filesystem",
				      s, other, p->paths[i].line);
			return false;
		}
	}
	if (p->tree && !path_in_tree(p, node, s))
		return false;
	p->paths = xreallocarray(p->paths, p->npaths + 1, sizeof(*p->paths));
	p->paths[p->npaths++] = (struct seen_path){ s, node->start_mark.line + 1 };
	return true;
}

/* "fs/nfs/dir.c:nfs_atomic_open": the file must have the function */
bool fscheck_where(struct fstable_parser *p, yaml_node_t *node,
			const char *s)
{
	const char *colon = strrchr(s, ':');
	struct buf text = BUF_INIT;
	char *file, *full;
	bool ok = true;

	if (!colon || colon == s || !colon[1] || *s == '/' ||
	    strstr(s, "..")) {
		fstable_error(p, &node->start_mark,
			      "expected 'FILE:FUNCTION' for 'where', not '%s'",
			      s);
		return false;
	}
	if (!p->tree)
		return true;
	file = xstrndup(s, (size_t)(colon - s));
	full = path_join(p->tree, file);
	if (buf_read_file(&text, full)) {
		fstable_error(p, &node->start_mark,
			      "file '%s' does not exist in '%s'", file,
			      p->tree);
		ok = false;
	} else if (!strstr(text.data, colon + 1)) {
		fstable_error(p, &node->start_mark,
			      "'%s' does not mention '%s'", file, colon + 1);
		ok = false;
	}
	buf_release(&text);
	free(full);
	free(file);
	return ok;
}
