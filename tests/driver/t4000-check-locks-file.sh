#!/bin/sh
test_description='check-locks on self-contained files: exit codes, --checker, --show, the sparse wrapper'
. "$(dirname "$0")/test-lib.sh"

LOCK="$FSCONV_ROOT/tests/lock"

test_expect_success 'setup: a bad and a good copy of a fixture' '
	cp "$LOCK/kernel.h" "$LOCK/c1-lookup-early-return.c" \
		"$LOCK/c1-lookup-early-return-ok.c" .
'

test_expect_success 'findings print as file:line: function: rule: message, exit 1' '
	test_must_fail --code=1 fsconv check-locks \
		--file c1-lookup-early-return.c >out &&
	cat >expect <<-\EOF &&
	c1-lookup-early-return.c:7: c1_lookup: C1: context imbalance - wrong count at exit (sparse)
	c1-lookup-early-return.c:18: c1_lookup: C1: returns without the parent lock (parent held shared or exclusive)
	EOF
	test_cmp expect out
'

test_expect_success 'no finding, exit 0 and no output' '
	fsconv check-locks --file c1-lookup-early-return-ok.c >out &&
	test_line_count = 0 out
'

test_expect_success '--checker sparse and --checker clang split the findings' '
	test_must_fail --code=1 fsconv check-locks --checker sparse \
		--file c1-lookup-early-return.c >sparse &&
	test_must_fail --code=1 fsconv check-locks --checker clang \
		--file c1-lookup-early-return.c >clang &&
	grep "(sparse)$" sparse && test_line_count = 1 sparse &&
	! grep "(sparse)" clang && test_line_count = 1 clang
'

test_expect_success 'an unknown checker is a usage error, exit 2' '
	test_must_fail --code=2 fsconv check-locks --checker gcc \
		--file c1-lookup-early-return.c 2>err &&
	grep "unknown checker .gcc." err
'

test_expect_success 'a missing file is an error, exit 2' '
	test_must_fail --code=2 fsconv check-locks --file nosuch.c 2>err &&
	grep "nosuch.c" err
'

test_expect_success '--show prints the annotated copy, line for line' '
	fsconv check-locks --show shared --file c1-lookup-early-return.c \
		>copy 2>roles &&
	test $(wc -l <copy) -eq $(wc -l <c1-lookup-early-return.c) &&
	grep "__attribute__((requires_shared_capability(__fsconv_parent)))" copy &&
	grep "__fsconv_parent_inode_unlock_shared(dir)" copy &&
	grep "{__fsconv_held(); return ret;}" copy &&
	grep "c1_lookup: lookup$" roles
'

test_expect_success '--show exclusive folds LOOKUP_SHARED to 0' '
	fsconv check-locks --show exclusive --file c1-lookup-early-return.c \
		>copy 2>/dev/null &&
	grep "if ((0))" copy &&
	grep "requires_capability(__fsconv_parent)" copy
'

test_expect_success 'the copy never reaches the file itself' '
	cp c1-lookup-early-return.c before.c &&
	test_must_fail fsconv check-locks --file c1-lookup-early-return.c &&
	test_cmp before.c c1-lookup-early-return.c
'

test_expect_success 'the sparse wrapper reports under the real name and exits 0' '
	mkdir scratch &&
	printf "scratch %s\n" "$PWD/scratch" >spec &&
	fsconv check-locks --sparse-wrapper spec -I. \
		c1-lookup-early-return.c 2>err &&
	grep "^c1-lookup-early-return.c:7:[0-9]*: warning: context imbalance in .c1_lookup." err &&
	ls scratch >left &&
	test_line_count = 0 left
'

test_done
