// SPDX-License-Identifier: GPL-2.0
/*
 * `fsconv api`: which form of the VFS series a tree carries, read from the
 * declarations libclang finds in the tree's own include/linux/dcache.h and
 * namei.h.  Every later stage asks this first: the semantic patches are
 * parameterised by the allocator's name and d_add_ci's 4th parameter, and
 * the audit classifies sites against the same profile.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "api.h"
#include "commands.h"
#include "fsconv.h"
#include "json.h"
#include "kparse.h"
#include "options.h"

static const char probe_source[] =
	"#include <linux/dcache.h>\n"
	"#include <linux/namei.h>\n";

struct probe {
	struct api_profile *p;
	const char *tree;
	size_t treelen;
};

/* is c declared in a file of the tree (not a stand-in or the probe)? */
static bool in_tree_header(CXCursor c, const struct probe *pr)
{
	CXFile f;
	CXString name;
	bool ok;

	clang_getExpansionLocation(clang_getCursorLocation(c), &f, NULL, NULL,
				   NULL);
	if (!f)
		return false;
	name = clang_getFileName(f);
	ok = !strncmp(clang_getCString(name), pr->tree, pr->treelen) &&
	     strstr(clang_getCString(name), "/include/");
	clang_disposeString(name);
	return ok;
}

static enum api_add_ci add_ci_kind(CXType t, char *spelling, size_t size)
{
	CXString s = clang_getTypeSpelling(t);
	CXType canon = clang_getCanonicalType(t);
	enum api_add_ci kind = ADD_CI_OTHER;

	snprintf(spelling, size, "%s", clang_getCString(s));
	clang_disposeString(s);
	if (canon.kind == CXType_Bool)
		kind = ADD_CI_BOOL;
	else if (canon.kind == CXType_UInt)
		kind = ADD_CI_FLAGS;
	return kind;
}

static enum CXChildVisitResult probe_visit(CXCursor c, CXCursor parent,
					   CXClientData data)
{
	struct probe *pr = data;
	struct api_profile *p = pr->p;
	CXString s;
	const char *name;

	(void)parent;
	if (c.kind != CXCursor_FunctionDecl &&
	    c.kind != CXCursor_MacroDefinition)
		return CXChildVisit_Continue;
	s = clang_getCursorSpelling(c);
	name = clang_getCString(s);
	if (!in_tree_header(c, pr))
		goto out;
	if (c.kind == CXCursor_MacroDefinition) {
		if (!strcmp(name, "LOOKUP_SHARED"))
			p->lookup_shared = true;
	} else if (!strcmp(name, "d_alloc_parallel")) {
		p->parallel_args = clang_Cursor_getNumArguments(c);
	} else if (!strcmp(name, "d_add_ci")) {
		p->add_ci_args = clang_Cursor_getNumArguments(c);
		if (p->add_ci_args >= 4) {
			CXCursor a = clang_Cursor_getArgument(c, 3);

			p->add_ci_kind = add_ci_kind(clang_getCursorType(a),
						     p->add_ci_type,
						     sizeof(p->add_ci_type));
		}
	} else if (!strcmp(name, "d_alloc_trylock") ||
		   (!strcmp(name, "d_alloc_noblock") && !p->noblock[0])) {
		/* a tree with both is the merged one keeping an alias */
		snprintf(p->noblock, sizeof(p->noblock), "%s", name);
	} else if (!strcmp(name, "d_duplicate")) {
		p->d_duplicate = true;
	} else if (!strcmp(name, "d_lookup_handoff")) {
		p->d_lookup_handoff = true;
	}
out:
	clang_disposeString(s);
	return CXChildVisit_Continue;
}

/* "d_add_ci/4 (lookup flags)" */
static void describe_add_ci(const struct api_profile *p, struct buf *b)
{
	if (p->add_ci_args < 0) {
		buf_adds(b, "no d_add_ci");
		return;
	}
	buf_addf(b, "d_add_ci/%d", p->add_ci_args);
	switch (p->add_ci_kind) {
	case ADD_CI_FLAGS:
		buf_adds(b, " (lookup flags)");
		break;
	case ADD_CI_BOOL:
		buf_adds(b, " (bool)");
		break;
	case ADD_CI_OTHER:
		buf_addf(b, " (%s)", p->add_ci_type);
		break;
	case ADD_CI_NONE:
		break;
	}
}

static void classify(struct api_profile *p)
{
	struct buf b = BUF_INIT, miss = BUF_INIT;

	if (!p->noblock[0])
		buf_adds(&miss, "no d_alloc_noblock or d_alloc_trylock");
	if (p->parallel_args != 2) {
		if (miss.len)
			buf_adds(&miss, ", ");
		if (p->parallel_args < 0)
			buf_adds(&miss, "no d_alloc_parallel");
		else
			buf_addf(&miss, "d_alloc_parallel takes %d arguments",
				 p->parallel_args);
	}
	if (miss.len)
		p->gen = API_NONE;
	else if (!strcmp(p->noblock, "d_alloc_trylock"))
		p->gen = API_MERGED;
	else if (p->add_ci_kind == ADD_CI_BOOL)
		p->gen = API_V3;
	else
		p->gen = API_V4;
	p->name = (const char *[]){ "none", "v3", "v4", "merged" }[p->gen];
	p->d_add_ci_flags = p->add_ci_args == 4;
	p->d_add_ci_bool = p->add_ci_args == 4 && p->add_ci_kind == ADD_CI_BOOL;
	snprintf(p->missing, sizeof(p->missing), "%s", miss.data);

	buf_addf(&b, "%s: ", p->name);
	if (p->gen == API_NONE) {
		buf_addf(&b, "the tree lacks the new VFS API (%s; apply the "
			 "VFS series first)", miss.data);
	} else {
		buf_addf(&b, "%s, d_alloc_parallel/%d, ", p->noblock,
			 p->parallel_args);
		describe_add_ci(p, &b);
		buf_addf(&b, ", %sd_duplicate, %sLOOKUP_SHARED",
			 p->d_duplicate ? "" : "no ",
			 p->lookup_shared ? "" : "no ");
		if (p->d_lookup_handoff)
			buf_adds(&b, ", d_lookup_handoff");
	}
	snprintf(p->profile, sizeof(p->profile), "%s", b.data);
	buf_release(&b);
	buf_release(&miss);
}

static int probe_here(const char *tree, struct api_profile *p)
{
	struct kparse k;
	struct probe pr = { .p = p };
	CXIndex idx;
	CXTranslationUnit tu;
	char *file;
	int ret = 0;

	memset(p, 0, sizeof(*p));
	p->parallel_args = -1;
	p->add_ci_args = -1;
	if (kparse_init(&k, tree, NULL))
		return -1;
	pr.tree = k.tree;
	pr.treelen = strlen(k.tree);
	/* a name no real file has; libclang reads it from memory */
	file = path_join(k.tree, ".fsconv-api-probe.c");
	idx = clang_createIndex(0, 0);
	tu = kparse_parse(&k, idx, file, &k.base, probe_source,
			  CXTranslationUnit_SkipFunctionBodies |
			  CXTranslationUnit_DetailedPreprocessingRecord);
	if (!tu) {
		ret = -1;
		goto out;
	}
	clang_visitChildren(clang_getTranslationUnitCursor(tu), probe_visit,
			    &pr);
	clang_disposeTranslationUnit(tu);
	if (p->parallel_args < 0 && p->add_ci_args < 0 && !p->noblock[0]) {
		ret = error("no dcache API declarations found in '%s/include/linux/dcache.h'",
			    k.tree);
		goto out;
	}
	classify(p);
out:
	clang_disposeIndex(idx);
	free(file);
	kparse_release(&k);
	return ret;
}

/* what the probing child sends back: its result and the profile */
struct probe_msg {
	int ret;
	struct api_profile p;
};

/*
 * libclang parsing the headers costs some 40 MB that the process would
 * keep as its peak for the rest of a run, which then stays below 100 MB
 * only without them: a child parses, and its exit gives them back.  The
 * message is far smaller than PIPE_BUF, so one write() carries it whole.
 * The child says its own errors and leaves by _exit(): no atexit
 * handler of ours (temporary files) may run twice.
 */
int api_probe(const char *tree, struct api_profile *p)
{
	struct probe_msg m;
	int fds[2], status;
	ssize_t n;
	pid_t pid;

	memset(p, 0, sizeof(*p));
	if (pipe2(fds, O_CLOEXEC))
		return error("cannot create pipe:");
	/* else the child would print what our stdout buffers once more */
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return error("cannot fork:");
	}
	if (!pid) {
		memset(&m, 0, sizeof(m));
		close(fds[0]);
		m.ret = probe_here(tree, &m.p);
		fflush(NULL);
		_exit(write(fds[1], &m, sizeof(m)) == (ssize_t)sizeof(m) ?
		      0 : 1);
	}
	close(fds[1]);
	do
		n = read(fds[0], &m, sizeof(m));
	while (n < 0 && errno == EINTR);
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return error("cannot wait for the API probe:");
	if (n != (ssize_t)sizeof(m) || !WIFEXITED(status) ||
	    WEXITSTATUS(status))
		return error("the API probe of '%s' died", tree);
	if (m.ret)
		return -1;
	/* m.p.name points into our own image, which fork() shares */
	*p = m.p;
	return 0;
}

void api_spatch_defines(const struct api_profile *p, struct strvec *out)
{
	if (p->noblock[0]) {
		strvec_push(out, "-D");
		strvec_pushf(out, "noblock=%s", p->noblock);
	}
	if (p->add_ci_args >= 4 && p->add_ci_kind == ADD_CI_BOOL)
		strvec_pushl(out, "-D", "d_add_ci_bool", NULL);
	/* cocci/d_lookup_handoff.cocci does nothing without it */
	if (p->d_lookup_handoff)
		strvec_pushl(out, "-D", "d_lookup_handoff", NULL);
}

void api_json(const struct api_profile *p, struct buf *out)
{
	static const char *const kinds[] = { "none", "lookup_flags", "bool",
					     "other" };
	struct json j;

	json_init(&j, out);
	json_open(&j, NULL, '{');
	json_str(&j, "api", p->name);
	json_str(&j, "profile", p->profile);
	json_str(&j, "noblock", p->noblock[0] ? p->noblock : NULL);
	json_bool(&j, "d_lookup_handoff", p->d_lookup_handoff);
	json_int(&j, "d_alloc_parallel_args", p->parallel_args);
	json_int(&j, "d_add_ci_args", p->add_ci_args);
	json_str(&j, "d_add_ci_4th", kinds[p->add_ci_kind]);
	json_bool(&j, "d_duplicate", p->d_duplicate);
	json_bool(&j, "lookup_shared", p->lookup_shared);
	if (p->gen == API_NONE)
		json_str(&j, "missing", p->missing);
	json_close(&j, '}');
}

/* CPU time of ours and of the probing child, libclang's threads included */
static long long cpu_ms(void)
{
	struct rusage self, kids;
	long long ms = 0;

	getrusage(RUSAGE_SELF, &self);
	getrusage(RUSAGE_CHILDREN, &kids);
	ms += (long long)(self.ru_utime.tv_sec + self.ru_stime.tv_sec +
			  kids.ru_utime.tv_sec + kids.ru_stime.tv_sec) * 1000;
	ms += (self.ru_utime.tv_usec + self.ru_stime.tv_usec +
	       kids.ru_utime.tv_usec + kids.ru_stime.tv_usec) / 1000;
	return ms;
}

int cmd_api(int argc, const char **argv)
{
	static const char *const usage[] = {
		"fsconv [--tree DIR] api [--json] [--defines] [--time]",
		NULL,
	};
	int as_json = 0, defines = 0, timing = 0;
	struct option options[] = {
		OPT_BOOL(0, "json", &as_json, "print the profile as JSON"),
		OPT_BOOL(0, "defines", &defines,
			 "print the spatch -D arguments, one a line"),
		OPT_BOOL(0, "time", &timing,
			 "say on stderr how long the probe took"),
		OPT_END(),
	};
	struct api_profile p;
	long long start = now_ms(), cpu = cpu_ms();

	if (parse_options(argc, argv, options, usage, 0))
		die("api takes no arguments");
	if (api_probe(opts.tree, &p))
		return EXIT_USAGE;
	if (timing)
		fprintf(stderr, "api: probed in %lld ms, %lld ms of CPU\n",
			now_ms() - start, cpu_ms() - cpu);
	if (p.gen == API_NONE)
		error("'%s' lacks the new VFS API: %s; apply the VFS series first",
		      opts.tree, p.missing);
	if (p.gen == API_NONE && !as_json)
		return EXIT_USAGE;
	if (as_json) {
		struct buf b = BUF_INIT;

		api_json(&p, &b);
		puts(b.data);
		buf_release(&b);
	} else if (defines) {
		struct strvec d = STRVEC_INIT;

		api_spatch_defines(&p, &d);
		for (size_t i = 0; i < d.n; i++)
			puts(d.v[i]);
		strvec_clear(&d);
	} else {
		puts(p.profile);
	}
	if (fflush(stdout) || ferror(stdout))
		die("write failed");
	return p.gen == API_NONE ? EXIT_USAGE : EXIT_OK;
}
