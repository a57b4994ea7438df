#!/bin/sh
test_description='fstable: check, list, show, bad tables, --discover'
. "$(dirname "$0")/test-lib.sh"

# The kernel tree for the tests that need one: FSCONV_TEST_TREE, else the
# reference tree once `make tree` has built it.
KTREE=${FSCONV_TEST_TREE:-$FSCONV_ROOT/build/linux-6.12}
[ -d "$KTREE/fs" ] || KTREE=
TABLE="$FSCONV_ROOT/fstable/filesystems.yaml"

test_expect_success_with_tree() {
	if [ -n "$KTREE" ]; then
		test_expect_success "$@"
	else
		test_count=$((test_count + 1))
		echo "ok $test_count - $test_name: $1 # SKIP no kernel tree (make tree, or set FSCONV_TEST_TREE)"
	fi
}

# a small tree: fs/foo has a ->lookup, fs/bar has none
make_tree() {
	mkdir -p "$1/fs/foo" "$1/fs/bar" "$1/include/linux" &&
	printf 'obj-$(CONFIG_FOO_FS)\t+= foo/\nobj-y += bar/\n' >"$1/fs/Makefile" &&
	printf 'obj-$(CONFIG_FOO_FS) += foo.o\n' >"$1/fs/foo/Makefile" &&
	printf 'config FOO_FS\n\ttristate "foo"\n' >"$1/fs/foo/Kconfig" &&
	printf 'static const struct inode_operations i = {\n\t.lookup = foo_lookup,\n};\n' \
		>"$1/fs/foo/namei.c" &&
	printf 'int bar;\n' >"$1/fs/bar/inode.c" &&
	printf 'struct dentry *d = d_alloc_parallel(p, &n);\n' >"$1/include/linux/foo.h" &&
	printf 'FOO\nF:\tfs/foo/\nF:\tinclude/linux/foo.h\n' >"$1/MAINTAINERS"
}

test_expect_success 'the shipped table loads and counts its entries' '
	fsconv fstable >out &&
	fsconv fstable --list >names &&
	n=$(wc -l <names) &&
	test "$n" -ge 60 &&
	grep "^$TABLE: $n filesystems, [0-9]* manual sites" out
'

test_expect_success 'names are unique and include the filesystems rules touch' '
	fsconv fstable --list >names &&
	sort -u names >sorted &&
	test_line_count = "$(wc -l <names)" sorted &&
	for fs in afs ceph fuse nfs overlayfs proc shmem smb xfs ext4 kernfs; do
		grep -x "$fs" names || return 1
	done
'

# proc_fill_cache.cocci and sillyrename.cocci convert what used to be
# manual entries of proc, nfs and afs; nfs_atomic_open stays manual
test_expect_success '--show prints an entry; proc has no_dirlock' '
	fsconv fstable --show smb proc nfs >out &&
	grep "^prefix:   smb: client:$" out &&
	grep "^paths:    fs/smb/client$" out &&
	grep "^flags:    no_dirlock$" out &&
	grep "^manual:   fs/nfs/dir.c:nfs_atomic_open (R8): " out &&
	! grep "proc_fill_cache\|nfs_sillyrename" out
'

test_expect_success 'an unknown filesystem name is an error with a guess, exit 2' '
	test_must_fail --code=2 fsconv fstable --show nsf 2>err &&
	echo "fsconv: error: unknown filesystem '\''nsf'\'' (did you mean '\''nfs'\''?)" >expect &&
	test_cmp expect err
'

test_expect_success 'a bad key is a file:line:col error with the line and a caret, exit 2' '
	cat >bad.yaml <<-\EOF &&
	version: 1
	filesystems:
	  - name: nfs
	    pahts: [fs/nfs]
	    paths: [fs/nfs]
	    prefix: "nfs:"
	EOF
	test_must_fail --code=2 fsconv --fstable bad.yaml fstable >out 2>err &&
	cat >expect <<-\EOF &&
	bad.yaml:4:5: unknown key '\''pahts'\'' (did you mean '\''paths'\''?)
	    pahts: [fs/nfs]
	    ^
	EOF
	test_cmp expect err &&
	test_line_count = 0 out
'

test_expect_success 'invalid YAML is one error, exit 2' '
	printf "version: 1\nfilesystems:\n  - name: nfs\n\tpaths: [x]\n" >tab.yaml &&
	test_must_fail --code=2 fsconv --fstable tab.yaml fstable 2>err &&
	head -n 1 err >first &&
	echo "tab.yaml:4:1: invalid YAML: tabs are not allowed for indentation, use spaces" >expect &&
	test_cmp expect first &&
	test_line_count = 3 err
'

test_expect_success 'every problem is reported, not only the first' '
	cat >bad.yaml <<-\EOF &&
	version: 1
	filesystems:
	  - name: nfs
	    paths: fs/nfs
	    prefix: nfs
	  - name: nfs
	    paths: [/etc]
	    prefix: "nfs:"
	    kconfig: [NFS_FS]
	EOF
	test_must_fail --code=2 fsconv --fstable bad.yaml fstable 2>err &&
	grep "^bad.yaml:" err >errors &&
	test_line_count = 5 errors &&
	grep "^bad.yaml:4:12: expected a sequence of strings for '\''paths'\''$" errors &&
	grep "^bad.yaml:6:5: duplicate filesystem name '\''nfs'\'' (first at line 3)$" errors
'

test_expect_success 'paths are checked against --tree' '
	make_tree tree &&
	printf "version: 1\nfilesystems:\n  - {name: foo, paths: [fs/fooo], prefix: \"foo:\"}\n" >t.yaml &&
	test_must_fail --code=2 fsconv --tree tree --fstable t.yaml fstable 2>err &&
	grep "^t.yaml:3:25: path '\''fs/fooo'\'' does not exist in '\''tree'\'' (did you mean '\''fs/foo'\''?)$" err &&
	test_must_fail --code=2 fsconv --tree nowhere --fstable t.yaml fstable 2>err &&
	grep "tree '\''nowhere'\'' does not exist" err
'

test_expect_success '--discover -o writes a table that loads' '
	make_tree tree &&
	fsconv --tree tree fstable --discover -o found.yaml 2>err &&
	grep "discovered 1 filesystems in '\''tree'\''" err &&
	ls >files &&
	! grep "found.yaml.tmp" files &&
	fsconv --tree tree --fstable found.yaml fstable --show foo >out &&
	cat >expect <<-\EOF &&
	name:     foo
	prefix:   foo:
	paths:    fs/foo include/linux/foo.h
	kconfig:  CONFIG_FOO_FS
	EOF
	test_cmp expect out
'

test_expect_success '--discover without -o writes to stdout' '
	make_tree tree &&
	fsconv -q --tree tree fstable --discover >found.yaml 2>err &&
	test_line_count = 0 err &&
	grep "^version: 1$" found.yaml &&
	fsconv --tree tree --fstable found.yaml fstable --list >names &&
	echo foo >expect &&
	test_cmp expect names
'

test_expect_success 'conflicting or stray options are usage errors' '
	test_must_fail --code=2 fsconv fstable --list --discover 2>err &&
	grep "exclude each other" err &&
	test_must_fail --code=2 fsconv fstable -o x.yaml 2>err &&
	grep "only goes with --discover" err &&
	test_must_fail --code=2 fsconv fstable nfs 2>err &&
	grep "did you mean --show" err
'

test_expect_success_with_tree 'the shipped table checks against the kernel tree' '
	fsconv --tree "$KTREE" fstable --check >out &&
	! grep "not checked" out
'

test_expect_success_with_tree '--discover on the kernel tree writes a table that loads' '
	fsconv --tree "$KTREE" fstable --discover -o found.yaml &&
	fsconv --tree "$KTREE" --fstable found.yaml fstable >out &&
	grep " filesystems, 0 manual sites$" out &&
	fsconv --tree "$KTREE" --fstable found.yaml fstable --list >names &&
	test "$(wc -l <names)" -ge 55 &&
	for fs in nfs xfs proc ext4 fuse; do grep -x "$fs" names || return 1; done
'

test_expect_success_with_tree 'every fs/ directory with a ->lookup is in the shipped table' '
	fsconv --tree "$KTREE" fstable --discover -o found.yaml &&
	fsconv --tree "$KTREE" --fstable found.yaml fstable --list >found &&
	fsconv --tree "$KTREE" --fstable found.yaml fstable --show $(cat found) >found.show &&
	fsconv fstable --list >shipped &&
	fsconv fstable --show $(cat shipped) >shipped.show &&
	sed -n "s|^paths:    \(fs/[^ ]*\).*|\1|p" found.show >dirs &&
	test_line_count = "$(wc -l <found)" dirs &&
	for dir in $(cat dirs); do
		grep -E "^paths: .* $dir(/| |\$)" shipped.show >/dev/null || {
			echo "$dir is not in the shipped table"; return 1; }
	done
'

test_done
