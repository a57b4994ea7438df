#!/bin/sh
test_description='convert: one spatch per group of filesystems gives what one per filesystem gives'
. "$(dirname "$0")/test-lib.sh"
. "$FSCONV_ROOT/tests/fixtures/lib-kernel.sh"

test_expect_success 'setup: a fixture kernel tree with the VFS API, and a copy of the rules' '
	make_kernel "$TRASH/k" &&
	cp -R "$FIXTURE_COCCI" "$TRASH/rules"
'

test_expect_success 'all filesystems at once: a rule both have runs once per mode' '
	FSCONV_CACHE=$TRASH/all fsconv_on k -j 1 -v -o out-all convert --cocci rules >out 2>&1 &&
	grep "^\[.*\] d_alloc_parallel (patch): 2 filesystems$" out &&
	grep "^\[.*\] d_alloc_parallel (report): 2 filesystems$" out &&
	grep "^\[.*\] foo: old_helper (patch)$" out &&
	grep "^convert: 4 spatch job(s)$" out
'

test_expect_success 'the same, one filesystem per run' '
	for fs in foo bar; do
		FSCONV_CACHE=$TRASH/one fsconv_on k -v -o out-one convert \
			--cocci rules $fs >out-$fs 2>&1 || return 1
	done &&
	! grep "filesystems$" out-foo out-bar &&
	grep "^\[.*\] bar: d_alloc_parallel (patch)$" out-bar
'

test_expect_success 'the branches hold the same trees' '
	A=$(FSCONV_CACHE=$TRASH/all scratch k) &&
	O=$(FSCONV_CACHE=$TRASH/one scratch k) &&
	for fs in foo bar; do
		a=$(git --git-dir="$A" rev-parse fsconv/$fs^{tree}) &&
		o=$(git --git-dir="$O" rev-parse fsconv/$fs^{tree}) &&
		test "$a" = "$o" || return 1
	done &&
	test "$(git --git-dir="$A" rev-parse fsconv/foo^{tree})" != \
		"$(git -C k rev-parse HEAD^{tree})"
'

test_expect_success 'the cache holds the same entries, byte for byte' '
	A=$(ls -d all/k-*/spatch) &&
	O=$(ls -d one/k-*/spatch) &&
	(cd "$A" && find . -type f | LC_ALL=C sort | xargs cksum) >all.sum &&
	(cd "$O" && find . -type f | LC_ALL=C sort | xargs cksum) >one.sum &&
	test_cmp all.sum one.sum &&
	grep -l "^--- a/fs/foo/dir.c$" "$A"/patch/*/* >diffs &&
	test -s diffs &&
	! grep -h "^[-+][-+][-+] [ab]/foo/" "$A"/patch/*/*
'

test_expect_success 'the results say the same, and each filesystem has its log' '
	for fs in foo bar; do
		grep -v "^tip	\|^rule	" all/k-*/results/$fs >a &&
		grep -v "^tip	\|^rule	" one/k-*/results/$fs >o &&
		test_cmp a o || return 1
	done &&
	test -s out-all/foo/log/d_alloc_parallel-patch.log &&
	cmp out-all/foo/log/d_alloc_parallel-patch.log \
		out-all/bar/log/d_alloc_parallel-patch.log
'

test_expect_success 'with more CPUs than jobs a round splits its group' '
	FSCONV_CACHE=$TRASH/split fsconv_on k -j 4 -v -o out-split convert \
		--cocci rules >out 2>&1 &&
	grep "^\[.*\] foo: d_alloc_parallel (patch)$" out &&
	grep "^\[.*\] bar: d_alloc_parallel (patch)$" out &&
	! grep "filesystems$" out &&
	grep "^convert: 6 spatch job(s)$" out &&
	A=$(FSCONV_CACHE=$TRASH/all scratch k) &&
	S=$(FSCONV_CACHE=$TRASH/split scratch k) &&
	for fs in foo bar; do
		test "$(git --git-dir="$A" rev-parse fsconv/$fs^{tree})" = \
			"$(git --git-dir="$S" rev-parse fsconv/$fs^{tree})" || return 1
	done
'

test_done
