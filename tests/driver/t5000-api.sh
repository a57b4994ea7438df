#!/bin/sh
test_description='fsconv api: which form of the VFS API a tree has'
. "$(dirname "$0")/test-lib.sh"

FIXTURE="$FSCONV_ROOT/tests/audit/tree"

# a pristine 6.12 tree: $FSCONV_PRISTINE, the lead's scratch tree, or the
# headers unpacked from Debian's tarball
PRISTINE=${FSCONV_PRISTINE:-/work/dev/linux-source-6.12}
if ! [ -f "$PRISTINE/include/linux/dcache.h" ] &&
   [ -f /usr/src/linux-source-6.12.tar.xz ]; then
	say "unpacking the 6.12 headers from /usr/src/linux-source-6.12.tar.xz"
	tar -xJf /usr/src/linux-source-6.12.tar.xz -C "$TRASH" \
		linux-source-6.12/Makefile linux-source-6.12/include \
		linux-source-6.12/arch/x86/include 2>/dev/null
	PRISTINE="$TRASH/linux-source-6.12"
fi

# test_skip 'title' 'reason': a test whose prerequisite is missing
test_skip() {
	test_count=$((test_count + 1))
	echo "ok $test_count - $test_name: $1 # SKIP $2"
}

# fake_tree DIR: the pristine headers as a symlink farm, with private
# copies of dcache.h and namei.h for sed to edit
fake_tree() {
	mkdir -p "$1/arch/x86" &&
	cp -rs "$PRISTINE/include" "$1/include" &&
	cp -rs "$PRISTINE/arch/x86/include" "$1/arch/x86/include" &&
	cp "$PRISTINE/Makefile" "$1/" &&
	for h in dcache.h namei.h; do
		rm "$1/include/linux/$h" &&
		cp "$PRISTINE/include/linux/$h" "$1/include/linux/$h" || return 1
	done
}

# the v4 series' declarations, as kernel/vfs-v4 writes them
to_v4() {
	perl -0pi -e '
		s/extern struct dentry \* d_alloc_parallel\(struct dentry \*, const struct qstr \*,\n\s*wait_queue_head_t \*\);/struct dentry *d_alloc_parallel(struct dentry *parent, const struct qstr *name);\nstruct dentry *d_alloc_noblock(struct dentry *parent, struct qstr *name);\nstruct dentry *d_duplicate(struct dentry *dentry);/;
		s/extern struct dentry \* d_add_ci\(struct dentry \*, struct inode \*, struct qstr \*\);/struct dentry *d_add_ci(struct dentry *dentry, struct inode *inode,\n\t\t\tstruct qstr *name, unsigned int lookup_flags);/;
	' "$1/include/linux/dcache.h" &&
	sed -i "s/^#define LOOKUP_CACHED.*/&\\n#define LOOKUP_SHARED\\t\\t0x800000/" \
		"$1/include/linux/namei.h" &&
	grep -q "d_alloc_noblock" "$1/include/linux/dcache.h" &&
	grep -q "lookup_flags" "$1/include/linux/dcache.h"
}

test_expect_success 'a tree without the series: exit 2, one line naming what is missing' '
	cp -r "$FIXTURE" none &&
	sed -i "s/^struct dentry \*d_alloc_parallel(struct dentry \*parent, const struct qstr \*name);/struct dentry *d_alloc_parallel(struct dentry *parent, const struct qstr *name, void *wq);/; /d_alloc_noblock/d" \
		none/include/linux/dcache.h &&
	test_must_fail --code=2 fsconv --tree none api >out 2>err &&
	test_line_count = 0 out &&
	test_line_count = 1 err &&
	grep "lacks the new VFS API: no d_alloc_noblock or d_alloc_trylock, d_alloc_parallel takes 3 arguments; apply the VFS series first" err
'

test_expect_success 'not a kernel tree: exit 2' '
	mkdir empty &&
	test_must_fail --code=2 fsconv --tree empty api 2>err &&
	grep "'\''empty'\'' is not a kernel tree" err &&
	test_must_fail --code=2 fsconv --tree does-not-exist api 2>err &&
	grep "does-not-exist" err
'

test_expect_success 'the fixture headers are the v4 API' '
	fsconv --tree "$FIXTURE" api >out &&
	echo "v4: d_alloc_noblock, d_alloc_parallel/2, d_add_ci/4 (lookup flags), d_duplicate, LOOKUP_SHARED" >expect &&
	test_cmp expect out
'

test_expect_success '--json and --defines' '
	fsconv --tree "$FIXTURE" api --json >out &&
	grep "^{\"api\":\"v4\",\"profile\":\"v4: d_alloc_noblock, " out &&
	grep "\"d_alloc_parallel_args\":2,\"d_add_ci_args\":4,\"d_add_ci_4th\":\"lookup_flags\",\"d_duplicate\":true,\"lookup_shared\":true}$" out &&
	fsconv --tree "$FIXTURE" api --defines >out &&
	printf "%s\n" -D noblock=d_alloc_noblock >expect &&
	test_cmp expect out
'

if [ -f "$PRISTINE/include/linux/dcache.h" ]; then
	test_expect_success 'the pristine 6.12 tree: exit 2 naming the missing API' '
		test_must_fail --code=2 fsconv --tree "$PRISTINE" api 2>err &&
		test_line_count = 1 err &&
		grep "lacks the new VFS API: no d_alloc_noblock or d_alloc_trylock, d_alloc_parallel takes 3 arguments" err
	'

	# CPU time, not wall time: the machine may be busy with builds
	test_expect_success 'the probe parses the real headers in under a second' '
		fsconv --tree "$PRISTINE" api --json --time >out 2>err;
		ms=$(sed -n "s/^api: probed in [0-9]* ms, \([0-9]*\) ms of CPU$/\1/p" err) &&
		say "probe: $(cat err)" &&
		test "$ms" -lt 1000 &&
		grep "\"d_alloc_parallel_args\":3,\"d_add_ci_args\":3" out
	'

	test_expect_success 'v4 headers (sed on pristine copies)' '
		fake_tree v4 && to_v4 v4 &&
		fsconv --tree v4 api >out &&
		echo "v4: d_alloc_noblock, d_alloc_parallel/2, d_add_ci/4 (lookup flags), d_duplicate, LOOKUP_SHARED" >expect &&
		test_cmp expect out
	'

	test_expect_success 'merged names (sed on pristine copies)' '
		fake_tree merged && to_v4 merged &&
		sed -i "s/d_alloc_noblock/d_alloc_trylock/" merged/include/linux/dcache.h &&
		fsconv --tree merged api >out &&
		echo "merged: d_alloc_trylock, d_alloc_parallel/2, d_add_ci/4 (lookup flags), d_duplicate, LOOKUP_SHARED" >expect &&
		test_cmp expect out &&
		fsconv --tree merged api --defines >out &&
		printf "%s\n" -D noblock=d_alloc_trylock >expect &&
		test_cmp expect out
	'

	test_expect_success 'd_lookup_handoff() declared: named in the profile, -D for the rules' '
		fake_tree handoff && to_v4 handoff &&
		sed -i "s/d_alloc_noblock/d_alloc_trylock/" handoff/include/linux/dcache.h &&
		echo "extern void d_lookup_handoff(struct dentry *);" >>handoff/include/linux/dcache.h &&
		fsconv --tree handoff api >out &&
		echo "merged: d_alloc_trylock, d_alloc_parallel/2, d_add_ci/4 (lookup flags), d_duplicate, LOOKUP_SHARED, d_lookup_handoff" >expect &&
		test_cmp expect out &&
		fsconv --tree handoff api --defines >out &&
		printf "%s\n" -D noblock=d_alloc_trylock -D d_lookup_handoff >expect &&
		test_cmp expect out
	'

	test_expect_success 'v3: d_add_ci takes a bool (sed on pristine copies)' '
		fake_tree v3 && to_v4 v3 &&
		sed -i "s/struct qstr \*name, unsigned int lookup_flags);/struct qstr *name, bool shared);/" \
			v3/include/linux/dcache.h &&
		sed -i "/LOOKUP_SHARED/d" v3/include/linux/namei.h &&
		fsconv --tree v3 api >out &&
		echo "v3: d_alloc_noblock, d_alloc_parallel/2, d_add_ci/4 (bool), d_duplicate, no LOOKUP_SHARED" >expect &&
		test_cmp expect out &&
		fsconv --tree v3 api --defines >out &&
		printf "%s\n" -D noblock=d_alloc_noblock -D d_add_ci_bool >expect &&
		test_cmp expect out
	'
else
	test_skip 'the pristine 6.12 tree and its sed copies' 'no 6.12 source'
fi

# the reference trees scripts/mktree.sh builds
for api in v4 merged; do
	tree="$FSCONV_ROOT/build/linux-6.12"
	[ "$api" = v4 ] || tree="$tree-$api"
	if ! [ -f "$tree/include/linux/dcache.h" ]; then
		test_skip "the $api reference tree" "no $tree (make tree API=$api)"
		continue
	fi
	test_expect_success "the $api reference tree" "
		fsconv --tree '$tree' api >out &&
		grep '^$api: d_alloc_[a-z]*, d_alloc_parallel/2, d_add_ci/[34]' out &&
		if [ $api = merged ]; then grep ', d_lookup_handoff\$' out; else ! grep d_lookup_handoff out; fi
	"
done

test_done
