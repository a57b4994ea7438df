#!/bin/sh
test_description='handoff: series per filesystem, the fold patch, re-rolls, send --dry-run, the report'
. "$(dirname "$0")/test-lib.sh"
. "$FSCONV_ROOT/tests/fixtures/lib-kernel.sh"

# with a real tree's checkpatch.pl and get_maintainer.pl copied in
test_expect_success_with_scripts() {
	if [ -n "$KSRC" ]; then
		test_expect_success "$@"
	else
		test_count=$((test_count + 1))
		echo "ok $test_count - $test_name: $1 # SKIP no kernel scripts (make tree, or set FSCONV_TEST_TREE)"
	fi
}

test_expect_success 'setup: fixture tree, rules, a first run' '
	make_kernel "$TRASH/k" &&
	cp -R "$FIXTURE_COCCI" "$TRASH/rules" &&
	tree_state "$TRASH/k" >"$TRASH/state.before" &&
	(cd "$TRASH" && fsconv_on k run --no-verify --cocci rules >"$TRASH/run1.out" 2>"$TRASH/run1.err")
'

test_expect_success 'run writes a series per converted filesystem and the fold patch' '
	(cd patches-out/foo/v1 && ls *.patch) >actual &&
	printf "%s\n" 0000-cover-letter.patch \
		0001-foo-drop-the-wait-queue-argument-of-d_alloc_parallel.patch \
		0002-foo-use-new_helper-instead-of-old_helper.patch >expect &&
	test_cmp expect actual &&
	(cd patches-out/bar/v1 && ls *.patch) >actual &&
	printf "%s\n" 0000-cover-letter.patch \
		0001-bar-drop-the-wait-queue-argument-of-d_alloc_parallel.patch >expect &&
	test_cmp expect actual &&
	ls patches-out/vfs-fold/v1/*.patch >fold &&
	test_line_count = 1 fold &&
	! test -e patches-out/baz &&
	grep "^foo: wrote patches-out/foo/v1 (2 patch(es))$" run1.out
'

test_expect_success 'the cover letter is filled in: what, on what, fold, rules, sites' '
	C=patches-out/foo/v1/0000-cover-letter.patch &&
	! grep "\*\*\* SUBJECT HERE\|\*\*\* BLURB HERE" $C &&
	grep "^Subject: \[PATCH 0/2\] foo: convert to the new directory-locking dcache API$" $C &&
	grep "^It applies on top of the VFS series (base-commit below, \"VFS: use$" $C &&
	grep "^Patch 1 follows VFS signature changes" $C &&
	grep "folded into the VFS commit" $C &&
	grep "^- cocci/d_alloc_parallel.cocci: 2 sites converted$" $C &&
	grep "^- cocci/old_helper.cocci: 1 site converted$" $C &&
	grep "^- fs/foo/dir.c:30:9: MANUAL_OLD_HELPER (old_helper): old_helper_locked()" $C &&
	grep "^- fs/foo/dir.c:foo_lookup: FSTABLE_MANUAL (R6): a fixture site" $C &&
	grep "^base-commit: $(git -C k rev-parse HEAD)$" $C &&
	grep "^change-id: [0-9]*-fsconv-foo-" $C &&
	grep "^Subject: \[PATCH 1/2\] foo: drop the wait queue argument of d_alloc_parallel()$" \
		patches-out/foo/v1/0001-*.patch
'

test_expect_success 'every series applies with git am on its base and gives the branch' '
	git clone -q k am &&
	for fs in foo bar vfs-fold; do
		git -C am checkout -q --detach $(git -C k rev-parse HEAD) &&
		git -C am am -q "$TRASH"/patches-out/$fs/v1/000[1-9]-*.patch || return 1
	done &&
	S=$(scratch k) &&
	git -C am checkout -q --detach $(git -C k rev-parse HEAD) &&
	git -C am am -q "$TRASH"/patches-out/foo/v1/000[1-9]-*.patch &&
	test "$(git -C am rev-parse HEAD^{tree})" = \
	     "$(git --git-dir="$S" rev-parse fsconv/foo^{tree})"
'

test_expect_success 'the fold patch has every filesystem'\''s signature change, nothing else' '
	P=$(ls patches-out/vfs-fold/v1/*.patch) &&
	grep "^Subject: \[PATCH\] VFS: convert the callers for the d_alloc_parallel()" $P &&
	grep "^diff --git a/fs/bar/readdir.c" $P &&
	grep "^diff --git a/fs/foo/dir.c" $P &&
	! grep "new_helper" $P
'

test_expect_success_with_scripts 'To/Cc come from the tree'\''s get_maintainer.pl, fsdevel always' '
	C=patches-out/foo/v1/0000-cover-letter.patch &&
	sed -n "/^To:/,/^Subject:/p;/^Cc:/,/^$/p" $C >hdr &&
	grep "Fiona Foo <fiona@foo.example.org>" hdr &&
	grep "foo-devel@lists.example.org" hdr &&
	grep "Rita Review <rita@review.example.org>" hdr &&
	grep "linux-fsdevel@vger.kernel.org" hdr &&
	grep "^to Fiona Foo <fiona@foo.example.org>$" patches-out/foo/v1/manifest &&
	grep "^to Vera Vfs <vera@vfs.example.org>$" patches-out/vfs-fold/v1/manifest &&
	grep "^cc Bob Bar <bob@bar.example.org>$" patches-out/vfs-fold/v1/manifest
'

test_expect_success_with_scripts 'checkpatch ran on every patch and found no error' '
	grep "^checkpatch-errors 0$" patches-out/foo/v1/manifest &&
	grep "^stage	handoff	ok	v1: 2 patch(es)$" cache/k-*/results/foo
'

test_expect_success 'without the kernel scripts the hand-off warns and addresses fsdevel only' '
	KSRC= make_kernel nos &&
	fsconv_on nos -o out-nos run --no-verify --cocci rules foo >out 2>err &&
	grep "^fsconv: warning: foo: no scripts/get_maintainer.pl in .*: only linux-fsdevel@vger.kernel.org is addressed$" err &&
	grep "^fsconv: warning: foo: no scripts/checkpatch.pl in .*: the patches are not checked$" err &&
	! grep "^to " out-nos/foo/v1/manifest &&
	grep "^cc linux-fsdevel@vger.kernel.org$" out-nos/foo/v1/manifest &&
	grep "^Cc: linux-fsdevel@vger.kernel.org$" out-nos/foo/v1/0000-cover-letter.patch &&
	grep "^stage	handoff	ok	v1: 2 patch(es); needs-auto-to-cc: no scripts/get_maintainer.pl in the tree$" \
		cache/nos-*/results/foo
'

test_expect_success 'the user tree is byte-identical after a run' '
	tree_state k >state.after &&
	test_cmp state.before state.after
'

test_expect_success 'a second run writes no new version' '
	find patches-out/*/v* -type f | LC_ALL=C sort | xargs cksum >out.before &&
	fsconv_on k run --no-verify --cocci rules >out &&
	grep "^foo: .* (unchanged)$" out &&
	! grep "wrote" out &&
	find patches-out/*/v* -type f | LC_ALL=C sort | xargs cksum >out.after &&
	test_cmp out.before out.after &&
	grep "^stage	handoff	unchanged	v1 is up to date$" cache/k-*/results/foo
'

test_expect_success 'a changed rule makes v2 with a changelog and a range-diff; v1 stays' '
	find patches-out/foo/v1 -type f | LC_ALL=C sort | xargs cksum >v1.before &&
	sed -i "s/+ new_helper(D, I)/+ newer_helper(D, I)/" rules/old_helper.cocci &&
	fsconv_on k run --no-verify --cocci rules >out &&
	grep "^foo: wrote patches-out/foo/v2 (2 patch(es))$" out &&
	! grep "bar: wrote" out &&
	C=patches-out/foo/v2/v2-0000-cover-letter.patch &&
	grep "^Subject: \[PATCH v2 0/2\] foo: convert" $C &&
	grep "^Changes in v2:$" $C &&
	grep "^- \"foo: use new_helper() instead of old_helper()\": regenerated" $C &&
	grep "^Range-diff against v1:$" $C &&
	test -s patches-out/foo/v2/range-diff-v1.txt &&
	grep "newer_helper" patches-out/foo/v2/range-diff-v1.txt &&
	grep "^change-id: $(sed -n "s/^change-id //p" patches-out/foo/v1/manifest)$" $C &&
	find patches-out/foo/v1 -type f | LC_ALL=C sort | xargs cksum >v1.after &&
	test_cmp v1.before v1.after
'

test_expect_success 'send --dry-run prints the git send-email command, never sends' '
	fsconv_on k send --dry-run foo >cmd &&
	test_line_count = 1 cmd &&
	grep "^git send-email .*--cc=linux-fsdevel@vger.kernel.org patches-out/foo/v2/\*.patch$" cmd &&
	test_must_fail --code=2 fsconv_on k send foo 2>err &&
	grep "never sends mail" err &&
	test_must_fail --code=2 fsconv_on k send --dry-run nope 2>err &&
	grep "no series for .nope." err
'

test_expect_success_with_scripts 'send --dry-run quotes names for the shell' '
	fsconv_on k send --dry-run foo >cmd &&
	grep "^git send-email --to='\''Fiona Foo <fiona@foo.example.org>'\'' " cmd
'

test_expect_success 'REPORT.md: the summary table first, then the sites per filesystem' '
	sed -n 5,6p patches-out/REPORT.md >head &&
	printf "%s\n" "| fs | rules applied | sites converted | manual sites | plan | convert | verify | handoff | series |" \
		"|----|---------------|-----------------|--------------|------|---------|--------|---------|--------|" >expect &&
	test_cmp expect head &&
	grep "^| foo | 2 | 3 | 2 | ok | ok | - | ok | foo/v2 |$" patches-out/REPORT.md &&
	grep "^| bar | 1 | 1 | 1 | ok | ok | - | unchanged | bar/v1 |$" patches-out/REPORT.md &&
	! grep "^| baz |" patches-out/REPORT.md &&
	grep "^Nothing to convert or report (1): baz.$" patches-out/REPORT.md &&
	grep "^| (vfs-fold) | 0 | 0 | 0 | - | ok | - | " patches-out/REPORT.md &&
	grep "^- \`fs/bar/readdir.c:7:26\` d_alloc_parallel, WAITQUEUE_PARAM: parameter" patches-out/REPORT.md
'

test_expect_success 'report.json has the same facts, escaped' '
	grep "\"name\":\"foo\"" patches-out/report.json &&
	grep "\"message\":\"parameter '\''wq'\'' has no use left\"" patches-out/report.json &&
	grep "\"series\":\"foo/v2\"" patches-out/report.json &&
	grep -F "\"message\":\"a fixture site a \\\"human\\\" must convert\\\\ by hand\"" \
		patches-out/report.json &&
	tr -d "\n" <patches-out/report.json | grep "^{\"tree\":.*}$"
'

test_expect_success 'fsconv report rewrites the report from the results alone' '
	rm patches-out/REPORT.md patches-out/report.json &&
	fsconv_on k report &&
	grep "^| foo | 2 | 3 | 2 | ok | ok | - | ok | foo/v2 |$" patches-out/REPORT.md &&
	test -s patches-out/report.json
'

test_expect_success 'a failed conversion: exit 1, the earlier series intact, the report says so' '
	find patches-out/foo -path "*/log" -prune -o -type f -print | LC_ALL=C sort |
		xargs cksum >foo.before &&
	fake_spatch "[ -e fs/foo ] && kill -SEGV \$\$" &&
	test_must_fail --code=1 env PATH="$TRASH/fake:$PATH" "$FSCONV" \
		--tree k --fstable "$FIXTURE_TABLE" -q run --no-verify --cocci rules 2>err &&
	find patches-out/foo -path "*/log" -prune -o -type f -print | LC_ALL=C sort |
		xargs cksum >foo.after &&
	test_cmp foo.before foo.after &&
	grep "^| foo | .* | failed | - | skipped | - |$" patches-out/REPORT.md
'

test_expect_success 'SIGINT leaves no half-written output' '
	fsconv_on k -q run --no-verify --cocci rules &&
	cp patches-out/REPORT.md report.before &&
	fake_spatch "touch \"$TRASH/started\"; exec sleep 30" &&
	sed -i "s/+ newer_helper(D, I)/+ newest_helper(D, I)/" rules/old_helper.cocci &&
	rm -f started &&
	(PATH="$TRASH/fake:$PATH" env --default-signal=INT "$FSCONV" --tree k \
		--fstable "$FIXTURE_TABLE" -q run --no-verify --cocci rules >/dev/null 2>&1 &
	 echo $! >pid; wait $!; echo $? >rc) &
	i=0 &&
	while ! test -e started && test $i -lt 100; do
		sleep 0.2 && i=$((i + 1))
	done &&
	test -e started &&
	kill -INT $(cat pid) &&
	wait &&
	echo 130 >expect &&
	test_cmp expect rc &&
	! ls -a patches-out/foo | grep "tmp" &&
	! test -e patches-out/foo/v3 &&
	test_cmp report.before patches-out/REPORT.md &&
	! ls cache/k-*/work/* 2>/dev/null &&
	! ls patches-out/*.tmp.* 2>/dev/null
'

test_expect_success 'checkpatch warnings are recorded, not a failed series' '
	KSRC= make_kernel warns &&
	(
		cd warns &&
		printf "%s\n" "#!/usr/bin/perl" \
			"print \"fs/foo/foo.c:1: WARNING: LONG_LINE: fake finding\\n\";" \
			"exit 1;" >scripts/checkpatch.pl &&
		git add scripts/checkpatch.pl &&
		git commit -q -m "fake checkpatch"
	) &&
	fsconv_on warns -o out-warns run --no-verify --cocci rules foo >out 2>err &&
	test -d out-warns/foo/v1 &&
	! test -d out-warns/foo/failed &&
	grep "^checkpatch-errors 0$" out-warns/foo/v1/manifest &&
	grep "WARNING: LONG_LINE: fake finding" out-warns/foo/v1/checkpatch.txt
'

test_done
