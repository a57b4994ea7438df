#!/bin/sh
test_description='check-locks on the reference tree: d_add_ci, afs @sys, overlayfs readdir'
. "$(dirname "$0")/test-lib.sh"

# Needs build/linux-6.12 (make tree); the first run also prepares its
# build directory, a minute or two, which later runs reuse.
REF="$FSCONV_ROOT/build/linux-6.12"
if ! git -C "$REF" rev-parse -q --verify base >/dev/null 2>&1; then
	echo "ok 1 - $test_name: # SKIP no reference tree (make tree)"
	exit 0
fi

# 0006 keeps the parent locked in d_add_ci() (v4 7/7's relock deadlocks
# on 6.12, kernel/README): the checker must still see the wait under it.
test_expect_success 'the reference d_add_ci waits in d_alloc_parallel under the lock it keeps (C6, kernel/README)' '
	test_must_fail --code=1 fsconv --tree "$REF" check-locks \
		--path fs/dcache.c >out &&
	grep "^fs/dcache.c:[0-9]*: d_add_ci: C6: cannot call function .d_alloc_parallel. while the parent lock is held" out &&
	grep "^# 1 finding in 1 checked file of 1$" out
'

test_expect_success 'the base d_add_ci waits in d_alloc_parallel under the lock (the C6 the series fixes)' '
	test_must_fail --code=1 fsconv --tree "$REF" check-locks \
		--before base --path fs/dcache.c >out &&
	grep "^fs/dcache.c:[0-9]*: d_add_ci: C6: cannot call function .d_alloc_parallel. while the parent lock is held" out
'

test_expect_success 'afs @sys: a full lookup under the parent lock (C6, R6)' '
	test_must_fail --code=1 fsconv --tree "$REF" check-locks \
		--before base --path fs/afs/dir.c >out &&
	grep "^fs/afs/dir.c:[0-9]*: afs_lookup_atsys: C6: cannot call function .lookup_one_len. while the parent lock is held" out
'

test_expect_success 'overlayfs: lookup_one from readdir, behind WRAP_DIR_ITER (C6, R9)' '
	test_must_fail --code=1 fsconv --tree "$REF" check-locks \
		--before base --path fs/overlayfs/readdir.c >out &&
	grep "^fs/overlayfs/readdir.c:[0-9]*: ovl_cache_update: C6: cannot call function .lookup_one. while the parent lock is held$" out
'

test_expect_success 'the reference tree is never written' '
	git -C "$REF" status --porcelain >status &&
	test_line_count = 0 status
'

test_done
