// SPDX-License-Identifier: GPL-2.0
/* A JSON writer with escaping; see json.h. */
#include <stdio.h>

#include "json.h"

void json_init(struct json *j, struct buf *out)
{
	j->out = out;
	j->depth = 0;
	j->first[0] = true;
}

void json_quote(struct buf *out, const char *s)
{
	buf_addch(out, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '"':
			buf_adds(out, "\\\"");
			break;
		case '\\':
			buf_adds(out, "\\\\");
			break;
		case '\n':
			buf_adds(out, "\\n");
			break;
		case '\t':
			buf_adds(out, "\\t");
			break;
		case '\r':
			buf_adds(out, "\\r");
			break;
		default:
			if (c < 0x20)
				buf_addf(out, "\\u%04x", c);
			else
				buf_addch(out, (char)c);
		}
	}
	buf_addch(out, '"');
}

/* a comma unless first, then the key */
static void member(struct json *j, const char *key)
{
	if (!j->first[j->depth])
		buf_addch(j->out, ',');
	j->first[j->depth] = false;
	if (key) {
		json_quote(j->out, key);
		buf_addch(j->out, ':');
	}
}

void json_open(struct json *j, const char *key, char bracket)
{
	member(j, key);
	buf_addch(j->out, bracket);
	if ((size_t)j->depth + 1 >= ARRAY_SIZE(j->first))
		BUG("JSON nested too deeply");
	j->first[++j->depth] = true;
}

void json_close(struct json *j, char bracket)
{
	if (!j->depth)
		BUG("json_close at the top level");
	j->depth--;
	buf_addch(j->out, bracket);
}

void json_str(struct json *j, const char *key, const char *s)
{
	member(j, key);
	if (s)
		json_quote(j->out, s);
	else
		buf_adds(j->out, "null");
}

void json_int(struct json *j, const char *key, long long v)
{
	member(j, key);
	buf_addf(j->out, "%lld", v);
}

void json_bool(struct json *j, const char *key, bool v)
{
	member(j, key);
	buf_adds(j->out, v ? "true" : "false");
}

void json_raw(struct json *j, const char *key, const char *v)
{
	member(j, key);
	buf_adds(j->out, v);
}
