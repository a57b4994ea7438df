#!/bin/sh
test_description='command line basics: help, version, bad usage'
. "$(dirname "$0")/test-lib.sh"

test_expect_success '--help lists the commands and exits 0' '
	fsconv --help >out &&
	grep "^usage: fsconv" out &&
	grep "^    tree " out &&
	grep "^    version " out
'

test_expect_success '--version and version agree' '
	fsconv --version >a &&
	fsconv version >b &&
	test_cmp a b &&
	grep "^fsconv [0-9a-f.]" a
'

test_expect_success 'an unknown command is a one-line error and usage, exit 2' '
	test_must_fail --code=2 fsconv frobnicate 2>err &&
	head -n 1 err >first &&
	echo "fsconv: unknown command '\''frobnicate'\''" >expect &&
	test_cmp expect first &&
	grep "^usage: fsconv" err
'

test_expect_success 'an unknown option is a one-line error and usage, exit 2' '
	test_must_fail --code=2 fsconv --frobnicate 2>err &&
	head -n 1 err >first &&
	echo "fsconv: unknown option '\''--frobnicate'\''" >expect &&
	test_cmp expect first
'

test_expect_success 'an option missing its value is an error, exit 2' '
	test_must_fail --code=2 fsconv -j 2>err &&
	grep "requires a value" err
'

test_expect_success 'a bad number is an error, exit 2' '
	test_must_fail --code=2 fsconv -j many version 2>err &&
	grep "not '\''many'\''" err
'

test_expect_success 'no command prints usage, exit 2' '
	test_must_fail --code=2 fsconv 2>err &&
	grep "^usage: fsconv" err
'

test_expect_success 'a command has its own --help' '
	fsconv tree --help >out &&
	grep "^usage: fsconv tree" out &&
	grep -- "--api" out
'

test_done
