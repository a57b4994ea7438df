#!/bin/sh
test_description='run: the verification step between convert and hand-off, as the results file carries it'
. "$(dirname "$0")/test-lib.sh"
. "$FSCONV_ROOT/tests/fixtures/lib-kernel.sh"

# The fixture tree is no kernel tree verify_run() could build, so the
# runs here pass --no-verify and the verification's part of the results
# file is written the way run_verify() writes it; what is tested is that
# report and hand-off carry it and never run anything themselves.
NOTE="Compile-tested on x86_64 defconfig plus CONFIG_FOO_FS (fs/foo/dir.o; before: base, as the tree as given does not compile it without this series): compiles, no new error or warning; sparse -Wcontext: no new context imbalance; clang lock analysis: no new finding (C6 in foo_lookup gone)."

results_of() {
	echo cache/k-*/results/$1
}

test_expect_success 'run --help documents --no-verify' '
	{ fsconv run --help >out 2>&1 || :; } &&
	grep -- "--no-verify" out
'

test_expect_success 'setup: fixture tree, rules, a run without verification' '
	make_kernel "$TRASH/k" &&
	cp -R "$FIXTURE_COCCI" "$TRASH/rules" &&
	fsconv_on k run --no-verify --cocci rules >run1.out 2>run1.err &&
	test -f $(results_of foo)
'

test_expect_success '--no-verify: no verify stage, no paragraph' '
	grep "^| foo | 2 | 3 | 2 | ok | ok | - | ok | foo/v1 |$" patches-out/REPORT.md &&
	! grep "^### Verification" patches-out/REPORT.md &&
	! grep "Compile-tested" patches-out/foo/v1/0000-cover-letter.patch &&
	grep "\"verification\":{\"note\":null,\"report\":\[\]}" patches-out/report.json
'

test_expect_success 'a verified filesystem: the cover letter, REPORT.md and report.json say what verify said' '
	R=$(results_of foo) &&
	printf "stage\tverify\tok\t1 object(s) compile, no new finding\n" >>$R &&
	printf "verify\t== foo: after fsconv/foo, 1 file touched\n" >>$R &&
	printf "verify\t  compile fs/foo/dir.o: before: base (as given it does not compile: x); after: compiles\n" >>$R &&
	printf "verify\tfoo: ok\n" >>$R &&
	printf "verify_note\t%s\n" "$NOTE" >>$R &&
	fsconv_on k handoff foo >out &&
	C=$(ls patches-out/foo/v2/*cover-letter.patch) &&
	tr "\n" " " <$C >flat &&
	grep -F "$NOTE" flat &&
	fsconv_on k report &&
	grep "^| foo | 2 | 3 | 2 | ok | ok | ok | " patches-out/REPORT.md &&
	grep "^### Verification$" patches-out/REPORT.md &&
	grep -F "$NOTE" patches-out/REPORT.md &&
	grep -F "  compile fs/foo/dir.o: before: base" patches-out/REPORT.md &&
	grep -F "\"verify\":{\"status\":\"ok\"" patches-out/report.json &&
	grep -F "\"note\":\"Compile-tested on x86_64" patches-out/report.json &&
	grep -F "\"report\":[\"== foo: after fsconv/foo, 1 file touched\"" patches-out/report.json
'

test_expect_success 'a filesystem that does not compile: no new series, the report says failed' '
	R=$(results_of foo) &&
	ls patches-out/foo >series.before &&
	sed -i "/^stage\tverify\t/d; /^verify/d" $R &&
	printf "stage\tverify\tfailed\t1 object(s) do not compile after the conversion\n" >>$R &&
	printf "verify_note\tCompile-tested on x86_64 defconfig (fs/foo/dir.o; before: HEAD): 1 object DOES NOT COMPILE after it.\n" >>$R &&
	test_must_fail --code=1 fsconv_on k report &&
	grep "^| foo | 2 | 3 | 2 | ok | ok | failed | " patches-out/REPORT.md &&
	fsconv_on k handoff foo >out &&
	{ fsconv_on k report || :; } &&
	grep "^| foo | 2 | 3 | 2 | ok | ok | failed | skipped | - |$" patches-out/REPORT.md &&
	grep "^- handoff: skipped: verification failed: 1 object(s) do not compile" patches-out/REPORT.md &&
	ls patches-out/foo >series.after &&
	test_cmp series.before series.after
'

test_expect_success 'convert again forgets the verification of the earlier branch' '
	sed -i "s/+ newer_helper(D, I)/+ newest_helper(D, I)/" rules/old_helper.cocci &&
	fsconv_on k run --no-verify --force --cocci rules >out 2>err &&
	! grep "^stage	verify" $(results_of foo) &&
	! grep "^verify" $(results_of foo)
'

test_done
