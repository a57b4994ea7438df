#!/bin/sh
test_description='fsconv audit on the fakefs fixture (tests/audit)'
. "$(dirname "$0")/test-lib.sh"

FIXTURE="$FSCONV_ROOT/tests/audit/tree"

# audit fakefs, every site listed; the exit status goes to ./rc
audit() {
	fsconv --tree "$FIXTURE" -v audit --path fs/fakefs "$@" >out 2>err
	echo $? >rc
}

# has 'line fragment': the text report has a line with this in it
has() {
	grep -F -e "$1" out >/dev/null && return 0
	echo "no line with: $1" >&2
	cat out >&2
	return 1
}

test_expect_success 'MISSED sites make the audit exit 1' '
	audit --json audit.json &&
	test "$(cat rc)" = 1 &&
	has "Total: 5 MISSED, 5 human, 1 manual, 11 converted, 0 pending, 6 unaffected, 1 inactive; 5 lint."
'

test_expect_success 'nothing MISSED and no lint: exit 0 (a file as the filesystem)' '
	fsconv --tree "$FIXTURE" -v audit --path fs/fakefs/super.c >out &&
	has "### fakefs/super.c" &&
	has "Total: 0 MISSED, 0 human, 0 manual, 0 converted, 0 pending, 1 unaffected, 0 inactive; 0 lint."
'

test_expect_success 'the roots: initializers, a run-time assignment, run-time table choice' '
	audit &&
	has "Roots: fakefs_lookup, fakefs_ci_lookup, fakefs_dyn_lookup, fakefs_stacked_lookup, fakefs_parent_lookup (->lookup); fakefs_atomic_open (->atomic_open); fakefs_proc_readdir, fakefs_readdir, fakefs_readdir_ci, fakefs_walk_readdir (->iterate_shared)."
'

test_expect_success 'a site reached only through a helper in a second file' '
	audit &&
	has "- MISSED R5 fs/fakefs/other.c:11:9 \`d_add_ci(dentry, NULL, &ci)\` in fakefs_ci_slow, under ->lookup (fakefs_ci_lookup > fakefs_ci_slow): needs the ->lookup flags as 4th argument" &&
	has "- MISSED R2 fs/fakefs/other.c:20:7 \`d_alloc_parallel(parent, name)\` in fakefs_prime, under ->iterate_shared (fakefs_readdir > fakefs_prime)" &&
	has "- MISSED R2 fs/fakefs/other.c:17:21 \`d_lookup(parent, name)\` in fakefs_prime, under ->iterate_shared (fakefs_readdir > fakefs_prime): priming with d_lookup + d_alloc_parallel"
'

test_expect_success 'a site reached only through a function pointer table' '
	audit &&
	has "- human R9 fs/fakefs/readdir.c:11:21 \`lookup_one_len(name, parent, len)\` in fakefs_fill_one, under ->iterate_shared (fakefs_readdir > fakefs_fill_ops.fill > fakefs_fill_one)"
'

test_expect_success 'a site behind an #ifdef the configuration enables, and one it leaves out' '
	audit &&
	has "- MISSED R4 fs/fakefs/dir.c:71:22 \`d_alloc(old->d_parent, &old->d_name)\` in fakefs_whiteout: d_alloc(D->d_parent, &D->d_name) duplicates a name: use d_duplicate(D)" &&
	has "- inactive fs/fakefs/dir.c:84:2 \`d_alloc_parallel(d->d_parent, &d->d_name, NULL)\`"
'

test_expect_success 'converted sites, human sites, a site no rule handles' '
	audit &&
	has "- converted R5 fs/fakefs/dir.c:13:9 \`d_add_ci(dentry, NULL, &ci, flags)\` in fakefs_lookup, under ->lookup (fakefs_lookup)" &&
	has "- converted R2 fs/fakefs/readdir.c:35:21 \`d_alloc_noblock(parent, name)\` in fakefs_prime_noblock, under ->iterate_shared (fakefs_readdir_ci > fakefs_prime_noblock)" &&
	has "- human R8 fs/fakefs/dir.c:29:23 \`d_alloc_parallel(dentry->d_parent, &dentry->d_name)\` in fakefs_atomic_open, under ->atomic_open" &&
	has "- human R6 fs/fakefs/dir.c:53:25 \`lookup_one_len(\"other\", dentry->d_parent, 5)\` in fakefs_dyn_lookup, under ->lookup (fakefs_dyn_lookup)" &&
	has "- human R3 fs/fakefs/readdir.c:50:2 \`dir->i_op->lookup(dir, file->f_dentry, 0)\` in fakefs_readdir_ci, under ->iterate_shared" &&
	has "- unaffected fs/fakefs/super.c:8:21 \`d_alloc_name(root, \"lost+found\")\` in fakefs_fill_super: not under a parent lock"
'

test_expect_success 'the procfs template waits unlocked (R3); the same wait locked is MISSED' '
	audit &&
	has "- converted R3 fs/fakefs/procfill.c:21:11 \`d_alloc_parallel(dir, name)\` in fakefs_proc_fill, under ->iterate_shared (fakefs_proc_readdir > fakefs_proc_fill): waits with the directory unlocked" &&
	has "- MISSED R2 fs/fakefs/procfill.c:31:9 \`d_alloc_parallel(file->f_dentry, name)\` in fakefs_proc_fill_locked"
'

test_expect_success 'the directory a lookup is in: a walk from the root, a lower layer, the parent' '
	audit &&
	has "- manual C6 fs/fakefs/walk.c:24:11 \`lookup_one_len(p, dentry, s - p)\` in fakefs_path_walk, under ->iterate_shared (fakefs_walk_readdir > fakefs_path_walk): a walk down from the filesystem root" &&
	has "- unaffected fs/fakefs/walk.c:43:9 \`lookup_one_len(dentry->d_name.name, fakefs_sbi.lower_root, dentry->d_name.len)\` in fakefs_stacked_lookup, under ->lookup (fakefs_stacked_lookup): a lookup on the ->lookup path, in a directory other than the locked parent" &&
	has "- human R6 fs/fakefs/walk.c:54:9 \`lookup_one_len(\"x\", parent, 1)\` in fakefs_parent_lookup, under ->lookup (fakefs_parent_lookup): a nested lookup on the ->lookup path (C6)"
'

test_expect_success 'lint: each bad case is flagged, no good twin is' '
	audit &&
	grep "^- lint " out >lint &&
	test_line_count = 5 lint &&
	has "- lint C4 fs/fakefs/lint.c:15:6 in lint_dup_bad: '\''x'\'' from d_duplicate() (line 13) is tested only for NULL; it returns an ERR_PTR on failure" &&
	has "- lint C4 fs/fakefs/lint.c:38:6 in lint_alloc_bad: '\''x'\'' from d_alloc() is tested only with IS_ERR(); it returns NULL on failure" &&
	has "- lint C3 fs/fakefs/lint.c:63:2 in lint_done_bad: '\''x'\'' from d_alloc_noblock() (line 59) may be in-lookup and reaches dput() without d_lookup_done()" &&
	has "- lint C3 fs/fakefs/lint.c:85:2 in lint_inst_bad: '\''x'\'' from d_duplicate() (line 81) may be in-lookup and reaches d_instantiate() without d_lookup_done()" &&
	has "- lint C4 fs/fakefs/lint.c:124:6 in lint_try_bad: '\''x'\'' from try_lookup_noperm() (line 122) is tested only for NULL" &&
	! grep "_good" lint
'

test_expect_success 'a report line makes a site manual' '
	cat >reports <<-\EOF &&
	# convert stage, fakefs
	fs/fakefs/dir.c:29:23: MANUAL_CONVERSION: ->atomic_open allocates a second dentry (R8)

	fs/fakefs/super.c:1:1: NOTHING_HERE: covers no site
	EOF
	audit --reports reports &&
	has "- manual R8 fs/fakefs/dir.c:29:23 \`d_alloc_parallel(dentry->d_parent, &dentry->d_name)\` in fakefs_atomic_open, under ->atomic_open (fakefs_atomic_open): allocates a second dentry in ->atomic_open; covered by: fs/fakefs/dir.c:29:23: MANUAL_CONVERSION: ->atomic_open allocates a second dentry (R8)" &&
	has "Total: 5 MISSED, 4 human, 2 manual,"
'

test_expect_success 'a report line anywhere in the function covers a human site, not a MISSED one' '
	cat >reports <<-EOF &&
	$FIXTURE/fs/fakefs/readdir.c:48:2: MANUAL_CONVERSION: readdir calls ->lookup
	fs/fakefs/other.c:22:3: MANUAL_CONVERSION: not on the MISSED line
	EOF
	audit --reports reports &&
	has "- manual R3 fs/fakefs/readdir.c:50:2" &&
	has "- MISSED R2 fs/fakefs/other.c:20:7"
'

test_expect_success 'the convert stage'\''s results files, a directory of them' '
	mkdir results &&
	printf "fsconv-results 1\nfs\tfakefs\nmanual\tR6\tfs/fakefs/dir.c:fakefs_dyn_lookup\t0\t0\tFSTABLE_MANUAL\ta nested lookup\nmanual\td_alloc_parallel\tfs/fakefs/dir.c\t29\t23\tMANUAL_ATOMIC_OPEN\tsecond dentry\nconverted\td_add_ci\tfs/fakefs/dir.c\t13\t0\tCONVERTED\t\n" >results/fakefs &&
	printf "fs/fakefs/readdir.c:50:2: WARNING: MANUAL_LOOKUP: ->lookup in readdir\n" >results/more &&
	audit --reports results &&
	has "- manual R6 fs/fakefs/dir.c:53:25 \`lookup_one_len(\"other\", dentry->d_parent, 5)\` in fakefs_dyn_lookup, under ->lookup (fakefs_dyn_lookup): a nested lookup on the ->lookup path (C6); covered by: fs/fakefs/dir.c:fakefs_dyn_lookup:0:0: FSTABLE_MANUAL: a nested lookup" &&
	has "- manual R8 fs/fakefs/dir.c:29:23" &&
	has "covered by: fs/fakefs/readdir.c:50:2: MANUAL_LOOKUP: ->lookup in readdir" &&
	has "Total: 5 MISSED, 2 human, 4 manual,"
'

test_expect_success 'a malformed report line is an error naming file and line, exit 2' '
	printf "fs/fakefs/dir.c:29:23: OK: fine\nfs/fakefs/dir.c:29: no column\n" >bad &&
	test_must_fail --code=2 fsconv --tree "$FIXTURE" audit --path fs/fakefs --reports bad 2>err &&
	grep "bad:2: not a report line" err &&
	test_must_fail --code=2 fsconv --tree "$FIXTURE" audit --path fs/fakefs --reports missing 2>err &&
	grep "cannot read report file '\''missing'\''" err
'

test_expect_success 'JSON: every site and finding, strings escaped' '
	audit --json audit.json &&
	test_line_count = 1 audit.json &&
	grep -q "^{\"tree\":\"[^\"]*tests/audit/tree\",\"api\":{\"api\":\"v4\"," audit.json &&
	grep -q -F "{\"status\":\"MISSED\",\"rule\":\"R5\",\"call\":\"d_add_ci\",\"args\":3,\"file\":\"fs/fakefs/other.c\",\"line\":11,\"col\":9,\"function\":\"fakefs_ci_slow\",\"text\":\"d_add_ci(dentry, NULL, &ci)\",\"under\":{\"lookup\":\"fakefs_ci_lookup > fakefs_ci_slow\"}" audit.json &&
	grep -q -F "\"text\":\"d_alloc_name(root, \\\"lost+found\\\")\"" audit.json &&
	grep -q -F "{\"status\":\"inactive\",\"rule\":null,\"call\":\"d_alloc_parallel\",\"args\":3," audit.json &&
	grep -q -F "\"message\":\"'\''x'\'' from d_duplicate() (line 13) is tested only for NULL; it returns an ERR_PTR on failure\"}" audit.json &&
	grep -q "\"summary\":{\"MISSED\":5,\"human\":5,\"manual\":1,\"converted\":11,\"pending\":0,\"unaffected\":6,\"inactive\":1,\"lint\":5}}$" audit.json &&
	test $(grep -o "{\"status\":" audit.json | wc -l) = 29
'

test_expect_success 'filesystems by name from the table, with its manual: entries' '
	cat >table.yaml <<-\EOF &&
	version: 1
	filesystems:
	  - name: fakefs
	    paths: [fs/fakefs]
	    prefix: "fakefs:"
	    kconfig: [CONFIG_FAKEFS_FS]
	    manual:
	      - where: fs/fakefs/readdir.c:fakefs_fill_one
	        rule: R9
	        reason: a full lookup in a callback of readdir
	      - where: fs/fakefs/super.c:fakefs_fill_super
	        rule: R9
	        reason: runs under a lock the call graph cannot see
	EOF
	fsconv --tree "$FIXTURE" --fstable table.yaml -v audit fakefs >out;
	test $? = 1 &&
	has "### fakefs" &&
	has "- manual R9 fs/fakefs/readdir.c:11:21 \`lookup_one_len(name, parent, len)\` in fakefs_fill_one" &&
	has "covered by: fstable: fs/fakefs/readdir.c:fakefs_fill_one (R9): a full lookup in a callback of readdir" &&
	has "- manual R9 fs/fakefs/super.c:8:21 \`d_alloc_name(root, \"lost+found\")\` in fakefs_fill_super: in a function the table leaves to a human; covered by: fstable: fs/fakefs/super.c:fakefs_fill_super (R9)" &&
	test_must_fail --code=2 fsconv --tree "$FIXTURE" --fstable table.yaml audit nosuchfs 2>err &&
	grep nosuchfs err
'

test_expect_success 'a saved kbuild command line gives the flags, gcc-only flags dropped' '
	mkdir -p obj/fs/fakefs &&
	cat >obj/fs/fakefs/.dir.o.cmd <<-EOF &&
	savedcmd_fs/fakefs/dir.o := gcc -Wp,-MMD,fs/fakefs/.dir.o.d -nostdinc -I$FIXTURE/include -I./include -D__KERNEL__ -mindirect-branch=thunk-extern -fconserve-stack -fno-allow-store-data-races -Wimplicit-fallthrough=5 -DCONFIG_FAKEFS_NEVER=1 -DKBUILD_MODFILE='\''"fs/fakefs/fakefs"'\'' -DKBUILD_BASENAME='\''"dir"'\'' -DKBUILD_MODNAME='\''"fakefs"'\'' -c -o fs/fakefs/dir.o $FIXTURE/fs/fakefs/dir.c

	source_fs/fakefs/dir.o := $FIXTURE/fs/fakefs/dir.c
	EOF
	audit --obj obj --diag &&
	has "- MISSED R1 fs/fakefs/dir.c:84:2 \`d_alloc_parallel(d->d_parent, &d->d_name, NULL)\` in fakefs_never: still passes a wait queue (3 arguments)" &&
	! grep "CONFIG_FAKEFS_CI" obj/fs/fakefs/.dir.o.cmd &&
	! grep "fakefs_whiteout" out &&
	has "- MISSED R2 fs/fakefs/other.c:20:7"
'

test_expect_success 'a file that crashes the parser loses only its own sites' '
	FSCONV_TEST_AUDIT_CRASH=fs/fakefs/lint.c fsconv --tree "$FIXTURE" -j 1 \
		-v audit --path fs/fakefs >out 2>err;
	test $? = 1 &&
	grep "warning: cannot parse '\''fs/fakefs/lint.c'\'' (killed by signal 9); its sites are missing" err &&
	test_line_count = 1 err &&
	has "(1 files could not be parsed)" &&
	has "- converted R5 fs/fakefs/dir.c:13:9" &&
	has "- MISSED R5 fs/fakefs/other.c:11:9" &&
	! grep "lint.c" out
'

# the census with a precompiled header must be the census without one
same_with_pch() {
	audit --no-pch "$@" && grep -v "files parsed in" out >without &&
	audit --pch-min 1 "$@" && grep -v "files parsed in" out >with &&
	grep "7 files parsed in .* s, 7 with precompiled headers made in" out &&
	test_cmp without with
}

test_expect_success 'a precompiled header changes nothing (generic flags)' '
	same_with_pch
'

test_expect_success 'a precompiled header changes nothing (saved command lines)' '
	for f in dir readdir other super lint walk procfill; do
		mkdir -p obj/fs/fakefs &&
		cat >obj/fs/fakefs/.$f.o.cmd <<-EOF || return 1
		savedcmd_fs/fakefs/$f.o := gcc -Wp,-MMD,fs/fakefs/.$f.o.d -nostdinc -I$FIXTURE/include -I./include -D__KERNEL__ -fconserve-stack -DCONFIG_FAKEFS_CI=1 -DKBUILD_BASENAME='\''"$f"'\'' -DKBUILD_MODNAME='\''"fakefs"'\'' -c -o fs/fakefs/$f.o $FIXTURE/fs/fakefs/$f.c
		EOF
	done &&
	same_with_pch --obj obj &&
	has "- MISSED R4 fs/fakefs/dir.c:71:22"
'


# ---- after `fsconv run`: the converted state, and the run's audit stage ----
# The pipeline fixture (tests/fixtures/kernel) as a git tree, plus a file
# where the fixture rules convert one site (R1) and leave another (R5) a
# line below the wait queue R1 deletes.
. "$FSCONV_ROOT/tests/fixtures/lib-kernel.sh"

results_of() {
	echo "$FSCONV_CACHE"/k-*/results/$1
}

test_expect_success 'setup: fixture tree, a run whose audit finds a MISSED site' '
	make_kernel "$TRASH/k" &&
	cat >k/fs/foo/extra.c <<-\EOF &&
	// SPDX-License-Identifier: GPL-2.0
	/* fixture: R1 converts the first site, nothing the second */
	#include <linux/dcache.h>
	/* what the fixture headers lack, so that the base parses */
	#define DECLARE_WAIT_QUEUE_HEAD_ONSTACK(name) int name

	struct dentry *foo_ci(struct dentry *parent, struct dentry *dentry,
			      struct inode *inode, struct qstr *name)
	{
		DECLARE_WAIT_QUEUE_HEAD_ONSTACK(wq);
		struct dentry *alias = d_alloc_parallel(parent, name, &wq);

		if (IS_ERR(alias))
			return alias;
		return d_add_ci(dentry, inode, name);
	}
	EOF
	git -C k add fs/foo/extra.c &&
	git -C k commit -q -m "foo: a case-insensitive helper" &&
	cp -R "$FIXTURE_COCCI" rules &&
	fsconv_on k run --no-verify --cocci rules >run.out 2>run.err;
	test $? = 1 &&
	grep "^foo: audit failed: 1 MISSED, 2 converted" run.out &&
	grep "^bar: audit warn: 0 MISSED, 1 converted, 1 lint$" run.out &&
	grep "^audit_state	fsconv/foo at [0-9a-f]\{12\} on [0-9a-f]\{12\}, 2 file(s) from the branch$" $(results_of foo) &&
	grep "^audit_count	MISSED	1$" $(results_of foo) &&
	grep "^stage	audit	failed	1 MISSED, 2 converted" $(results_of foo)
'

# has 'line fragment' in a file: grep -F with the file shown on failure
has_in() {
	grep -F -e "$1" "$2" >/dev/null && return 0
	echo "no line with: $1" >&2
	cat "$2" >&2
	return 1
}

test_expect_success 'audit after a run: a site the branch converted is converted, one it left is MISSED' '
	fsconv_on k audit foo bar --json a.json >out;
	test $? = 1 &&
	has_in "Audited: fsconv/foo at " out &&
	has_in "- converted R1 fs/foo/dir.c:10:11 \`d_alloc_parallel(parent, name)\` in foo_prime_dcache" out &&
	has_in "- converted R1 fs/foo/extra.c:10:24 \`d_alloc_parallel(parent, name)\` in foo_ci" out &&
	has_in "- MISSED R5 fs/foo/extra.c:14:8 \`d_add_ci(dentry, inode, name)\` in foo_ci: needs the ->lookup flags as 4th argument" out &&
	has_in "- converted R1 fs/bar/readdir.c:7:26 \`d_alloc_parallel(parent, name)\`" out &&
	has_in "Total: 1 MISSED, 0 human, 0 manual, 3 converted," out &&
	grep -q "{\"name\":\"foo\",\"state\":\"fsconv/foo at [0-9a-f]\{12\} on [0-9a-f]\{12\}, 2 file(s) from the branch\"," a.json
'

test_expect_success 'audit --on-disk: the tree as it is, every site still in the old form' '
	fsconv_on k audit --on-disk foo >out;
	test $? = 1 &&
	has_in "Audited: the tree on disk at " out &&
	has_in "(--on-disk)" out &&
	! grep "^- converted" out &&
	has_in "- MISSED R1 fs/foo/extra.c:11:24" out &&
	has_in "- MISSED R5 fs/foo/extra.c:15:8" out &&
	has_in "Total: 2 MISSED," out
'

test_expect_success 'the convert stage'\''s manual sites cover a site, on the lines of the branch tip' '
	R=$(results_of foo) &&
	cp $R results.saved &&
	printf "manual\td_alloc_parallel\tfs/foo/extra.c\t15\t8\tMANUAL_CI\td_add_ci() in a helper: thread the flags by hand\n" >>$R &&
	fsconv_on k audit foo >out;
	has_in "- manual R5 fs/foo/extra.c:14:8 \`d_add_ci(dentry, inode, name)\` in foo_ci: needs the ->lookup flags as 4th argument; covered by: fs/foo/extra.c:14:8: MANUAL_CI: d_add_ci() in a helper: thread the flags by hand" out &&
	has_in "Total: 0 MISSED, 0 human, 1 manual," out &&
	cp results.saved $R
'

test_expect_success 'REPORT.md and report.json carry the audit per filesystem' '
	has_in "Audit of 3 filesystem(s): 1 MISSED, 0 human, 0 manual, 3 converted, 0 pending, 0 unaffected, 0 inactive, 2 lint (MISSED in foo)." patches-out/REPORT.md &&
	has_in "- audit: failed: 1 MISSED, 2 converted, 1 lint" patches-out/REPORT.md &&
	has_in "### Audit" patches-out/REPORT.md &&
	has_in "- MISSED R5 fs/foo/extra.c:14:8" patches-out/REPORT.md &&
	has_in "| fs | rules applied | sites converted | manual sites | plan | convert | verify | handoff | series |" patches-out/REPORT.md &&
	has_in "\"audit\":{\"status\":\"failed\",\"message\":\"1 MISSED, 2 converted, 1 lint\"}" patches-out/report.json &&
	has_in "\"summary\":{\"MISSED\":1,\"human\":0,\"manual\":0,\"converted\":2," patches-out/report.json &&
	has_in "\"sites\":[\"MISSED R5 fs/foo/extra.c:14:8" patches-out/report.json
'

test_expect_success 'a warm re-run keeps the audit, and still exits 1' '
	fsconv_on k run --no-verify --cocci rules >run2.out 2>run2.err;
	test $? = 1 &&
	grep "^foo: audit unchanged (1 MISSED, 2 converted, 1 lint)$" run2.out &&
	grep "^bar: audit unchanged" run2.out &&
	fsconv_on k run --no-verify --no-audit --cocci rules >run3.out 2>&1 &&
	! grep "audit" run3.out
'

test_expect_success 'a rule that converts the site: the run audits the new branch, nothing MISSED' '
	cat >rules/d_add_ci.cocci <<-\EOF &&
	// SPDX-License-Identifier: GPL-2.0-only
	/// A fixture: d_add_ci() takes the lookup flags (0 here).
	//
	// Confidence: High
	// Options: --no-includes --include-headers
	// Keywords: d_add_ci

	virtual patch

	@depends on patch@
	expression D, I, N;
	@@
	  d_add_ci(D, I, N
	+   , 0
	  )
	EOF
	fsconv_on k run --no-verify --cocci rules >run4.out 2>run4.err ||
		{ cat run4.out run4.err; false; } &&
	grep "^foo: audit warn: 0 MISSED, 3 converted, 1 lint$" run4.out &&
	fsconv_on k audit foo >out;
	has_in "- converted R5 fs/foo/extra.c:14:8 \`d_add_ci(dentry, inode, name, 0)\`" out
'

test_expect_success 'a scratch repository without the branch: the tree on disk, and why' '
	S=$(scratch k) &&
	mv "$S" scratch.saved &&
	git clone -q --bare --shared k "$S" &&
	fsconv_on k audit foo >out;
	rm -rf "$S" && mv scratch.saved "$S" &&
	has_in "its branch is gone from the scratch repository: run fsconv run again" out &&
	has_in "- MISSED R1 fs/foo/extra.c:11:24" out
'

test_expect_success 'a tree whose HEAD moved since the run: the tree on disk, and why' '
	echo "/* later */" >>k/fs/baz/inode.c &&
	git -C k commit -q -a -m "baz: a later commit" &&
	fsconv_on k audit foo >out;
	has_in "Audited: the tree on disk at " out &&
	has_in "(fsconv run converted " out &&
	has_in ": run it again)." out &&
	has_in "- MISSED R1 fs/foo/extra.c:11:24" out
'

test_done
