#!/bin/sh
test_description='the census and git grep agree on the call sites grep can see'
. "$(dirname "$0")/test-lib.sh"

# the reference tree, else the pristine one: the call sites differ, the
# agreement must not
TREE=
for t in "$FSCONV_ROOT/build/linux-6.12" "${FSCONV_PRISTINE:-/work/dev/linux-source-6.12}"; do
	if [ -d "$t/.git" ] && [ -f "$t/fs/fuse/readdir.c" ]; then
		TREE=$t
		break
	fi
done

# filesystems with sites of every kind: priming (fuse, smb), procfs'
# fill_cache, afs silly-rename and @sys, ovl readdir, cephfs prepopulate
FS="fs/fuse fs/proc fs/afs fs/overlayfs fs/ceph fs/smb/client"
CALLS='d_add_ci|d_alloc_parallel|d_alloc|d_alloc_name|d_lookup|d_hash_and_lookup|d_alloc_noblock|d_alloc_trylock|d_duplicate|try_lookup_noperm|try_lookup_one_len|lookup_one[a-z_]*|lookup_noperm[a-z_]*|lookup_positive_unlocked'

if [ -z "$TREE" ]; then
	echo "ok 1 - $test_name: census vs git grep # SKIP no kernel git tree"
	test_done
	exit 0
fi
say "tree: $TREE"

test_expect_success 'census of six filesystems' '
	args= &&
	for fs in $FS; do args="$args --path $fs"; done &&
	fsconv --tree "$TREE" -q audit $args --json "$TRASH/census.json" >/dev/null;
	test $? -le 1 &&
	test -s "$TRASH/census.json"
'

test_expect_success 'every call grep sees is in the census, and nothing else' '
	# FILE:LINE of each API call outside comments
	git -C "$TREE" grep -n -E "(^|[^A-Za-z0-9_])($CALLS)[[:space:]]*\(" -- $(for fs in $FS; do echo "$fs/*.c" "$fs/*.h"; done) |
	grep -v -E "^[^:]*:[0-9]+:[[:space:]]*(/?\*|//)" |
	cut -d: -f1,2 | sort -u >grep.sites &&
	grep -o "\"call\":\"[a-z_]*\",\"args\":[0-9]*,\"file\":\"[^\"]*\",\"line\":[0-9]*" "$TRASH/census.json" |
	sed "s/.*\"file\":\"\([^\"]*\)\",\"line\":\([0-9]*\)$/\1:\2/" |
	sort -u >census.sites &&
	say "$(wc -l <grep.sites) sites by grep, $(wc -l <census.sites) in the census" &&
	test_line_count -gt 20 grep.sites &&
	test_cmp grep.sites census.sites
'

test_done
