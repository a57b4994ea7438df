// SPDX-License-Identifier: GPL-2.0
/*
 * The fold patch: the commits of every filesystem that follow a VFS
 * signature change (d_alloc_parallel()'s wait queue, d_add_ci()'s flags),
 * combined into one commit on the base, for a VFS maintainer to squash
 * into the commit that changes the signature, so every commit builds.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "series.h"
#include "vfsfold.h"

/* the signature-change commits of every converted filesystem */
struct fold_part {
	char *fs;
	char *commit;
	char *subject;
};

static int collect_fold(const struct workspace *ws, struct fold_part **pp,
			char **api)
{
	struct strvec names = STRVEC_INIT;
	int n = 0;

	*pp = NULL;
	result_list(ws->results, &names);
	for (size_t i = 0; i < names.n; i++) {
		struct fs_result r;
		const char *conv;

		if (result_load(&r, ws->results, names.v[i]))
			continue;
		conv = r.stage[STAGE_CONVERT].status;
		for (size_t j = 0; conv && !strcmp(conv, "ok") && r.base &&
				   !strcmp(r.base, ws->base) && j < r.nrules; j++) {
			if (!r.rules[j].signature || !r.rules[j].commit)
				continue;
			*pp = xreallocarray(*pp, (size_t)n + 1, sizeof(**pp));
			(*pp)[n++] = (struct fold_part){
				xstrdup(r.fs), xstrdup(r.rules[j].commit),
				xstrdup(r.rules[j].subject) };
			if (!*api && r.api)
				*api = xstrdup(r.api);
		}
		result_release(&r);
	}
	strvec_clear(&names);
	return n;
}

static char *fold_message(const struct workspace *ws,
			  const struct fold_part *v, int n)
{
	struct buf b = BUF_INIT, t = BUF_INIT;

	buf_adds(&b, "VFS: convert the callers for the d_alloc_parallel() "
		 "and d_add_ci() changes\n\n");
	text_para(&b, "Fold this into the VFS commit that changes the signature "
	     "of d_alloc_parallel() (no wait queue) and d_add_ci() (the "
	     "->lookup flags), so that every commit of the series builds.  "
	     "It holds, for every filesystem fsconv converted, the patches "
	     "that follow a signature change:");
	for (int i = 0; i < n; i++) {
		buf_reset(&t);
		buf_addf(&t, "%s", v[i].subject);
		text_wrap(&b, t.data, "- ", "  ", 72);
	}
	buf_addch(&b, '\n');
	text_para(&b, "Each filesystem's own series has the same changes as "
	     "separate patches, for review by its maintainers.");
	buf_addf(&b, "Signed-off-by: %s <%s>\n", ws->name, ws->email);
	buf_release(&t);
	return buf_detach(&b);
}

/* one commit on the base with every filesystem's signature changes */
static int fold_commit(const struct workspace *ws, const struct fold_part *v,
		       int n, char **commit)
{
	char *index = xasprintf("%s/work/vfs-fold.index", ws->cache);
	char *file = xasprintf("%s/work/vfs-fold.diff", ws->cache);
	char *msg = xasprintf("%s/work/vfs-fold.msg", ws->cache);
	char *text = fold_message(ws, v, n);
	struct buf out = BUF_INIT, tree = BUF_INIT;
	int ret = -1;

	temp_register(index);
	temp_register(file);
	temp_register(msg);
	if (mkdirs_for_file(index) ||
	    ws_gitl(ws, index, NULL, "read-tree", ws->base, NULL) ||
	    write_file_atomic(msg, text, strlen(text)))
		goto out;
	for (int i = 0; i < n; i++) {
		char *parent = xasprintf("%s^", v[i].commit);
		int bad;

		buf_reset(&out);
		bad = ws_gitl(ws, NULL, &out, "diff", "--binary", parent,
			      v[i].commit, NULL) ||
		      write_file_atomic(file, out.data, out.len) ||
		      ws_gitl(ws, index, NULL, "apply", "--cached", file, NULL);
		free(parent);
		if (bad) {
			error("vfs-fold: the changes of '%s' do not combine "
			      "with the others", v[i].fs);
			goto out;
		}
	}
	if (ws_gitl(ws, index, &tree, "write-tree", NULL))
		goto out;
	buf_rtrim(&tree);
	buf_reset(&out);
	if (ws_gitl(ws, NULL, &out, "commit-tree", tree.data, "-p", ws->base,
		    "-F", msg, NULL))
		goto out;
	buf_rtrim(&out);
	*commit = buf_detach(&out);
	ret = 0;
out:
	temp_remove(index);
	temp_remove(file);
	temp_remove(msg);
	free(index);
	free(file);
	free(msg);
	free(text);
	buf_release(&out);
	buf_release(&tree);
	return ret;
}

struct fs_result *fold_result(const struct workspace *ws)
{
	struct fold_part *parts;
	struct fs_result *r, old;
	char *api = NULL, *commit = NULL;
	uint64_t h = fnv64_str(FNV64_INIT, ws->base);
	int n = collect_fold(ws, &parts, &api);

	if (!n) {
		free(api);
		return NULL;
	}
	r = xmalloc(sizeof(*r));
	result_init(r, "vfs-fold");
	r->prefix = xstrdup("VFS:");
	r->base = xstrdup(ws->base);
	r->api = api;
	for (int i = 0; i < n; i++)
		h = fnv64_str(h, parts[i].commit);
	h = fnv64_str(h, ws->name);
	h = fnv64_str(h, ws->email);
	r->memo = xasprintf("%016llx", (unsigned long long)h);
	/* the same parts make the same commit: keep the last one */
	if (!result_load(&old, ws->cache, "vfs-fold") && old.memo &&
	    !strcmp(old.memo, r->memo) && old.tip &&
	    ws_commit_exists(ws, old.tip))
		commit = xstrdup(old.tip);
	result_release(&old);
	if (!commit && fold_commit(ws, parts, n, &commit)) {
		result_set_stage(r, STAGE_CONVERT, "failed",
				 "the signature changes do not combine");
	} else {
		r->tip = commit;
		result_set_stage(r, STAGE_CONVERT, "ok",
				 "%d signature-change patch(es) combined", n);
	}
	for (int i = 0; i < n; i++) {
		free(parts[i].fs);
		free(parts[i].commit);
		free(parts[i].subject);
	}
	free(parts);
	return r;
}

