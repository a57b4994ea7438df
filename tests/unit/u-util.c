// SPDX-License-Identifier: GPL-2.0
/* driver/util.c: struct buf, struct strvec, levenshtein, file helpers. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>

#include "unit.h"

static void test_util__buf_grows_and_stays_terminated(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	assert_string_equal(b.data, "");
	for (int i = 0; i < 1000; i++)
		buf_addf(&b, "%d,", i % 10);
	assert_int_equal(b.len, 2000);
	assert_int_equal(b.data[b.len], '\0');
	assert_true(b.cap > b.len);
	assert_memory_equal(b.data + 1990, "5,6,7,8,9,", 10);
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	buf_release(&b);
	assert_ptr_equal(b.data, buf_empty);
}

static void test_util__buf_rtrim_and_detach(void **state)
{
	struct buf b = BUF_INIT;
	char *s;

	(void)state;
	buf_adds(&b, "text \t\n\r\n");
	buf_addch(&b, ' ');
	buf_rtrim(&b);
	assert_string_equal(b.data, "text");
	assert_int_equal(b.len, 4);
	s = buf_detach(&b);
	assert_string_equal(s, "text");
	assert_int_equal(b.len, 0);
	assert_ptr_equal(b.data, buf_empty);
	free(s);
	/* detaching an empty buffer still gives a string to free */
	s = buf_detach(&b);
	assert_string_equal(s, "");
	free(s);
}

static void test_util__buf_read_file(void **state)
{
	char *dir = unit_tmpdir(), *path = path_join(dir, "f");
	struct buf b = BUF_INIT;

	(void)state;
	unit_write(dir, "f", "line 1\nline 2\n");
	buf_adds(&b, ">");
	assert_int_equal(buf_read_file(&b, path), 0);
	assert_string_equal(b.data, ">line 1\nline 2\n");
	errno = 0;
	assert_int_equal(buf_read_file(&b, "/nonexistent/file"), -1);
	assert_int_equal(errno, ENOENT);
	buf_release(&b);
	remove_tree(dir);
	free(path);
	free(dir);
}

static void test_util__strvec(void **state)
{
	struct strvec sv = STRVEC_INIT;

	(void)state;
	assert_null(sv.v[0]);
	strvec_push(&sv, "a");
	strvec_pushf(&sv, "%s-%d", "b", 2);
	strvec_pushl(&sv, "c", "d", NULL);
	for (int i = 0; i < 20; i++)
		strvec_push(&sv, "x");
	assert_int_equal(sv.n, 24);
	assert_null(sv.v[24]);
	assert_string_equal(sv.v[1], "b-2");
	assert_true(strvec_contains(&sv, "d"));
	assert_false(strvec_contains(&sv, "e"));
	strvec_clear(&sv);
	assert_int_equal(sv.n, 0);
	assert_null(sv.v[0]);
}

static void test_util__strvec_split_lines(void **state)
{
	struct strvec sv = STRVEC_INIT;

	(void)state;
	strvec_split_lines(&sv, "one\n\ntwo\nthree");
	assert_int_equal(sv.n, 3);
	assert_string_equal(sv.v[0], "one");
	assert_string_equal(sv.v[1], "two");
	assert_string_equal(sv.v[2], "three");
	strvec_clear(&sv);
}

static void test_util__levenshtein(void **state)
{
	(void)state;
	assert_int_equal(levenshtein("", ""), 0);
	assert_int_equal(levenshtein("paths", "paths"), 0);
	assert_int_equal(levenshtein("pahts", "paths"), 2);
	assert_int_equal(levenshtein("path", "paths"), 1);
	assert_int_equal(levenshtein("", "abc"), 3);
	assert_int_equal(levenshtein("abc", ""), 3);
	assert_int_equal(levenshtein("kitten", "sitting"), 3);
	assert_int_equal(levenshtein("prefix", "kconfig"), 5);
}

static void test_util__write_file_atomic(void **state)
{
	char *dir = unit_tmpdir(), *path = path_join(dir, "out");
	struct buf b = BUF_INIT;
	struct unit_capture cap;
	struct dirent *de;
	char *err;
	DIR *d;
	int n = 0;

	(void)state;
	assert_int_equal(write_file_atomic(path, "old\n", 4), 0);
	assert_int_equal(write_file_atomic(path, "new text\n", 9), 0);
	assert_int_equal(buf_read_file(&b, path), 0);
	assert_string_equal(b.data, "new text\n");
	/* no temporary file is left behind */
	d = opendir(dir);
	while ((de = readdir(d)))
		n += de->d_name[0] != '.';
	closedir(d);
	assert_int_equal(n, 1);

	unit_stderr_begin(&cap);
	free(path);
	path = path_join(dir, "missing/out");
	assert_int_equal(write_file_atomic(path, "x", 1), -1);
	err = unit_stderr_end(&cap);
	assert_non_null(strstr(err, "fsconv: error: cannot create '"));
	assert_non_null(strstr(err, "No such file or directory"));
	free(err);
	buf_release(&b);
	remove_tree(dir);
	free(path);
	free(dir);
}

static void test_util__paths(void **state)
{
	char *dir = unit_tmpdir(), *deep = path_join(dir, "a/b/c"), *s;

	(void)state;
	s = path_join("a/", "b");
	assert_string_equal(s, "a/b");
	free(s);
	s = path_join("", "b");
	assert_string_equal(s, "b");
	free(s);
	assert_true(starts_with("fs/nfs", "fs/"));
	assert_false(starts_with("fs", "fs/"));
	assert_true(ends_with("x.cocci", ".cocci"));
	assert_false(ends_with("cocci", ".cocci"));
	assert_int_equal(mkdirs(deep, 0777), 0);
	assert_true(is_dir(deep));
	unit_write(deep, "f", "x");
	assert_int_equal(remove_tree(dir), 0);
	assert_false(is_dir(dir));
	free(deep);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_util__buf_grows_and_stays_terminated),
		cmocka_unit_test(test_util__buf_rtrim_and_detach),
		cmocka_unit_test(test_util__buf_read_file),
		cmocka_unit_test(test_util__strvec),
		cmocka_unit_test(test_util__strvec_split_lines),
		cmocka_unit_test(test_util__levenshtein),
		cmocka_unit_test(test_util__write_file_atomic),
		cmocka_unit_test(test_util__paths),
	};

	return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
