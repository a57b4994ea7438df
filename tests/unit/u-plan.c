// SPDX-License-Identifier: GPL-2.0
/* driver/plan.c: the derived prefilter of lookup_flags.cocci, `// Requires:`. */
#define _GNU_SOURCE
#include "unit.h"
#include "plan.h"

/* the shape of fs/9p/vfs_inode.c: an ->atomic_open() calls the ->lookup() */
static const char atomic_open_c[] =
	"static struct dentry *v9fs_vfs_lookup(struct inode *dir,\n"
	"\t\t\t\t      struct dentry *dentry, unsigned int flags)\n"
	"{\n\treturn NULL;\n}\n"
	"static int v9fs_vfs_atomic_open(struct inode *dir, struct dentry *dentry,\n"
	"\t\t\t\tstruct file *file, unsigned int flags, umode_t mode)\n"
	"{\n"
	"\tres = v9fs_vfs_lookup(dir, dentry, 0);\n"
	"\treturn finish_open(file, dentry, NULL);\n"
	"}\n";

/* every filesystem: the ->lookup() is defined and installed, not called */
static const char plain_c[] =
	"static struct dentry *\n"
	"foo_lookup(struct inode *dir, struct dentry *dentry, unsigned int flags);\n"
	"static struct dentry *\n"
	"foo_lookup(struct inode *dir, struct dentry *dentry, unsigned int flags)\n"
	"{\n\treturn d_splice_alias(foo_iget(dir), dentry);\n}\n"
	"const struct inode_operations foo_dir_inode_operations = {\n"
	"\t.lookup\t\t= foo_lookup,\n"
	"\t.create = foo_create,\n"
	"};\n";

static void test_plan__a_call_of_the_files_lookup(void **state)
{
	(void)state;
	assert_true(plan_lookup_calls(atomic_open_c));
}

static void test_plan__definition_and_initializer_only(void **state)
{
	(void)state;
	assert_false(plan_lookup_calls(plain_c));
}

static void test_plan__call_of_an_installed_name(void **state)
{
	/* named in .lookup, defined elsewhere (nfs_lookup), called by return */
	static const char text[] =
		"static const struct inode_operations i = { .lookup = &bar_lookup };\n"
		"int bar_create(struct inode *dir)\n"
		"{\n\treturn bar_lookup(dir, d, 0) ? 0 : 1;\n}\n";

	(void)state;
	assert_true(plan_lookup_calls(text));
}

static void test_plan__a_declaration_with_another_type_is_no_call(void **state)
{
	/* nfs_rpc_ops has a .lookup too: `int F(` declares, it does not call */
	static const char text[] =
		"static int\nnfs_proc_lookup(struct inode *dir, struct dentry *d)\n"
		"{\n\treturn 0;\n}\n"
		"const struct nfs_rpc_ops nfs_v2_clientops = {\n"
		"\t.lookup = nfs_proc_lookup,\n};\n";

	(void)state;
	assert_false(plan_lookup_calls(text));
}

static void test_plan__a_call_through_i_op(void **state)
{
	(void)state;
	assert_true(plan_lookup_calls("\td = dir->i_op->lookup (dir, d, 0);\n"));
	/* a member named lookup that is not called */
	assert_false(plan_lookup_calls("\tops->lookup = NULL;\n"));
}

static void test_plan__other_signatures_are_no_lookup(void **state)
{
	/* returns a dentry, but its second parameter is not one */
	static const char text[] =
		"struct dentry *baz_get(struct inode *dir, struct qstr *name)\n"
		"{\n\treturn NULL;\n}\n"
		"void f(void)\n{\n\tbaz_get(dir, name);\n}\n";

	(void)state;
	assert_false(plan_lookup_calls(text));
	assert_false(plan_lookup_calls(""));
}

static void rule_free(struct rule *r)
{
	free(r->name);
	free(r->path);
	free(r->subject);
	free(r->description);
	free(r->confidence);
	free(r->skip_reason);
	strvec_clear(&r->options);
	strvec_clear(&r->keywords);
	strvec_clear(&r->report_keywords);
	strvec_clear(&r->converts);
	strvec_clear(&r->requires);
	strvec_clear(&r->defines);
}

/* `// Requires:` names API the tree must have, or the rule is skipped */
static void test_plan__requires(void **state)
{
	struct api_profile api = { .name = "v4", .d_duplicate = true };
	char *dir = unit_tmpdir(), *path = path_join(dir, "handoff.cocci");
	struct rule r;

	(void)state;
	unit_write(dir, "handoff.cocci",
		   "/// Hand off an in-lookup dentry.\n"
		   "// Requires: d_lookup_handoff, d_duplicate\n"
		   "virtual patch\n");
	assert_int_equal(rule_load(&r, path, &api), 0);
	assert_int_equal(r.requires.n, 2);
	assert_non_null(r.skip_reason);
	assert_string_equal(r.skip_reason, "the tree has no "
			    "d_lookup_handoff() (API profile v4)");
	rule_free(&r);
	api.d_lookup_handoff = true;
	api.name = "merged";
	assert_int_equal(rule_load(&r, path, &api), 0);
	assert_null(r.skip_reason);
	rule_free(&r);
	api.d_duplicate = false;
	assert_int_equal(rule_load(&r, path, &api), 0);
	assert_string_equal(r.skip_reason, "the tree has no d_duplicate() "
			    "(API profile merged)");
	rule_free(&r);
	remove_tree(dir);
	free(path);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan__a_call_of_the_files_lookup),
		cmocka_unit_test(test_plan__definition_and_initializer_only),
		cmocka_unit_test(test_plan__call_of_an_installed_name),
		cmocka_unit_test(test_plan__a_declaration_with_another_type_is_no_call),
		cmocka_unit_test(test_plan__a_call_through_i_op),
		cmocka_unit_test(test_plan__other_signatures_are_no_lookup),
		cmocka_unit_test(test_plan__requires),
	};

	return cmocka_run_group_tests_name("plan", tests, NULL, NULL);
}
