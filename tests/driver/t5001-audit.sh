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
	has "Total: 4 MISSED, 4 human, 0 manual, 9 converted, 0 pending, 5 unaffected, 1 inactive; 5 lint."
'

test_expect_success 'nothing MISSED and no lint: exit 0 (a file as the filesystem)' '
	fsconv --tree "$FIXTURE" -v audit --path fs/fakefs/super.c >out &&
	has "### fakefs/super.c" &&
	has "Total: 0 MISSED, 0 human, 0 manual, 0 converted, 0 pending, 1 unaffected, 0 inactive; 0 lint."
'

test_expect_success 'the roots: initializers, a run-time assignment, run-time table choice' '
	audit &&
	has "Roots: fakefs_lookup, fakefs_ci_lookup, fakefs_dyn_lookup (->lookup); fakefs_atomic_open (->atomic_open); fakefs_readdir, fakefs_readdir_ci (->iterate_shared)."
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
	has "Total: 4 MISSED, 3 human, 1 manual,"
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
	has "Total: 4 MISSED, 1 human, 3 manual,"
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
	grep -q "\"summary\":{\"MISSED\":4,\"human\":4,\"manual\":0,\"converted\":9,\"pending\":0,\"unaffected\":5,\"inactive\":1,\"lint\":5}}$" audit.json &&
	test $(grep -o "{\"status\":" audit.json | wc -l) = 23
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
	grep "5 files parsed in .* s, 5 with precompiled headers made in" out &&
	test_cmp without with
}

test_expect_success 'a precompiled header changes nothing (generic flags)' '
	same_with_pch
'

test_expect_success 'a precompiled header changes nothing (saved command lines)' '
	for f in dir readdir other super lint; do
		mkdir -p obj/fs/fakefs &&
		cat >obj/fs/fakefs/.$f.o.cmd <<-EOF || return 1
		savedcmd_fs/fakefs/$f.o := gcc -Wp,-MMD,fs/fakefs/.$f.o.d -nostdinc -I$FIXTURE/include -I./include -D__KERNEL__ -fconserve-stack -DCONFIG_FAKEFS_CI=1 -DKBUILD_BASENAME='\''"$f"'\'' -DKBUILD_MODNAME='\''"fakefs"'\'' -c -o fs/fakefs/$f.o $FIXTURE/fs/fakefs/$f.c
		EOF
	done &&
	same_with_pch --obj obj &&
	has "- MISSED R4 fs/fakefs/dir.c:71:22"
'

test_done
