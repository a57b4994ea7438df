/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FSCONV_JSON_H
#define FSCONV_JSON_H

#include <stdbool.h>

#include "util.h"

/*
 * A small JSON writer into a struct buf.  It tracks nesting so that
 * commas come out right; keys and strings are escaped per RFC 8259
 * (control characters as \u00XX, bytes >= 0x80 passed through, since our
 * text is UTF-8 or ASCII).  No pretty-printing: the output is one line.
 */
struct json {
	struct buf *out;
	int depth;
	bool first[32];		/* no member written yet at this depth */
};

void json_init(struct json *j, struct buf *out);
void json_quote(struct buf *out, const char *s);
/* containers; key is NULL inside arrays and at the top */
void json_open(struct json *j, const char *key, char bracket);
void json_close(struct json *j, char bracket);
void json_str(struct json *j, const char *key, const char *s);
void json_int(struct json *j, const char *key, long long v);
void json_bool(struct json *j, const char *key, bool v);
/* a preformatted JSON value */
void json_raw(struct json *j, const char *key, const char *v);

#endif
