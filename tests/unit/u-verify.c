// SPDX-License-Identifier: GPL-2.0
/* driver/verify.c: a verify_run() report into one filesystem's results. */
#define _GNU_SOURCE
#include "unit.h"
#include "verify.h"

/* what report_target() prints (build.c), for two filesystems */
static const char report[] =
	"# not in the configuration (unmet dependencies): CONFIG_BAD_X\n"
	"== bad: after fsconv/bad, 1 file touched\n"
	"  compile fs/bad/dir.o: before: HEAD; after: DOES NOT COMPILE\n"
	"    new error: fs/bad/dir.c:5: bad_lookup: implicit declaration\n"
	"  sparse  fs/bad/dir.c: not checked (after does not compile)\n"
	"  clang   fs/bad/dir.c: not checked (after does not compile)\n"
	"bad: FAIL\n"
	"== good: after fsconv/good, 2 files touched\n"
	"  compile fs/good/dir.o: before: base (as given it does not "
	"compile: too many arguments; x); after: compiles\n"
	"  sparse  fs/good/dir.c: 1 new, 0 gone (before: 0, after: 1)\n"
	"    new: fs/good/dir.c:3: good_lookup: context: x\n"
	"  clang   fs/good/dir.c: 2 new, 1 gone (before: 1, after: 2)\n"
	"    new: fs/good/dir.c:3: good_lookup: C1: x\n"
	"    new: fs/good/dir.c:4: <file scope>: C6: y\n"
	"    gone: fs/good/dir.c:9: good_fill: C6: z\n"
	"good: FAIL\n";

static void test_verify__does_not_compile_fails(void **state)
{
	struct fs_result r;

	(void)state;
	result_init(&r, "bad");
	verify_digest(&r, NULL, report);
	assert_string_equal(r.stage[STAGE_VERIFY].status, "failed");
	assert_true(result_failed(&r));
	assert_non_null(strstr(r.verify_note, "(fs/bad/dir.o; before: HEAD)"
			       ": 1 object DOES NOT COMPILE after it"));
	assert_null(strstr(r.verify_note, "sparse"));
	assert_int_equal(r.verify.n, 6);
	assert_string_equal(r.verify.v[5], "bad: FAIL");
	result_release(&r);
}

static void test_verify__findings_by_rule_and_gone(void **state)
{
	struct fs_result r;

	(void)state;
	result_init(&r, "good");
	verify_digest(&r, NULL, report);
	assert_string_equal(r.stage[STAGE_VERIFY].status, "warn");
	assert_false(result_failed(&r));
	assert_non_null(strstr(r.verify_note, "(fs/good/dir.o; before: "
			       "base, as the tree as given"));
	assert_non_null(strstr(r.verify_note, "compiles, no new error or "
			       "warning; sparse -Wcontext: 1 new context "
			       "imbalance; clang lock analysis: new findings: "
			       "1 C1, 1 C6 (C6 in good_fill gone)."));
	result_release(&r);
}

static void test_verify__no_section_fails(void **state)
{
	struct fs_result r;

	(void)state;
	result_init(&r, "other");
	verify_digest(&r, NULL, report);
	assert_string_equal(r.stage[STAGE_VERIFY].status, "failed");
	assert_null(r.verify_note);
	assert_int_equal(r.verify.n, 0);
	result_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_verify__does_not_compile_fails),
		cmocka_unit_test(test_verify__findings_by_rule_and_gone),
		cmocka_unit_test(test_verify__no_section_fails),
	};

	return cmocka_run_group_tests_name("verify", tests, NULL, NULL);
}
