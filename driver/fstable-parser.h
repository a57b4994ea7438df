/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FSCONV_FSTABLE_PARSER_H
#define FSCONV_FSTABLE_PARSER_H

/*
 * Private to fstable.c (the schema and the YAML walk) and fscheck.c (the
 * checks of single values: names, paths against the tree, rules).
 */
#include <yaml.h>

#include "fstable.h"

/* a path seen so far, to find two entries claiming the same file */
struct seen_path {
	const char *path;
	size_t line;
};

struct fstable_parser {
	struct fstable *t;
	const char *name;	/* the file as printed in messages */
	const char *tree;	/* NULL: do not check paths against a tree */
	struct buf src;		/* the file, to quote lines in messages */
	yaml_document_t doc;
	struct strvec rules;	/* rule names: cocci/NAME.cocci */
	struct seen_path *paths;
	size_t npaths;
	int nerr;
};

/* report one problem at m; loading goes on so that all are reported */
void fstable_error(struct fstable_parser *p, const yaml_mark_t *m,
		   const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* the closest of candidates to word, or NULL if none is close */
const char *fstable_guess(const char *word, const char *const *cand, size_t n);

static inline const char *scalar(yaml_node_t *node)
{
	return (const char *)node->data.scalar.value;
}

/*
 * Checks of one string value at node; each reports what is wrong with
 * fstable_error() and returns false.
 */
bool fscheck_name(struct fstable_parser *p, yaml_node_t *node, const char *s);
bool fscheck_prefix(struct fstable_parser *p, yaml_node_t *node, const char *s);
bool fscheck_kconfig(struct fstable_parser *p, yaml_node_t *node,
		     const char *s);
/* a rule name: cocci/NAME.cocci exists */
bool fscheck_rule(struct fstable_parser *p, yaml_node_t *node, const char *s);
/* a manual site's rule: R1, C3, an UPPER_SNAKE report type or a rule */
bool fscheck_manual_rule(struct fstable_parser *p, yaml_node_t *node,
			 const char *s);
/* relative, canonical, in the tree, and claimed by no other entry */
bool fscheck_path(struct fstable_parser *p, yaml_node_t *node, const char *s);
/* FILE:FUNCTION, where FILE mentions FUNCTION */
bool fscheck_where(struct fstable_parser *p, yaml_node_t *node, const char *s);

#endif
