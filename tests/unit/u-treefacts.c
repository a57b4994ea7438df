// SPDX-License-Identifier: GPL-2.0
/* driver/treefacts.c: a wait-queue member R1 may delete, and its users. */
#define _GNU_SOURCE
#include "unit.h"
#include "treefacts.h"

/* fs/nfs/unlink.c of 6.12, cut down: the call spans two lines */
static const char unlink_c[] =
	"static void nfs_call_unlink(struct dentry *dentry, struct inode *inode,\n"
	"\t\t\t    struct nfs_unlinkdata *data)\n"
	"{\n"
	"\t/* d_alloc_parallel(a, b, &not->this) in a comment */\n"
	"\talias = d_alloc_parallel(dentry->d_parent, &data->args.name,\n"
	"\t\t\t\t &data->wq);\n"
	"\tlocal = d_alloc_parallel(parent, &name, &wq);\n"
	"\tother = my_d_alloc_parallel(a, b, &x->f);\n"
	"\tdone = d_alloc_parallel(parent, &name);\n"
	"}\n"
	"static int nfs_async_unlink(struct dentry *dentry, const struct qstr *name)\n"
	"{\n"
	"\tinit_waitqueue_head(&data->wq);\n"
	"}\n";

static const char xdr_h[] =
	"struct nfs_removeargs {\n"
	"\tint x;\n"
	"};\n"
	"\n"
	"struct nfs_unlinkdata {\n"
	"\tstruct nfs_removeargs args;\n"
	"\tstruct {\n"
	"\t\tint inner;\n"
	"\t} anon;\n"
	"\twait_queue_head_t wq;\n"
	"\tconst struct cred *cred;\n"
	"};\n";

static void test_treefacts__scan_finds_the_member_argument(void **state)
{
	struct strvec names = STRVEC_INIT, lines = STRVEC_INIT;

	(void)state;
	wq_args_scan(unlink_c, &names, &lines);
	/* &wq is a local, my_d_alloc_parallel another function */
	assert_int_equal(names.n, 1);
	assert_string_equal(names.v[0], "wq");
	assert_string_equal(lines.v[0], "6");
	strvec_clear(&names);
	strvec_clear(&lines);
}

static void test_treefacts__enclosing_struct(void **state)
{
	char *s;

	(void)state;
	s = enclosing_struct(xdr_h, 10);
	assert_non_null(s);
	assert_string_equal(s, "nfs_unlinkdata");
	free(s);
	s = enclosing_struct(xdr_h, 2);
	assert_string_equal(s, "nfs_removeargs");
	free(s);
	/* inside the anonymous struct: no tag to name */
	assert_null(enclosing_struct(xdr_h, 8));
	/* outside every body */
	assert_null(enclosing_struct(xdr_h, 4));
}

static void git(const char *dir, const char *cmd)
{
	char *c = xasprintf("cd '%s' && %s >/dev/null 2>&1", dir, cmd);

	assert_int_equal(system(c), 0);
	free(c);
}

/* a two-file tree in a fresh repository; users.c optional */
static char *make_tree(struct workspace *ws, const char *users_c)
{
	char *dir = unit_tmpdir(), *p;

	git(dir, "git init -q . && git config user.name t && "
		 "git config user.email t@t");
	p = path_join(dir, "fs/nfs");
	assert_int_equal(mkdirs(p, 0777), 0);
	free(p);
	p = path_join(dir, "include/linux");
	assert_int_equal(mkdirs(p, 0777), 0);
	free(p);
	unit_write(dir, "fs/nfs/unlink.c", unlink_c);
	unit_write(dir, "include/linux/nfs_xdr.h", xdr_h);
	if (users_c)
		unit_write(dir, "fs/nfs/users.c", users_c);
	git(dir, "git add -A && git commit -q -m base");
	memset(ws, 0, sizeof(*ws));
	ws->tree = dir;
	ws->git_dir = path_join(dir, ".git");
	p = xasprintf("git -C '%s' rev-parse HEAD", dir);
	{
		FILE *f = popen(p, "r");
		char sha[64] = "";

		assert_non_null(f);
		assert_non_null(fgets(sha, sizeof(sha), f));
		pclose(f);
		sha[strcspn(sha, "\n")] = '\0';
		ws->base = xstrdup(sha);
	}
	free(p);
	return dir;
}

static void free_tree(struct workspace *ws)
{
	remove_tree(ws->tree);
	free(ws->tree);
	free(ws->git_dir);
	free(ws->base);
}

static void test_treefacts__unused_member(void **state)
{
	struct strvec paths = STRVEC_INIT;
	struct workspace ws;
	struct wq_field *f;
	size_t n;

	(void)state;
	make_tree(&ws, NULL);
	strvec_pushl(&paths, "fs/nfs", "include/linux/nfs_xdr.h", NULL);
	n = wq_fields_find(&ws, &paths, &f);
	assert_int_equal(n, 1);
	assert_string_equal(f[0].sname, "nfs_unlinkdata");
	assert_string_equal(f[0].field, "wq");
	assert_string_equal(f[0].decl, "include/linux/nfs_xdr.h");
	assert_int_equal(f[0].decl_line, 10);
	assert_null(f[0].other);
	wq_fields_free(f, n);
	strvec_clear(&paths);
	free_tree(&ws);
}

static void test_treefacts__member_with_another_user(void **state)
{
	struct strvec paths = STRVEC_INIT;
	struct workspace ws;
	struct wq_field *f;
	size_t n;

	(void)state;
	make_tree(&ws, "void f(struct nfs_unlinkdata *d)\n"
		       "{\n"
		       "\tstruct wait_queue_head *wq = NULL;\n"
		       "\td = container_of(wq, struct nfs_unlinkdata, wq);\n"
		       "}\n");
	strvec_pushl(&paths, "fs/nfs", "include/linux/nfs_xdr.h", NULL);
	n = wq_fields_find(&ws, &paths, &f);
	assert_int_equal(n, 1);
	assert_non_null(f[0].other);
	assert_string_equal(f[0].other, "fs/nfs/users.c:4");
	wq_fields_free(f, n);
	strvec_clear(&paths);
	free_tree(&ws);
}

static void test_treefacts__declaration_outside_the_paths(void **state)
{
	struct strvec paths = STRVEC_INIT;
	struct workspace ws;
	struct wq_field *f;

	(void)state;
	make_tree(&ws, NULL);
	/* the structure is not the filesystem's: nothing to decide */
	strvec_push(&paths, "fs/nfs");
	assert_int_equal(wq_fields_find(&ws, &paths, &f), 0);
	assert_null(f);
	strvec_clear(&paths);
	free_tree(&ws);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_treefacts__scan_finds_the_member_argument),
		cmocka_unit_test(test_treefacts__enclosing_struct),
		cmocka_unit_test(test_treefacts__unused_member),
		cmocka_unit_test(test_treefacts__member_with_another_user),
		cmocka_unit_test(test_treefacts__declaration_outside_the_paths),
	};

	return cmocka_run_group_tests_name("treefacts", tests, NULL, NULL);
}
