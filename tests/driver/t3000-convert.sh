#!/bin/sh
test_description='convert: plan and spatch per filesystem into fsconv/<fs> branches of a scratch repository'
. "$(dirname "$0")/test-lib.sh"
. "$FSCONV_ROOT/tests/fixtures/lib-kernel.sh"

test_expect_success 'setup: a fixture kernel tree with the VFS API, and a copy of the rules' '
	make_kernel "$TRASH/k" &&
	cp -R "$FIXTURE_COCCI" "$TRASH/rules" &&
	tree_state "$TRASH/k" >"$TRASH/state.before"
'

test_expect_success 'convert makes one commit per rule that changed a filesystem' '
	fsconv_on k convert --cocci rules >out &&
	S=$(scratch k) &&
	git --git-dir="$S" log --format=%s refs/fsconv/base..fsconv/foo >actual &&
	printf "%s\n" "foo: use new_helper() instead of old_helper()" \
		"foo: drop the wait queue argument of d_alloc_parallel()" >expect &&
	test_cmp expect actual &&
	git --git-dir="$S" log --format=%s refs/fsconv/base..fsconv/bar >actual &&
	echo "bar: drop the wait queue argument of d_alloc_parallel()" >expect &&
	test_cmp expect actual &&
	test "$(git --git-dir="$S" rev-parse fsconv/baz)" = "$(git -C k rev-parse HEAD)" &&
	grep "^foo: 2 rule(s) applied, 3 site(s) converted, 2 for a human$" out
'

test_expect_success 'the commits hold the conversion, its provenance and a Signed-off-by' '
	S=$(scratch k) &&
	git --git-dir="$S" show fsconv/foo:fs/foo/dir.c >dir.c &&
	grep "dentry = d_alloc_parallel(parent, name);" dir.c &&
	grep "return new_helper(dentry, inode);" dir.c &&
	! grep DECLARE_WAIT_QUEUE_HEAD_ONSTACK dir.c &&
	git --git-dir="$S" log -1 --format=%B fsconv/foo~1 >msg &&
	grep "^A fixture for fsconv.s tests: the VFS series takes" msg &&
	grep "^  spatch --sp-file cocci/d_alloc_parallel.cocci -D patch --very-quiet" msg &&
	grep "^    --no-includes --include-headers --dir fs/foo$" msg &&
	grep "^Signed-off-by: Ada Tester <ada@example.org>$" msg &&
	git --git-dir="$S" log -1 --format="%an <%ae>" fsconv/foo >who &&
	echo "Ada Tester <ada@example.org>" >expect &&
	test_cmp expect who
'

test_expect_success 'sites: a report of a converted line is not a manual site' '
	R=$(ls -d cache/k-*/results) &&
	grep "^manual	old_helper	fs/foo/dir.c	30	9	MANUAL_OLD_HELPER	" $R/foo &&
	grep "^manual	R6	fs/foo/dir.c:foo_lookup	0	0	FSTABLE_MANUAL	" $R/foo &&
	! grep D_ALLOC_PARALLEL_WQ $R/foo &&
	grep "^manual	d_alloc_parallel	fs/bar/readdir.c	7	26	WAITQUEUE_PARAM	" $R/bar &&
	grep -c "^converted	" $R/foo >n &&
	echo 3 >expect &&
	test_cmp expect n
'

test_expect_success 'the user tree is byte-identical, refs, index and config unchanged' '
	tree_state k >state.after &&
	test_cmp state.before state.after
'

test_expect_success 'a second run does no spatch work and keeps the commits' '
	S=$(scratch k) &&
	git --git-dir="$S" for-each-ref refs/heads >refs.before &&
	fsconv_on k -v convert --cocci rules >out &&
	grep "^convert: 0 spatch job(s)$" out &&
	grep "^foo: .* (unchanged)$" out &&
	git --git-dir="$S" for-each-ref refs/heads >refs.after &&
	test_cmp refs.before refs.after
'

test_expect_success 'a changed rule reruns only that rule, from the cache for the rest' '
	sed -i "s/+ new_helper(D, I)/+ newer_helper(D, I)/" rules/old_helper.cocci &&
	fsconv_on k -v convert --cocci rules >out &&
	grep "^convert: 2 spatch job(s)$" out &&
	S=$(scratch k) &&
	git --git-dir="$S" show fsconv/foo:fs/foo/dir.c >dir.c &&
	grep "return newer_helper(dentry, inode);" dir.c
'

test_expect_success '--force runs spatch again on every file' '
	fsconv_on k -j 1 -v convert --cocci rules --force >out &&
	grep "^convert: 4 spatch job(s)$" out
'

test_expect_success 'one filesystem: only its branch moves' '
	S=$(scratch k) &&
	git --git-dir="$S" rev-parse fsconv/bar >bar.before &&
	sed -i "s/+ newer_helper(D, I)/+ new_helper(D, I)/" rules/old_helper.cocci &&
	fsconv_on k -v convert --cocci rules foo >out &&
	! grep "^bar:" out &&
	git --git-dir="$S" rev-parse fsconv/bar >bar.after &&
	test_cmp bar.before bar.after
'

test_expect_success 'not a kernel tree: one-line error, exit 2' '
	mkdir -p notk && git -C notk init -q &&
	test_must_fail --code=2 fsconv_on notk convert --cocci rules 2>err &&
	test_line_count = 1 err &&
	grep "^fsconv: fatal: .*notk. is not a kernel tree (no Makefile)$" err
'

test_expect_success 'a tree without the VFS API: says which symbol, exit 2' '
	make_kernel old noapi &&
	test_must_fail --code=2 fsconv_on old convert --cocci rules 2>err &&
	test_line_count = 1 err &&
	grep "lacks the new VFS API: .*d_alloc_parallel takes 3 arguments" err &&
	sed -i "s/const struct qstr \*,$/const struct qstr *);/; /^\t*wait_queue_head_t \*);$/d" \
		old/include/linux/dcache.h &&
	sed -i "s/d_alloc(struct/d_alloc_noblock(struct dentry *, struct qstr *);\nextern struct dentry *d_alloc(struct/" \
		old/include/linux/dcache.h &&
	git -C old commit -q -a -m "half the API" &&
	test_must_fail --code=2 fsconv_on old convert --cocci rules 2>err &&
	test_line_count = 1 err &&
	grep "lacks the new VFS API: no LOOKUP_SHARED in include/linux/namei.h; apply the VFS series first$" err
'

test_expect_success 'a dirty tree is refused, naming the file, and left as it was' '
	echo "/* local change */" >>k/fs/foo/dir.c &&
	tree_state k >dirty.before &&
	test_must_fail --code=2 fsconv_on k convert --cocci rules 2>err &&
	test_line_count = 1 err &&
	grep "has uncommitted changes (.fs/foo/dir.c.): commit or stash them" err &&
	tree_state k >dirty.after &&
	test_cmp dirty.before dirty.after &&
	git -C k checkout -q fs/foo/dir.c
'

test_expect_success 'an unknown filesystem name is an error with a guess, exit 2' '
	test_must_fail --code=2 fsconv_on k convert --cocci rules fooo 2>err &&
	test_line_count = 1 err &&
	grep "unknown filesystem .fooo. (did you mean .foo.?)" err
'

test_expect_success 'spatch missing from PATH: one-line error, exit 2' '
	mkdir -p nobin &&
	ln -s "$(command -v git)" nobin/git &&
	test_must_fail --code=2 env PATH="$TRASH/nobin" "$FSCONV" --tree k \
		--fstable "$FIXTURE_TABLE" convert --cocci rules 2>err &&
	test_line_count = 1 err &&
	grep "^fsconv: fatal: spatch not found in PATH: install coccinelle$" err
'

test_expect_success 'a spatch crash fails that filesystem only, exit 1' '
	S=$(scratch k) &&
	git --git-dir="$S" rev-parse fsconv/foo >foo.before &&
	fake_spatch "case \"\$*\" in *\"-D patch\"*) { [ -e fs/foo ] || [ -e foo/fs/foo ]; } && kill -SEGV \$\$ ;; esac" &&
	test_must_fail --code=1 env PATH="$TRASH/fake:$PATH" "$FSCONV" \
		--tree k --fstable "$FIXTURE_TABLE" -q convert --cocci rules 2>err &&
	grep "foo: d_alloc_parallel (patch) failed (killed by signal 11)" err &&
	! grep "bar:.*failed" err &&
	git --git-dir="$S" rev-parse fsconv/foo >foo.after &&
	test_cmp foo.before foo.after &&
	R=$(ls -d cache/k-*/results) &&
	grep "^stage	convert	failed	spatch patch for rule .d_alloc_parallel. killed by signal 11" $R/foo &&
	grep "^stage	convert	ok	" $R/bar
'

test_expect_success 'a hung spatch is killed at the timeout, exit 1' '
	fake_spatch "[ -e fs/foo ] && exec sleep 60" &&
	start=$(date +%s) &&
	test_must_fail --code=1 env PATH="$TRASH/fake:$PATH" "$FSCONV" \
		--tree k --fstable "$FIXTURE_TABLE" -q convert --cocci rules \
		--timeout 1 --force foo 2>err &&
	test $(( $(date +%s) - start )) -lt 20 &&
	grep "foo: d_alloc_parallel (.*) failed (timed out)" err
'

test_expect_success 'garbage from spatch (a broken diff) fails the filesystem, exit 1' '
	fake_spatch "case \"\$*\" in *patch*) [ -e fs/foo ] && printf \"%s\n\" \"--- a/fs/foo/dir.c\" \"+++ b/fs/foo/dir.c\" \"@@ -1,3 +1,3 @@\" \" x\" && exit 0 ;; esac" &&
	test_must_fail --code=1 env PATH="$TRASH/fake:$PATH" "$FSCONV" \
		--tree k --fstable "$FIXTURE_TABLE" -q convert --cocci rules \
		--force foo 2>err &&
	grep "^fsconv: error: foo: spatch printed a broken diff for rule .d_alloc_parallel.: .fs/foo/dir.c.: hunk at line 1 is cut short$" err
'

test_expect_success 'after the failures a normal run converts foo again' '
	fsconv_on k -q convert --cocci rules &&
	R=$(ls -d cache/k-*/results) &&
	grep "^stage	convert	ok	" $R/foo
'

test_expect_success 'a corrupt cache entry or results file is rebuilt with a warning' '
	fsconv_on k -q convert --cocci rules &&
	S=$(scratch k) &&
	git --git-dir="$S" rev-parse fsconv/foo^{tree} >tree.before &&
	for f in $(grep -l "^diff -u -p a/fs/foo/dir.c" cache/k-*/spatch/patch/*/*); do
		head -n 5 $f >$f.cut && mv $f.cut $f || return 1
	done &&
	R=$(ls -d cache/k-*/results) &&
	echo garbage >$R/bar &&
	rm $R/foo &&
	fsconv_on k -v convert --cocci rules >out 2>err &&
	grep "^fsconv: warning: corrupt cache entry .*; running spatch again$" err &&
	grep "^fsconv: warning: .*results/bar:1. is corrupt; ignoring it" err &&
	grep "^convert: [1-9][0-9]* spatch job(s)$" out &&
	git --git-dir="$S" rev-parse fsconv/foo^{tree} >tree.after &&
	test_cmp tree.before tree.after &&
	grep "^stage	convert	ok	" $R/bar
'

test_expect_success '--path adds an ad-hoc filesystem named after the directory' '
	fsconv_on k --path fs/qux convert --cocci rules >out &&
	grep "^qux: 1 rule(s) applied, 1 site(s) converted, 0 for a human$" out &&
	! grep "^foo: " out &&
	S=$(scratch k) &&
	git --git-dir="$S" log --format=%s refs/fsconv/base..fsconv/qux >actual &&
	echo "qux: drop the wait queue argument of d_alloc_parallel()" >expect &&
	test_cmp expect actual &&
	test_must_fail --code=2 fsconv_on k --path fs/bar convert --cocci rules 2>err &&
	grep "has the name of filesystem .bar." err &&
	test_must_fail --code=2 fsconv_on k --path fs/nope convert --cocci rules 2>err &&
	grep "path .fs/nope. does not exist" err
'

test_done
