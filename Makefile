# fsconv: convert Linux filesystems to the new directory-locking dcache API.
#
#   make            build ./fsconv
#   make run        install what is missing, build, make the reference tree,
#                   run every stage over every filesystem into patches-out/
#   make check      install what is missing, build, run every test
#   make tree       the reference tree only (API=merged for the 7.4 names)
#   make bench      speed and memory against `make coccicheck` and the floor
#
# KSRC=/path/to/linux points run at your own tree instead of the reference.
.POSIX:
.SUFFIXES:

CC       = gcc
CFLAGS   = -O2 -g
LLVM_CONFIG = llvm-config
PKG_CONFIG  = pkg-config

YAML_CFLAGS  = $$($(PKG_CONFIG) --cflags yaml-0.1)
YAML_LIBS    = $$($(PKG_CONFIG) --libs yaml-0.1)
CLANG_CFLAGS = -I$$($(LLVM_CONFIG) --includedir)
CLANG_LIBS   = -L$$($(LLVM_CONFIG) --libdir) -Wl,-rpath,$$($(LLVM_CONFIG) --libdir) -lclang

WARNINGS  = -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes -Wno-missing-field-initializers
ALL_CFLAGS = $(CFLAGS) -std=c11 $(WARNINGS) -MMD -MP \
	     $(YAML_CFLAGS) $(CLANG_CFLAGS)
LDLIBS    = $(YAML_LIBS) $(CLANG_LIBS)


API  = v4
TREE_v4 = build/linux-6.12
TREE_merged = build/linux-6.12-merged
KSRC = $(TREE_$(API))

-include local.mk

# every driver source except the one holding main(), so unit tests can link
LIB_OBJ = driver/util.o driver/spawn.o driver/options.o driver/tree.o \
	  driver/json.o driver/kparse.o driver/api.o driver/census.o driver/audit.o \
	  driver/fstable.o driver/fscheck.o driver/discover.o driver/jobs.o \
	  driver/boot.o driver/annotate.o driver/build.o driver/kbuild.o driver/locks.o \
	  driver/workspace.o driver/plan.o driver/convert.o driver/udiff.o \
	  driver/auditstage.o \
	  driver/handoff.o driver/series.o driver/vfsfold.o driver/results.o \
	  driver/report.o driver/verify.o driver/treefacts.o
OBJ     = driver/fsconv.o $(LIB_OBJ)

all: fsconv

fsconv: $(OBJ)
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) -o $@ $(OBJ) $(LDLIBS)

.SUFFIXES: .c .o
.c.o:
	@echo "  CC      $@"
	@$(CC) $(ALL_CFLAGS) -c -o $@ $<

-include $(OBJ:.o=.d)

# `fsconv --version` names the commit it was built from: version.h is
# rewritten on every make but replaced only when the description changed,
# so a moved HEAD rebuilds fsconv.o and nothing else.
driver/version.h: FORCE
	@v=$$(git describe --always --dirty 2>/dev/null || echo 0.1); \
	printf '#define FSCONV_VERSION "%s"\n' "$$v" >$@.tmp; \
	if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv -f $@.tmp $@; fi
driver/fsconv.o: driver/version.h
FORCE:

deps:
	@sh scripts/deps.sh

tree: deps
	@sh scripts/mktree.sh --api $(API) $(TREE_$(API))

# both reference trees: the v4 names and the names as merged for 7.4
trees: deps
	@sh scripts/mktree.sh --api v4 $(TREE_v4)
	@sh scripts/mktree.sh --api merged $(TREE_merged)

run: deps fsconv
	@if [ "$(KSRC)" = "$(TREE_$(API))" ]; then \
		sh scripts/mktree.sh --api $(API) $(TREE_$(API)); fi
	./fsconv --tree $(KSRC) run

check: deps fsconv trees
	@sh tests/run

# the runtime proof on the reference tree: before and after kernels under qemu.
# The before kernel (pristine 6.12) gets the fix for 6.12's own d_add_ci()
# use-after-return, a race its ascii-ci xfs phase can hit (see the patch).
boot-test: deps fsconv tree
	./fsconv --tree $(KSRC) boot-test \
		--before-patch tests/boot/before-6.12-d_add_ci-wait-queue.patch

# speed and memory against make coccicheck and the floor (never a timed test)
bench: deps fsconv tree
	@sh tests/bench/run-bench.sh

selfcheck: fsconv
	@for f in driver/*.c; do \
		sparse -Wsparse-all -Wno-declaration-after-statement \
		$(YAML_CFLAGS) $(CLANG_CFLAGS) $$f || exit 1; done

format:
	clang-format --style=file:$(TREE_v4)/.clang-format -i driver/*.[ch]

clean:
	rm -f fsconv driver/*.o driver/*.d driver/version.h
	rm -rf tests/unit/bin

distclean: clean
	rm -rf build

.PHONY: FORCE all deps tree trees run check boot-test bench selfcheck format clean distclean
