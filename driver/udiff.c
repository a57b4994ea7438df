// SPDX-License-Identifier: GPL-2.0
/*
 * Unified diffs as spatch prints them: split per file and checked hunk by
 * hunk, because spatch's stderr shares the pipe and a crash can leave a
 * diff cut short.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "udiff.h"

void diff_files_free(struct diff_file *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].path);
		free(v[i].sites);
		free(v[i].hunks);
	}
	free(v);
}

/* "a/fs/x.c", "./fs/x.c", "fs/x.c" -> "fs/x.c" */
static char *diff_path(const char *s, size_t n, const char *strip)
{
	while (n && (s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	/* spatch may append a timestamp after a tab */
	for (size_t i = 0; i < n; i++)
		if (s[i] == '\t')
			n = i;
	if (n > 2 && !strncmp(s, strip, 2)) {
		s += 2;
		n -= 2;
	}
	while (n > 2 && !strncmp(s, "./", 2)) {
		s += 2;
		n -= 2;
	}
	return xstrndup(s, n);
}

static bool hunk_header(const char *s, long *os, long *oc, long *ns, long *nc)
{
	char *e;

	if (strncmp(s, "@@ -", 4))
		return false;
	*os = strtol(s + 4, &e, 10);
	*oc = 1;
	if (*e == ',')
		*oc = strtol(e + 1, &e, 10);
	if (strncmp(e, " +", 2))
		return false;
	*ns = strtol(e + 2, &e, 10);
	*nc = 1;
	if (*e == ',')
		*nc = strtol(e + 1, &e, 10);
	return !strncmp(e, " @@", 3) && *oc >= 0 && *nc >= 0;
}

int diff_parse(const char *text, struct diff_file **filesp,
		      size_t *np, char **why)
{
	struct diff_file *files = NULL, *cur = NULL;
	size_t n = 0;
	const char *s = text, *pending = NULL;

	*why = NULL;
	while (*s) {
		const char *eol = s + strcspn(s, "\n");
		const char *next = *eol ? eol + 1 : eol;
		long os, oc, ns, nc, line;
		bool in_change = false;

		if (starts_with(s, "diff ")) {
			pending = s;
		} else if (starts_with(s, "--- ") && starts_with(next, "+++ ")) {
			const char *e2 = next + strcspn(next, "\n");

			files = xreallocarray(files, n + 1, sizeof(*files));
			cur = &files[n++];
			memset(cur, 0, sizeof(*cur));
			cur->path = diff_path(next + 4, (size_t)(e2 - next - 4),
					      "b/");
			cur->start = pending ? pending : s;
			cur->end = *e2 ? e2 + 1 : e2;
			pending = NULL;
			s = cur->end;
			continue;
		} else if (cur && hunk_header(s, &os, &oc, &ns, &nc)) {
			cur->hunks = xreallocarray(cur->hunks, cur->nhunks + 1,
						   sizeof(*cur->hunks));
			cur->hunks[cur->nhunks][0] = (int)os;
			cur->hunks[cur->nhunks][1] = (int)(os + oc - 1);
			cur->nhunks++;
			line = os;
			s = next;
			while (oc > 0 || nc > 0) {
				char c = *s;

				if (!c) {
					*why = xasprintf("'%s': hunk at line %ld is cut short",
							 cur->path, os);
					goto bad;
				}
				if (c == '\\') {
					/* "\ No newline at end of file" */
				} else if (c == ' ' || c == '\n') {
					oc--, nc--, line++;
					in_change = false;
				} else if (c == '-' || c == '+') {
					if (!in_change) {
						cur->sites = xreallocarray(cur->sites,
							cur->nsites + 1, sizeof(int));
						cur->sites[cur->nsites++] = (int)line;
					}
					in_change = true;
					if (c == '-')
						oc--, line++;
					else
						nc--;
				} else {
					*why = xasprintf("'%s': unexpected line in the hunk at line %ld",
							 cur->path, os);
					goto bad;
				}
				if (oc < 0 || nc < 0) {
					*why = xasprintf("'%s': hunk at line %ld has more lines than it says",
							 cur->path, os);
					goto bad;
				}
				s += strcspn(s, "\n");
				s += *s == '\n';
			}
			if (*s == '\\') {
				s += strcspn(s, "\n");
				s += *s == '\n';
			}
			cur->end = s;
			continue;
		} else {
			/* noise ends a file's diff */
			pending = NULL;
		}
		s = next;
	}
	*filesp = files;
	*np = n;
	return 0;
bad:
	diff_files_free(files, n);
	*filesp = NULL;
	*np = 0;
	return -1;
}

bool diff_touches_line(const struct diff_file *df, size_t n, int line)
{
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < df[i].nhunks; j++)
			if (df[i].hunks[j][0] <= line && line <= df[i].hunks[j][1])
				return true;
	return false;
}
