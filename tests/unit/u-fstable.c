// SPDX-License-Identifier: GPL-2.0
/*
 * driver/fstable.c and driver/discover.c: the YAML reader, every class of
 * validation error with its exact file:line:col message, and a discovered
 * table that loads again.  Runs in a scratch directory holding a fake
 * FSCONV_HOME (two rules) and a fake kernel tree.
 */
#define _GNU_SOURCE
#include <sys/stat.h>

#include "fstable.h"
#include "unit.h"

static char *scratch, *tree, *oldcwd;

static int setup(void **state)
{
	char *home;

	(void)state;
	oldcwd = getcwd(NULL, 0);
	scratch = unit_tmpdir();
	home = path_join(scratch, "home");
	tree = path_join(scratch, "tree");
	unit_write(home, "cocci/d_alloc_parallel.cocci", "// rule\n");
	unit_write(home, "cocci/d_add_ci.cocci", "// rule\n");
	unit_write(tree, "fs/nfs/dir.c",
		   "int nfs_atomic_open(void)\n{\n\treturn 0;\n}\n");
	unit_write(tree, "fs/nfs/unlink.c", "\n");
	unit_write(tree, "fs/xfs/xfs_iops.c", "\n");
	unit_write(tree, "mm/shmem.c", "int shmem_whiteout(void);\n");
	unit_write(tree, "include/linux/nfs_xdr.h", "\n");
	setenv("FSCONV_HOME", home, 1);
	free(home);
	/* messages name the table as given: keep it relative */
	return chdir(scratch);
}

static int teardown(void **state)
{
	(void)state;
	if (chdir(oldcwd))
		return -1;
	remove_tree(scratch);
	free(scratch);
	free(tree);
	free(oldcwd);
	return 0;
}

/* load text as table.yaml; returns fstable_load()'s result, *err stderr */
static int load(struct fstable *t, const char *text, const char *with_tree,
		char **err)
{
	struct unit_capture cap;
	int ret;

	unit_write(scratch, "table.yaml", text);
	unit_stderr_begin(&cap);
	ret = fstable_load(t, "table.yaml", with_tree);
	*err = unit_stderr_end(&cap);
	return ret;
}

/* the table must be rejected with exactly the expected stderr */
static void expect_errors(const char *text, const char *expect)
{
	struct fstable t;
	char *err;

	assert_int_equal(load(&t, text, tree, &err), -1);
	assert_string_equal(err, expect);
	assert_int_equal(t.nfs, 0);
	assert_null(t.fs);
	free(err);
}

static const char valid[] =
	"# a comment\n"
	"version: 1\n"
	"filesystems:\n"
	"  - name: nfs\n"
	"    paths: [fs/nfs, include/linux/nfs_xdr.h]\n"
	"    prefix: \"nfs:\"\n"
	"    kconfig: [CONFIG_NFS_FS, CONFIG_NFS_V4]\n"
	"    skip: [d_add_ci]\n"
	"    manual:\n"
	"      - where: fs/nfs/dir.c:nfs_atomic_open\n"
	"        rule: R8\n"
	"        reason: >-\n"
	"          needs a d_revalidate\n"
	"          change\n"
	"  - name: shmem\n"
	"    paths:\n"
	"      - mm/shmem.c\n"
	"    prefix: 'shmem:'\n"
	"    no_dirlock: true\n"
	"  - {name: xfs, paths: [fs/xfs/xfs_iops.c], prefix: 'xfs:'}\n";

static void test_fstable__valid_table(void **state)
{
	struct fstable t;
	struct fs_entry *fs;
	char *err;

	(void)state;
	assert_int_equal(load(&t, valid, tree, &err), 0);
	assert_string_equal(err, "");
	assert_int_equal(t.nfs, 3);
	fs = fstable_find(&t, "nfs");
	assert_non_null(fs);
	assert_int_equal(fs->line, 4);
	assert_int_equal(fs->col, 5);
	assert_int_equal(fs->paths.n, 2);
	assert_string_equal(fs->paths.v[1], "include/linux/nfs_xdr.h");
	assert_string_equal(fs->prefix, "nfs:");
	assert_int_equal(fs->kconfig.n, 2);
	assert_string_equal(fs->kconfig.v[1], "CONFIG_NFS_V4");
	assert_int_equal(fs->skip.n, 1);
	assert_string_equal(fs->skip.v[0], "d_add_ci");
	assert_int_equal(fs->nmanual, 1);
	assert_string_equal(fs->manual[0].where,
			    "fs/nfs/dir.c:nfs_atomic_open");
	assert_string_equal(fs->manual[0].rule, "R8");
	assert_string_equal(fs->manual[0].reason,
			    "needs a d_revalidate change");
	assert_int_equal(fs->flags, 0);
	fs = fstable_find(&t, "shmem");
	assert_non_null(fs);
	assert_int_equal(fs->flags, FS_NO_DIRLOCK);
	assert_string_equal(fs->prefix, "shmem:");
	fs = fstable_find(&t, "xfs");
	assert_non_null(fs);
	assert_string_equal(fs->paths.v[0], "fs/xfs/xfs_iops.c");
	assert_null(fstable_find(&t, "ext4"));
	fstable_release(&t);
	assert_int_equal(t.nfs, 0);
	free(err);
}

static void test_fstable__syntax_error_tab(void **state)
{
	(void)state;
	expect_errors("version: 1\n"
		      "filesystems:\n"
		      "  - name: nfs\n"
		      "\tpaths: [fs/nfs]\n",
		      "table.yaml:4:1: invalid YAML: tabs are not allowed for indentation, use spaces\n"
		      "\tpaths: [fs/nfs]\n"
		      "^\n");
}

static void test_fstable__syntax_error_indentation(void **state)
{
	(void)state;
	expect_errors("version: 1\n"
		      "filesystems:\n"
		      "  - name: nfs\n"
		      "     paths: [fs/nfs]\n",
		      "table.yaml:4:11: invalid YAML: unexpected ':' (check the indentation, or quote a value containing ': ')\n"
		      "     paths: [fs/nfs]\n"
		      "          ^\n");
}

static void test_fstable__unknown_key(void **state)
{
	(void)state;
	expect_errors("version: 1\n"
		      "filesystems:\n"
		      "  - name: nfs\n"
		      "    pahts: [fs/nfs]\n"
		      "    paths: [fs/nfs]\n"
		      "    prefix: 'nfs:'\n"
		      "    frobnicate: 1\n",
		      "table.yaml:4:5: unknown key 'pahts' (did you mean 'paths'?)\n"
		      "    pahts: [fs/nfs]\n"
		      "    ^\n"
		      "table.yaml:7:5: unknown key 'frobnicate'\n"
		      "    frobnicate: 1\n"
		      "    ^\n");
}

static void test_fstable__wrong_type(void **state)
{
	(void)state;
	expect_errors("version: 1\n"
		      "filesystems:\n"
		      "  - name: nfs\n"
		      "    paths: fs/nfs\n"
		      "    prefix: [nfs]\n"
		      "    kconfig: [CONFIG_NFS_FS, {a: b}]\n"
		      "    no_dirlock: yes\n",
		      "table.yaml:4:12: expected a sequence of strings for 'paths'\n"
		      "    paths: fs/nfs\n"
		      "           ^\n"
		      "table.yaml:5:13: expected a string for 'prefix'\n"
		      "    prefix: [nfs]\n"
		      "            ^\n"
		      "table.yaml:6:30: expected a sequence of strings for 'kconfig'\n"
		      "    kconfig: [CONFIG_NFS_FS, {a: b}]\n"
		      "                             ^\n"
		      "table.yaml:7:17: expected true or false for 'no_dirlock', not 'yes'\n"
		      "    no_dirlock: yes\n"
		      "                ^\n");
}

static void test_fstable__missing_required(void **state)
{
	(void)state;
	expect_errors("version: 1\n"
		      "filesystems:\n"
		      "  - name: nfs\n"
		      "    paths: [fs/nfs]\n"
		      "  - paths: [fs/xfs]\n",
		      "table.yaml:3:5: missing required key 'prefix' in filesystem 'nfs'\n"
		      "  - name: nfs\n"
		      "    ^\n"
		      "table.yaml:5:5: missing required key 'name' in this filesystem\n"
		      "  - paths: [fs/xfs]\n"
		      "    ^\n"
		      "table.yaml:5:5: missing required key 'prefix' in this filesystem\n"
		      "  - paths: [fs/xfs]\n"
		      "    ^\n");
	expect_errors("filesystems: []\n",
		      "table.yaml:1:1: missing required key 'version' in the table\n"
		      "filesystems: []\n"
		      "^\n");
}

static void test_fstable__duplicate_name(void **state)
{
	(void)state;
	expect_errors("version: 1\n"
		      "filesystems:\n"
		      "  - name: nfs\n"
		      "    paths: [fs/nfs]\n"
		      "    prefix: 'nfs:'\n"
		      "  - name: nfs\n"
		      "    paths: [fs/xfs]\n"
		      "    prefix: 'nfs:'\n"
		      "    prefix: 'xfs:'\n",
		      "table.yaml:9:5: duplicate key 'prefix' (first at line 8)\n"
		      "    prefix: 'xfs:'\n"
		      "    ^\n"
		      "table.yaml:6:5: duplicate filesystem name 'nfs' (first at line 3)\n"
		      "  - name: nfs\n"
		      "    ^\n");
}

static void test_fstable__paths_outside_or_missing(void **state)
{
	char *expect;

	(void)state;
	expect = xasprintf(
		"table.yaml:4:13: path '../etc' is outside the tree (paths are relative to the tree top, without '..')\n"
		"    paths: [../etc, /etc, fs/nfs/../xfs, fs/nsf, fs/nfs/, fs/nfs]\n"
		"            ^\n"
		"table.yaml:4:21: path '/etc' is outside the tree (paths are relative to the tree top, without '..')\n"
		"    paths: [../etc, /etc, fs/nfs/../xfs, fs/nsf, fs/nfs/, fs/nfs]\n"
		"                    ^\n"
		"table.yaml:4:27: path 'fs/nfs/../xfs' is outside the tree (paths are relative to the tree top, without '..')\n"
		"    paths: [../etc, /etc, fs/nfs/../xfs, fs/nsf, fs/nfs/, fs/nfs]\n"
		"                          ^\n"
		"table.yaml:4:42: path 'fs/nsf' does not exist in '%s' (did you mean 'fs/nfs'?)\n"
		"    paths: [../etc, /etc, fs/nfs/../xfs, fs/nsf, fs/nfs/, fs/nfs]\n"
		"                                         ^\n"
		"table.yaml:4:50: path 'fs/nfs/' is not in canonical form (no './', '//' or trailing '/')\n"
		"    paths: [../etc, /etc, fs/nfs/../xfs, fs/nsf, fs/nfs/, fs/nfs]\n"
		"                                                 ^\n"
		"table.yaml:7:13: path 'fs/nfs/dir.c' overlaps 'fs/nfs' (line 4): a file belongs to one filesystem\n"
		"    paths: [fs/nfs/dir.c]\n"
		"            ^\n", tree);
	expect_errors("version: 1\n"
		      "filesystems:\n"
		      "  - name: nfs\n"
		      "    paths: [../etc, /etc, fs/nfs/../xfs, fs/nsf, fs/nfs/, fs/nfs]\n"
		      "    prefix: 'nfs:'\n"
		      "  - name: nfs2\n"
		      "    paths: [fs/nfs/dir.c]\n"
		      "    prefix: 'nfs:'\n", expect);
	free(expect);
}

static void test_fstable__no_tree_no_path_check(void **state)
{
	struct fstable t;
	char *err;

	(void)state;
	assert_int_equal(load(&t, "version: 1\nfilesystems:\n"
			      "  - {name: a, paths: [fs/nowhere], prefix: 'a:',\n"
			      "     manual: [{where: 'fs/x.c:f', rule: C3, reason: r}]}\n",
			      NULL, &err), 0);
	assert_string_equal(err, "");
	assert_int_equal(t.nfs, 1);
	fstable_release(&t);
	free(err);
	/* ".." is rejected even without a tree */
	assert_int_equal(load(&t, "version: 1\nfilesystems:\n"
			      "  - {name: a, paths: [../x], prefix: 'a:'}\n",
			      NULL, &err), -1);
	assert_non_null(strstr(err, "table.yaml:3:23: path '../x' is outside the tree"));
	free(err);
}

static void test_fstable__unknown_rule(void **state)
{
	(void)state;
	expect_errors("version: 1\n"
		      "filesystems:\n"
		      "  - name: nfs\n"
		      "    paths: [fs/nfs]\n"
		      "    prefix: 'nfs:'\n"
		      "    skip: [d_alloc_paralel, frobnicate, d_add_ci]\n",
		      "table.yaml:6:12: unknown rule 'd_alloc_paralel' (did you mean 'd_alloc_parallel'?)\n"
		      "    skip: [d_alloc_paralel, frobnicate, d_add_ci]\n"
		      "           ^\n"
		      "table.yaml:6:29: unknown rule 'frobnicate'\n"
		      "    skip: [d_alloc_paralel, frobnicate, d_add_ci]\n"
		      "                            ^\n");
}

static void test_fstable__bad_values(void **state)
{
	(void)state;
	expect_errors("version: 2\n"
		      "filesystems:\n"
		      "  - name: Bad/Name\n"
		      "    paths: [fs/nfs]\n"
		      "    prefix: 'nfs'\n"
		      "    kconfig: [NFS_FS]\n",
		      "table.yaml:1:10: unsupported version '2' (this fsconv reads version 1)\n"
		      "version: 2\n"
		      "         ^\n"
		      "table.yaml:3:11: bad filesystem name 'Bad/Name' (use lowercase letters, digits, '_', '-', '.', '+')\n"
		      "  - name: Bad/Name\n"
		      "          ^\n"
		      "table.yaml:5:13: prefix 'nfs' must end with ':' (as in 'nfs:')\n"
		      "    prefix: 'nfs'\n"
		      "            ^\n"
		      "table.yaml:6:15: 'NFS_FS' is not a Kconfig symbol (expected CONFIG_NAME)\n"
		      "    kconfig: [NFS_FS]\n"
		      "              ^\n");
}

static void test_fstable__manual_sites(void **state)
{
	(void)state;
	expect_errors("version: 1\n"
		      "filesystems:\n"
		      "  - name: nfs\n"
		      "    paths: [fs/nfs]\n"
		      "    prefix: 'nfs:'\n"
		      "    manual:\n"
		      "      - where: fs/nfs/dir.c:nfs_atomic_opn\n"
		      "        rule: R8\n"
		      "        reason: r\n"
		      "      - where: nfs_atomic_open\n"
		      "        rule: Q9\n"
		      "      - just a string\n",
		      "table.yaml:7:16: 'fs/nfs/dir.c' does not mention 'nfs_atomic_opn'\n"
		      "      - where: fs/nfs/dir.c:nfs_atomic_opn\n"
		      "               ^\n"
		      "table.yaml:10:16: expected 'FILE:FUNCTION' for 'where', not 'nfs_atomic_open'\n"
		      "      - where: nfs_atomic_open\n"
		      "               ^\n"
		      "table.yaml:11:15: unknown rule 'Q9'\n"
		      "        rule: Q9\n"
		      "              ^\n"
		      "table.yaml:10:9: missing required key 'reason' in this manual site\n"
		      "      - where: nfs_atomic_open\n"
		      "        ^\n"
		      "table.yaml:12:9: expected a mapping with 'where', 'rule' and 'reason' for each 'manual' site\n"
		      "      - just a string\n"
		      "        ^\n");
}

static void test_fstable__all_errors_reported(void **state)
{
	struct fstable t;
	char *err;

	(void)state;
	assert_int_equal(load(&t, "version: 1\n"
			      "filesystems:\n"
			      "  - name: nfs\n"
			      "    pahts: [fs/nfs]\n"
			      "    prefix: 'nfs'\n"
			      "  - name: nfs\n"
			      "    paths: [fs/nsf]\n"
			      "    prefix: 'nfs:'\n"
			      "    skip: [nope]\n"
			      "  - 42\n", tree, &err), -1);
	assert_int_equal(unit_count_lines(err, "table.yaml:"), 7);
	assert_non_null(strstr(err, "table.yaml:4:5: unknown key 'pahts'"));
	assert_non_null(strstr(err, "table.yaml:3:5: missing required key 'paths'"));
	assert_non_null(strstr(err, "table.yaml:5:13: prefix 'nfs' must end"));
	assert_non_null(strstr(err, "table.yaml:7:13: path 'fs/nsf' does not exist"));
	assert_non_null(strstr(err, "table.yaml:9:12: unknown rule 'nope'"));
	assert_non_null(strstr(err, "table.yaml:6:5: duplicate filesystem name 'nfs'"));
	assert_non_null(strstr(err, "table.yaml:10:5: expected a mapping for each filesystem"));
	assert_int_equal(t.nfs, 0);
	free(err);
}

static void test_fstable__empty_and_unreadable(void **state)
{
	struct unit_capture cap;
	struct fstable t;
	char *err;

	(void)state;
	expect_errors("", "table.yaml:1:1: the table is empty (expected 'version: 1' and 'filesystems:')\n");
	expect_errors("- a\n",
		      "table.yaml:1:1: expected a mapping with 'version' and 'filesystems' at the top\n"
		      "- a\n"
		      "^\n");
	unit_stderr_begin(&cap);
	assert_int_equal(fstable_load(&t, "no-such.yaml", NULL), -1);
	err = unit_stderr_end(&cap);
	assert_string_equal(err, "fsconv: error: cannot read 'no-such.yaml': No such file or directory\n");
	free(err);
}

static void test_fstable__lookup_suggests(void **state)
{
	struct unit_capture cap;
	struct fstable t;
	char *err;

	(void)state;
	assert_int_equal(load(&t, valid, tree, &err), 0);
	free(err);
	assert_ptr_equal(fstable_lookup(&t, "xfs"), fstable_find(&t, "xfs"));
	unit_stderr_begin(&cap);
	assert_null(fstable_lookup(&t, "nsf"));
	assert_null(fstable_lookup(&t, "btrfs"));
	err = unit_stderr_end(&cap);
	assert_string_equal(err,
		"fsconv: error: unknown filesystem 'nsf' (did you mean 'nfs'?)\n"
		"fsconv: error: unknown filesystem 'btrfs' (see 'fsconv fstable --list')\n");
	free(err);
	fstable_release(&t);
}

static void test_fstable__discover_loads(void **state)
{
	char *dt = path_join(scratch, "dtree");
	struct buf out = BUF_INIT;
	struct fstable t;
	struct fs_entry *fs;
	char *err;

	(void)state;
	unit_write(dt, "fs/Makefile", "obj-$(CONFIG_FOO_FS)\t\t+= foo/\n"
		   "obj-y += bar/\n");
	unit_write(dt, "fs/foo/Makefile", "obj-$(CONFIG_FOO_FS) += foo.o\n"
		   "obj-$(CONFIG_FOO_KUNIT_TEST) += foo-test.o\n"
		   "foo-$(CONFIG_FOO_XATTR) += xattr.o\n");
	unit_write(dt, "fs/foo/Kconfig", "config FOO_FS\n\ttristate\n"
		   "config FOO_KUNIT_TEST\n\tbool\n");
	unit_write(dt, "fs/foo/namei.c",
		   "static const struct inode_operations foo_dir_iops = {\n"
		   "\t.lookup\t\t= foo_lookup,\n};\n");
	unit_write(dt, "fs/bar/inode.c", "int bar(void) { return 0; }\n");
	unit_write(dt, "fs/baz/readdir.c",
		   "\td = d_alloc_parallel (parent, &name);\n");
	unit_write(dt, "include/linux/foo.h", "struct dentry *x = d_alloc(p, &q);\n");
	unit_write(dt, "include/linux/foo_plain.h", "int foo;\n");
	unit_write(dt, "MAINTAINERS", "FOO FILESYSTEM\n"
		   "M:\tA Person <a@example.org>\n"
		   "F:\tfs/foo/\n"
		   "F:\tinclude/linux/foo*\n"
		   "\n"
		   "BAR\n"
		   "F:\tfs/bar/\n"
		   "F:\tinclude/linux/foo.h\n");
	assert_int_equal(fstable_discover(dt, &out), 2);
	unit_write(scratch, "discovered.yaml", out.data);
	assert_int_equal(load(&t, out.data, dt, &err), 0);
	assert_string_equal(err, "");
	assert_int_equal(t.nfs, 2);
	fs = fstable_find(&t, "foo");
	assert_non_null(fs);
	assert_string_equal(fs->prefix, "foo:");
	assert_int_equal(fs->paths.n, 2);
	assert_string_equal(fs->paths.v[0], "fs/foo");
	assert_string_equal(fs->paths.v[1], "include/linux/foo.h");
	assert_int_equal(fs->kconfig.n, 1);
	assert_string_equal(fs->kconfig.v[0], "CONFIG_FOO_FS");
	fs = fstable_find(&t, "baz");
	assert_non_null(fs);
	assert_int_equal(fs->paths.n, 1);
	assert_int_equal(fs->kconfig.n, 0);
	assert_null(fstable_find(&t, "bar"));
	fstable_release(&t);
	buf_release(&out);
	free(err);
	free(dt);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fstable__valid_table),
		cmocka_unit_test(test_fstable__syntax_error_tab),
		cmocka_unit_test(test_fstable__syntax_error_indentation),
		cmocka_unit_test(test_fstable__unknown_key),
		cmocka_unit_test(test_fstable__wrong_type),
		cmocka_unit_test(test_fstable__missing_required),
		cmocka_unit_test(test_fstable__duplicate_name),
		cmocka_unit_test(test_fstable__paths_outside_or_missing),
		cmocka_unit_test(test_fstable__no_tree_no_path_check),
		cmocka_unit_test(test_fstable__unknown_rule),
		cmocka_unit_test(test_fstable__bad_values),
		cmocka_unit_test(test_fstable__manual_sites),
		cmocka_unit_test(test_fstable__all_errors_reported),
		cmocka_unit_test(test_fstable__empty_and_unreadable),
		cmocka_unit_test(test_fstable__lookup_suggests),
		cmocka_unit_test(test_fstable__discover_loads),
	};

	return cmocka_run_group_tests_name("fstable", tests, setup, teardown);
}
