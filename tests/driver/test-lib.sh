# Test library for tests/driver/tNNNN-*.sh, after git's t/test-lib.sh:
# &&-chained test_expect_success blocks, each run in a scratch directory,
# TAP output.  Source it after setting test_description.
set -u
TEST_DIRECTORY=$(cd "$(dirname "$0")" && pwd)
FSCONV_ROOT=$(cd "$TEST_DIRECTORY/../.." && pwd)
FSCONV="$FSCONV_ROOT/fsconv"
export FSCONV_ROOT FSCONV
PATH="$FSCONV_ROOT:$PATH"
export PATH
test_name=$(basename "$0" .sh)
TRASH="${TMPDIR:-/tmp}/fsconv-$test_name.$$"
test_count=0
test_failed=0
test_cleanup=
rm -rf "$TRASH" && mkdir -p "$TRASH" || exit 2
trap 'rm -rf "$TRASH"' EXIT
cd "$TRASH" || exit 2

say() { printf '# %s\n' "$*"; }

# test_expect_success 'title' 'commands': pass when commands succeed
test_expect_success() {
	test_count=$((test_count + 1))
	test_cleanup=
	if (eval "$2") >"$TRASH/.out" 2>&1; then
		echo "ok $test_count - $test_name: $1"
	else
		echo "not ok $test_count - $test_name: $1"
		sed 's/^/#   /' "$TRASH/.out"
		test_failed=$((test_failed + 1))
	fi
	cd "$TRASH" || exit 2
}

# test_expect_failure 'title' 'commands': a known breakage, kept visible
test_expect_failure() {
	test_count=$((test_count + 1))
	if (eval "$2") >"$TRASH/.out" 2>&1; then
		echo "ok $test_count - $test_name: $1 # TODO known breakage vanished"
	else
		echo "not ok $test_count - $test_name: $1 # TODO known breakage"
	fi
}

# test_must_fail [--code=N] cmd...: cmd must fail with a clean exit, not a crash
test_must_fail() {
	want=
	case "$1" in --code=*) want=${1#--code=}; shift ;; esac
	"$@"
	rc=$?
	if [ "$rc" -eq 0 ]; then
		echo "test_must_fail: '$*' succeeded" >&2
		return 1
	fi
	if [ "$rc" -gt 128 ]; then
		echo "test_must_fail: '$*' died of signal $((rc - 128))" >&2
		return 1
	fi
	if [ -n "$want" ] && [ "$rc" -ne "$want" ]; then
		echo "test_must_fail: '$*' exited $rc, expected $want" >&2
		return 1
	fi
	return 0
}

test_cmp() {
	diff -u "$1" "$2"
}

# test_line_count = N file
test_line_count() {
	n=$(wc -l <"$3")
	if ! [ "$n" "$1" "$2" ]; then
		echo "test_line_count: $3 has $n lines, expected $1 $2" >&2
		cat "$3" >&2
		return 1
	fi
}

test_done() {
	echo "# $test_name: $test_count tests, $test_failed failed"
	[ "$test_failed" -eq 0 ]
}
