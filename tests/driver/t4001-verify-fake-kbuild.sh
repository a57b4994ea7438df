#!/bin/sh
test_description='build and check-locks against a fake kbuild: states, fallback, deltas, reuse'
. "$(dirname "$0")/test-lib.sh"

# A tree whose Makefile speaks just enough of kbuild's interface (O=,
# defconfig, olddefconfig, prepare, single objects, C=2 CHECK=, quiet
# "  CC" and "  CHECK" lines, saved .cmd files) to drive the stages in
# seconds.  Its "series" changes an API so that fs/demo/dir.c only
# compiles at base, and three converted branches follow.
make_tree() {
	mkdir -p tree/scripts tree/include tree/fs/demo tree/fs/good \
		tree/fs/bad &&
	cp "$FSCONV_ROOT/tests/lock/kernel.h" tree/include/kernel.h &&
	cat >tree/Makefile <<\EOF &&
O ?= $(CURDIR)
CC_FLAGS = -Wall -I$(CURDIR)/include
.PHONY: defconfig olddefconfig prepare FORCE
defconfig:
	@mkdir -p $(O) && echo "# fake defconfig" >$(O)/.config
olddefconfig:
	@sed -i '/CONFIG_UNMET=/d' $(O)/.config
prepare:
	@echo prepared >>$(O)/prepare-runs
%.o: %.c FORCE
	@mkdir -p $(O)/$(@D)
	@echo "  CC      $@"
	@gcc $(CC_FLAGS) -c -o $(O)/$@ $(CURDIR)/$<
	@echo 'savedcmd_$@ := gcc $(CC_FLAGS) -c -o $@ $(CURDIR)/$<' >$(O)/$(@D)/.$(@F).cmd
	@if [ "$(C)" = 2 ]; then echo "  CHECK   $(CURDIR)/$<"; \
		$(CHECK) -I$(CURDIR)/include $(CURDIR)/$<; fi
FORCE:
EOF
	cat >tree/scripts/config <<-\EOF &&
	#!/bin/sh
	while [ $# -gt 0 ]; do
		case $1 in
		--file) f=$2 ;;
		--enable) echo "CONFIG_$2=y" >>"$f" ;;
		--disable) echo "# CONFIG_$2 is not set" >>"$f" ;;
		esac
		shift 2
	done
	EOF
	chmod +x tree/scripts/config &&
	cat >tree/fs/demo/dir.c <<-\EOF &&
	#include "kernel.h"

	struct dentry *demo_lookup(struct inode *dir, struct dentry *dentry,
				   unsigned int flags)
	{
		return d_splice_alias(NULL, dentry);
	}

	const struct inode_operations demo_iops = { .lookup = demo_lookup };
	EOF
	cp tree/fs/demo/dir.c tree/fs/good/dir.c &&
	cp tree/fs/demo/dir.c tree/fs/bad/dir.c &&
	sed -i "s/demo_/good_/g" tree/fs/good/dir.c &&
	sed -i "s/demo_/bad_/g" tree/fs/bad/dir.c &&
	(
		cd tree &&
		git init -q && git config user.email t@example.invalid &&
		git config user.name t && git add . &&
		git commit -q -m base && git tag base &&
		# the series: dir.c of demo no longer compiles
		echo "#define demo_lookup demo_lookup_changed_api" >>include/kernel.h &&
		echo "int demo_lookup_changed_api(void);" >>include/kernel.h &&
		git commit -q -am series &&
		git checkout -q -b fsconv/demo &&
		sed -i "s/demo_lookup/demo_lookup2/g" fs/demo/dir.c &&
		git commit -q -am "demo: follow the API" &&
		git checkout -q -b fsconv/good master &&
		sed -i "s/return d_splice_alias/return (void)flags, d_splice_alias/" fs/good/dir.c &&
		git commit -q -am "good: a harmless change" &&
		git checkout -q -b fsconv/bad master &&
		cat >fs/bad/dir.c <<-\EOF &&
		#include "kernel.h"

		struct dentry *bad_lookup(struct inode *dir, struct dentry *dentry,
					  unsigned int flags)
		{
			int unused;
			struct dentry *d;

			inode_unlock(dir);
			d = d_alloc_parallel(dentry->d_parent, &dentry->d_name);
			if (IS_ERR(d))
				return d;
			inode_lock(dir);
			return d;
		}

		const struct inode_operations bad_iops = { .lookup = bad_lookup };
		EOF
		git commit -q -am "bad: drops the lock, an unused variable" &&
		git checkout -q -b fsconv/broken master &&
		echo "int broken(void) { return undeclared; }" >>fs/good/dir.c &&
		git commit -q -am "broken" &&
		git checkout -q master
	) &&
	cat >fstable.yaml <<-\EOF
	version: 1
	filesystems:
	  - name: demo
	    paths: [fs/demo]
	    prefix: "demo:"
	    kconfig: [CONFIG_DEMO]
	  - name: good
	    paths: [fs/good]
	    prefix: "good:"
	    kconfig: [CONFIG_GOOD, CONFIG_UNMET]
	  - name: bad
	    paths: [fs/bad]
	    prefix: "bad:"
	    kconfig: [CONFIG_BAD]
	EOF
}

v() {
	fsconv --tree tree --fstable fstable.yaml -j 2 "$@" --build-dir b
}

test_expect_success 'setup: a fake kbuild tree with a series and conversions' '
	make_tree
'

test_expect_success 'build: a file the tree does not compile falls back to base' '
	v build demo >out &&
	grep "^  compile fs/demo/dir.o: before: base (as given it does not compile: .*demo_lookup_changed_api" out &&
	grep "after: compiles" out &&
	grep "^demo: ok$" out
'

test_expect_success 'build: prepare ran once and the O= directory is reused' '
	v build good >out &&
	grep "^# prepare: reused " out &&
	test_line_count = 1 b/*/obj-*/prepare-runs
'

test_expect_success 'build: symbols the config dropped are named' '
	grep "^# not in the configuration (unmet dependencies): UNMET$" out
'

test_expect_success 'build: a new warning fails the filesystem, exit 1' '
	test_must_fail --code=1 v build bad >out &&
	grep "new warning: fs/bad/dir.c:[0-9]*: bad_lookup: unused variable .unused." out &&
	grep "^bad: FAIL$" out
'

test_expect_success 'build: a conversion that does not compile fails, with its error' '
	test_must_fail --code=1 v build --after fsconv/broken good >out &&
	grep "after: DOES NOT COMPILE" out &&
	grep "new error: fs/good/dir.c:[0-9]*: broken: .undeclared. undeclared" out &&
	grep "^good: FAIL$" out
'

test_expect_success 'build: several filesystems share one after state' '
	v build demo good >out &&
	grep "^demo: ok$" out &&
	grep "^good: ok$" out &&
	grep "^# make after: .* for 2 objects$" out
'

test_expect_success 'build --after-dir: the converted state as a worktree holds it' '
	git -C tree worktree add -q --detach ../wt master &&
	sed -i "s/^{$/{ int stray;/" wt/fs/good/dir.c &&
	cp wt/fs/good/dir.c dir.c.before &&
	test_must_fail --code=1 v build --after-dir wt good >out &&
	grep "^== good: after .*/wt, 1 file touched$" out &&
	grep "new warning: fs/good/dir.c:[0-9]*: good_lookup: unused variable .stray." out &&
	test_cmp dir.c.before wt/fs/good/dir.c
'

test_expect_success 'check-locks: the new C1 of a conversion is reported by both checkers' '
	test_must_fail --code=1 v check-locks bad >out &&
	grep "new: fs/bad/dir.c:3: bad_lookup: C1: context imbalance - .* (sparse)" out &&
	grep "new: fs/bad/dir.c:9: bad_lookup: C2: releasing the parent lock using exclusive access, expected shared access" out &&
	grep "new: fs/bad/dir.c:12: bad_lookup: C1: returns without the parent lock" out &&
	grep "^bad: FAIL$" out
'

test_expect_success 'check-locks: a clean conversion has no new findings' '
	v check-locks good >out &&
	grep "sparse  fs/good/dir.c: 0 new, 0 gone" out &&
	grep "clang   fs/good/dir.c: 0 new, 0 gone" out
'

test_expect_success 'check-locks --path prints findings of the tree as given' '
	test_must_fail --code=1 v check-locks --before fsconv/bad --path fs/bad >out &&
	grep "^fs/bad/dir.c:12: bad_lookup: C1: returns without the parent lock" out &&
	grep "^# 3 findings in 1 checked file of 1$" out
'

test_expect_success 'the tree itself is never written' '
	(cd tree && git status --porcelain) >status &&
	test_line_count = 0 status
'

test_expect_success 'a tree that is not a git repository is a clean error' '
	mkdir plain && cp -r tree/fs plain/ &&
	test_must_fail --code=2 fsconv --tree plain --fstable fstable.yaml build --build-dir b demo 2>err &&
	grep "not a git repository" err
'

test_done
