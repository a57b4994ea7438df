#!/bin/sh
# run-bench.sh: issue 7's benchmark, `make bench`.  Not a test suite (it is
# deliberately not called `run`, so tests/run never times anything).
#
# On the reference tree (a clone of it: the tree itself is never touched,
# and a `make tree` meanwhile changes nothing), in one run, with the same
# rules and the same -j:
#   coccicheck  `make coccicheck MODE=patch COCCI=RULE M=fs/ J=$J` for every
#               rule, summed
#   convert     `fsconv convert` (the conversion stage alone) with an empty
#               FSCONV_CACHE: cold
#   floor       `git grep` of every rule's prefilter identifiers, plus one
#               spatch per rule (--jobs $J) over only the files that rule
#               changes (under coccicheck or fsconv): the limit for convert
#   warm        `fsconv run` again on the unchanged tree, cache kept (and,
#               when run verifies, `fsconv run --no-verify` too)
#   profile     one more cold convert with spatch wrapped in GNU time:
#               where fsconv's time goes, per rule and mode (not timed)
#   full        the whole pipeline: `fsconv run`, which converts, verifies
#               (compile, sparse, clang analysis), hands off and reports;
#               an fsconv whose run does not verify (no --no-verify) gets
#               `fsconv build --all` of its branches after it.  Cold (empty
#               cache and build directory), then with the build directory
#               kept (the cache emptied again)
# Each figure is the median of $RUNS runs (the cold full pipeline: of
# $COLD_RUNS); coccicheck, convert and floor runs are interleaved, so a
# change of load hits all three alike.  Peak RSS: GNU time (the largest
# process of the tree: spatch, or git) and, for fsconv alone, VmHWM read
# from /proc while it runs.  The table goes to stdout and is appended to
# tests/bench/RESULTS.md with the date, the machine and `git describe`.
#
# Environment:
#   RUNS=3          runs per figure
#   COLD_RUNS=1     runs of the cold full pipeline (a kernel build dir)
#   J=$(nproc)      parallel jobs for every runner
#   TREE=build/linux-6.12
#   RULES="..."     rule names (default: the cocci/*.cocci git tracks)
#   STEPS="coccicheck convert floor warm profile full"
#   FULL_VERIFY=1   0: never add `fsconv build --all` to the full pipeline
#   RESULTS=tests/bench/RESULTS.md   (RESULTS= : do not append)
#   BENCH_TMP=DIR   scratch directory (default: a new one under $TMPDIR)
#   KEEP=0          1: keep the scratch directory
set -u

prog=run-bench
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2

RUNS=${RUNS:-3}
COLD_RUNS=${COLD_RUNS:-1}
J=${J:-$(nproc)}
TREE=${TREE:-build/linux-6.12}
STEPS=${STEPS:-coccicheck convert floor warm profile full}
FULL_VERIFY=${FULL_VERIFY:-1}
RESULTS=${RESULTS-tests/bench/RESULTS.md}
KEEP=${KEEP:-0}
FSCONV=$top/fsconv

die() {
	echo "$prog: $*" >&2
	exit 2
}

say() {
	echo "# $*" >&2
}

has_step() {
	case " $STEPS " in *" $1 "*) return 0 ;; esac
	return 1
}

case $RUNS in '' | *[!0-9]* | 0) die "RUNS '$RUNS' is not a positive number" ;; esac
case $COLD_RUNS in '' | *[!0-9]* | 0) die "COLD_RUNS '$COLD_RUNS' is not a positive number" ;; esac
case $J in '' | *[!0-9]* | 0) die "J '$J' is not a positive number" ;; esac
for s in $STEPS; do
	case $s in
	coccicheck | convert | floor | warm | profile | full) ;;
	*) die "unknown step '$s' in STEPS" ;;
	esac
done
has_step floor && ! { has_step coccicheck && has_step convert; } &&
	die "STEPS: floor needs coccicheck and convert (it runs on the files they change)"
[ -x "$FSCONV" ] || die "'$FSCONV' is not built: run make"
[ -d "$TREE/.git" ] || die "'$TREE' is not a git tree: run make tree"
TREE=$(cd "$TREE" && pwd)
SPATCH=$(command -v spatch) || die "spatch not found: install coccinelle"
/usr/bin/time --version 2>&1 | grep -q GNU ||
	die "/usr/bin/time is not GNU time: install the Debian package 'time'"

if [ -n "${BENCH_TMP:-}" ]; then
	W=$BENCH_TMP
	mkdir -p "$W" || die "cannot create '$W'"
	[ -z "$(ls -A "$W")" ] || die "BENCH_TMP '$W' is not empty"
else
	W=$(mktemp -d "${TMPDIR:-/tmp}/fsconv-bench.XXXXXX") || die "mktemp failed"
fi
cleanup() {
	if [ "$KEEP" = 1 ]; then
		say "scratch directory kept: $W"
	else
		rm -rf "$W"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
mkdir -p "$W/data" "$W/bin" || die "cannot populate '$W'"

# ---- a snapshot of fsconv and its rules ----
#
# Others rebuild ./fsconv and edit cocci/ while this runs (and fsconv
# re-executes itself for the lock checkers): every fsconv run uses a copy
# of the binary in $W/home, with the chosen rules, fstable and lockcheck
# beside it, where fsconv_home() finds them.

if [ -z "${RULES:-}" ]; then
	RULES=$(git ls-files 'cocci/*.cocci' | sed 's|^cocci/||; s|\.cocci$||')
fi
[ -n "$RULES" ] || die "no rules"
mkdir -p "$W/home/cocci" || die "cannot populate '$W/home'"
for r in $RULES; do
	[ -f "cocci/$r.cocci" ] || die "no rule 'cocci/$r.cocci'"
	cp "cocci/$r.cocci" "$W/home/cocci/" || die "cannot copy cocci/$r.cocci"
done
cp cocci/README.md "$W/home/cocci/" || die "cannot copy cocci/README.md"
cp -R fstable lockcheck "$W/home/" || die "cannot copy fstable/, lockcheck/"
cp "$FSCONV" "$W/home/fsconv" || die "cannot copy '$FSCONV'"
FSCONV=$W/home/fsconv
fsconv_version=$("$FSCONV" --version 2>&1) || die "'$FSCONV --version' failed"
# since 5ea760f `fsconv run` verifies, in build/verify beside the binary
run_verifies=0
"$FSCONV" run --help 2>&1 | grep -q -- '--no-verify' && run_verifies=1
VERIFY_DIR=$W/home/build/verify
nrules=$(echo $RULES | wc -w)

# ---- measuring ----

# timed OUT ERR CMD...: T (wall seconds), C (CPU seconds, user and system,
# of the command and its children), M (KB, the largest process of the
# tree), RC; OUT and ERR take the command's output
timed() {
	_out=$1 _err=$2
	shift 2
	/usr/bin/time -f '%e %M %x %U %S' -o "$W/time" "$@" >"$_out" 2>"$_err"
	timeread
	H=-
}

timeread() {
	set -- $(tail -n 1 "$W/time")
	T=$1 M=$2 RC=$3
	C=$(awk -v u="$4" -v s="$5" 'BEGIN { print u + s }')
}

# sampled OUT ERR CMD...: timed, and H: the command's own VmHWM (KB),
# read every 50 ms while it runs (the command itself, not its children)
sampled() {
	_out=$1 _err=$2
	shift 2
	rm -f "$W/pid"
	/usr/bin/time -f '%e %M %x %U %S' -o "$W/time" \
		sh -c 'echo $$ >"$0.tmp" && mv "$0.tmp" "$0" && exec "$@"' \
		"$W/pid" "$@" >"$_out" 2>"$_err" &
	_tp=$! _pid= H=0
	while kill -0 "$_tp" 2>/dev/null; do
		[ -z "$_pid" ] && [ -s "$W/pid" ] && read -r _pid <"$W/pid"
		if [ -n "$_pid" ]; then
			{ while read -r _k _v _u; do
				[ "$_k" = VmHWM: ] && [ "$_v" -gt "$H" ] && H=$_v
			done <"/proc/$_pid/status"; } 2>/dev/null
		fi
		sleep 0.05
	done
	wait "$_tp"
	timeread
}

# record NAME: the last command's figures, one line per run in
# $W/data/NAME: wall s, largest RSS KB, own VmHWM KB, status, CPU s
record() {
	echo "$T $M ${H:--} $RC $C" >>"$W/data/$1"
}

# a sum of commands: acc_reset, acc_add after each, acc_record NAME
acc_reset() {
	_at=0 _am=0 _ah=- _arc=0 _ac=0
}

acc_add() {
	_at=$(awk -v a="$_at" -v b="$T" 'BEGIN { print a + b }')
	_ac=$(awk -v a="$_ac" -v b="$C" 'BEGIN { print a + b }')
	[ "$M" -gt "$_am" ] && _am=$M
	case ${H:--} in -) ;; *) { [ "$_ah" = - ] || [ "$H" -gt "$_ah" ]; } && _ah=$H ;; esac
	[ "$RC" -gt "$_arc" ] && _arc=$RC
}

acc_record() {
	echo "$_at $_am $_ah $_arc $_ac" >>"$W/data/$1"
}

# median NAME [FIELD]: of column FIELD (default 1) of $W/data/NAME
median() {
	[ -s "$W/data/$1" ] || { echo -; return; }
	awk -v f="${2:-1}" '{ print $f }' "$W/data/$1" | sort -g | awk '
		{ a[NR] = $1 }
		END { if (NR % 2) printf "%.2f\n", a[(NR + 1) / 2]
		      else printf "%.2f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

# maxof NAME FIELD: the largest value of a column
maxof() {
	[ -s "$W/data/$1" ] || { echo -; return; }
	awk -v f="$2" 'NR == 1 || $f > m { m = $f } END { print m }' "$W/data/$1"
}

count() {
	[ -s "$W/data/$1" ] && wc -l <"$W/data/$1" || echo 0
}

mb() {
	case $1 in -) echo - ;; *) awk -v k="$1" 'BEGIN { printf "%.0f MB\n", k / 1024 }' ;; esac
}

# fsc OUT ERR ARGS...: fsconv, sampled, with the benchmark's own cache
# ($CACHE), output directory and -j
fsc() {
	_o=$1 _e=$2
	shift 2
	sampled "$_o" "$_e" env FSCONV_CACHE="$CACHE" "$FSCONV" --tree "$TREE" \
		-o "$W/out" -j "$J" "$@"
}

loadavg() {
	cut -d' ' -f1-3 /proc/loadavg
}

# ---- a snapshot of the tree ----
#
# `make tree` may make the reference tree again meanwhile (a new one is
# renamed into place): fsconv works on a clone of it, coccicheck and the
# floor on a clone of that clone, all at one commit.  Plain local clones
# (hard-linked objects, not --shared): they must outlive the original.

SRC_TREE=$TREE
say "cloning $SRC_TREE"
git clone -q "$SRC_TREE" "$W/tree" || die "cannot clone '$SRC_TREE'"
TREE=$W/tree

load_start=$(loadavg)
say "scratch $W; rules: $(echo $RULES); RUNS=$RUNS J=$J; load $load_start"

# ---- the kernel's runner ----

if has_step coccicheck || has_step floor; then
	git clone -q "$TREE" "$W/k" || die "cannot clone '$TREE'"
fi

# one coccicheck run of every rule: per-rule times in data/cc-RULE
coccicheck_round() {
	acc_reset
	mkdir -p "$W/cc"
	for r in $RULES; do
		timed "$W/cc/$r.out" "$W/cc/$r.err" make -C "$W/k" coccicheck \
			MODE=patch COCCI="$W/home/cocci/$r.cocci" M=fs/ J="$J"
		[ "$RC" = 0 ] || die "coccicheck of rule '$r' failed (status $RC): $(tail -n 3 "$W/cc/$r.err")"
		record "cc-$r"
		acc_add
		# the files it changes: "+++ b/fs/xfs/xfs_iops.c"
		sed -n 's|^+++ b/||p' "$W/cc/$r.out" | sort -u >"$W/cc/$r.files"
	done
	acc_record coccicheck
	say "coccicheck: ${_at}s"
}

# ---- fsconv, conversion only, cold ----

# which files each rule changed, from the commits on fsconv/* (their
# messages name cocci/RULE.cocci): $W/fsconv/RULE.files
fsconv_files() {
	_git="git --git-dir=$(ls -d "$CACHE"/*/scratch.git)"
	rm -rf "$W/fsconv"
	mkdir -p "$W/fsconv"
	for r in $RULES; do : >"$W/fsconv/$r.files"; done
	for c in $($_git rev-list --branches='fsconv/*' --not refs/fsconv/base); do
		r=$($_git log -1 --format=%B "$c" |
			sed -n 's|.*cocci/\([A-Za-z0-9_]*\)\.cocci.*|\1|p' | head -n 1)
		[ -n "$r" ] || continue
		$_git diff-tree --no-commit-id --name-only -r "$c" >>"$W/fsconv/$r.files"
	done
	for r in $RULES; do
		sort -u -o "$W/fsconv/$r.files" "$W/fsconv/$r.files"
	done
}

convert_round() {
	CACHE=$W/cache-convert
	rm -rf "$CACHE" "$W/out"
	fsc "$W/convert.out" "$W/convert.err" convert
	# 1: a filesystem failed; the others were converted and timed
	[ "$RC" -le 1 ] || die "fsconv convert failed (status $RC): $(tail -n 3 "$W/convert.err")"
	record convert
	say "fsconv convert (cold): ${T}s"
}

# ---- the floor ----

# the identifiers a rule's patch mode is prefiltered on, as plan.c reads
# them: the rule's `// Keywords:`, else the backquoted words of its
# cocci/README.md "Prefilter" line before " also ", else its name
keywords() {
	_kw=$(sed -n 's|^// Keywords:||p' "$W/home/cocci/$1.cocci" | tr ',' ' ')
	if [ -z "$_kw" ]; then
		_kw=$(awk -v head="### $1.cocci" '
			index($0, head) == 1 { sec = 1; next }
			sec && !grab && /Prefilter/ { grab = 1; text = substr($0, index($0, "Prefilter")); next }
			grab && /^-/ { exit }
			grab { text = text " " $0 }
			END {
				if (i = index(text, " also "))
					text = substr(text, 1, i)
				while (match(text, /`[^`]*`/)) {
					print substr(text, RSTART + 1, RLENGTH - 2)
					text = substr(text, RSTART + RLENGTH)
				}
			}' "$W/home/cocci/README.md")
	fi
	echo "${_kw:-$1}"
}

# the floor's inputs, once: per rule the files it changes (either runner),
# copied as they are in the tree; the grep's arguments
floor_prepare() {
	rm -rf "$W/floor"
	mkdir -p "$W/floor"
	set -- grep -l -w -E -I
	for r in $RULES; do
		sort -u "$W/cc/$r.files" "$W/fsconv/$r.files" >"$W/floor/$r.files"
		while read -r f; do
			mkdir -p "$W/floor/$r/$(dirname "$f")"
			cp "$W/k/$f" "$W/floor/$r/$f" || die "cannot copy '$f'"
		done <"$W/floor/$r.files"
		for k in $(keywords "$r"); do
			set -- "$@" -e "$(echo "$k" | sed 's/\*$/[A-Za-z0-9_]*/')"
		done
	done
	set -- "$@" -- fs
	# fsconv also converts files outside fs/ (mm/shmem.c, include/...)
	for f in $(cat "$W/floor"/*.files | grep -v '^fs/' | sort -u); do
		set -- "$@" "$f"
	done
	printf '%s\n' "$@" >"$W/floor/grep.args"
}

floor_round() {
	acc_reset
	# the arguments, one a line: none holds a space; no globbing
	set -f
	timed "$W/floor/grep.out" "$W/floor/grep.err" \
		git -C "$W/k" $(cat "$W/floor/grep.args")
	set +f
	[ "$RC" -le 1 ] || die "git grep failed: $(cat "$W/floor/grep.err")"
	H=- RC=0
	record floor-grep
	acc_add
	for r in $RULES; do
		[ -s "$W/floor/$r.files" ] || continue
		_opt=$(sed -n 's|^// Options:||p' "$W/home/cocci/$r.cocci" | head -n 1)
		timed "$W/floor/$r.out" "$W/floor/$r.err" sh -c \
			'cd "$1" && shift && exec "$@"' sh "$W/floor/$r" \
			"$SPATCH" -D patch --very-quiet --sp-file "$W/home/cocci/$r.cocci" \
			$_opt --dir . --jobs "$J" --chunksize 1
		[ "$RC" = 0 ] || die "floor spatch of rule '$r' failed: $(tail -n 3 "$W/floor/$r.err")"
		H=-
		record "floor-$r"
		acc_add
	done
	acc_record floor
	say "floor: ${_at}s"
}

i=0
while [ "$i" -lt "$RUNS" ]; do
	i=$((i + 1))
	say "round $i of $RUNS"
	has_step coccicheck && coccicheck_round
	if has_step convert; then
		convert_round
		[ "$i" = 1 ] && fsconv_files
	fi
	if has_step floor; then
		[ "$i" = 1 ] && floor_prepare
		floor_round
	fi
done

# ---- warm: fsconv run again on the unchanged tree ----

if has_step warm; then
	CACHE=$W/cache-convert
	[ -d "$CACHE" ] || CACHE=$W/cache-warm
	# the first run fills what convert alone does not (handoff, report)
	fsc "$W/warm.out" "$W/warm.err" run
	[ "$RC" -le 1 ] || die "fsconv run failed (status $RC): $(tail -n 3 "$W/warm.err")"
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		i=$((i + 1))
		fsc "$W/warm.out" "$W/warm.err" run
		[ "$RC" -le 1 ] || die "fsconv run failed (status $RC): $(tail -n 3 "$W/warm.err")"
		grep -Eq '^\[[0-9]+/[0-9]+\] .*\((patch|report)\)$' "$W/warm.err" &&
			say "warning: the warm run started spatch jobs: $(grep -Ec '\((patch|report)\)$' "$W/warm.err")"
		record warm
		say "fsconv run (warm): ${T}s"
	done
	i=0
	while [ "$run_verifies" = 1 ] && [ "$i" -lt "$RUNS" ]; do
		i=$((i + 1))
		fsc "$W/warm-nv.out" "$W/warm-nv.err" run --no-verify
		[ "$RC" -le 1 ] || die "fsconv run --no-verify failed (status $RC): $(tail -n 3 "$W/warm-nv.err")"
		record warm-noverify
		say "fsconv run --no-verify (warm): ${T}s"
	done
fi

# ---- profile: where a cold convert's and a warm run's time goes ----

# warm_timeline STRACE: fsconv's children, as a table of start, duration
# and command, from `strace -f -tt -e trace=execve,clone,...` output
warm_timeline() {
	awk '
	function sec(t,  a) { split(t, a, ":"); return a[1] * 3600 + a[2] * 60 + a[3] }
	NR == 1 { root = $1 }
	{ t = sec($2) }
	$1 == root && $NF ~ /^[0-9]+$/ && /clone|fork/ { kid[$NF] = 1 }
	/ execve\(/ && !($1 in start) {
		start[$1] = t; s = $0
		sub(/^[^[]*\[/, "", s); sub(/\].*/, "", s); gsub(/"/, "", s); gsub(/, /, " ", s)
		cmd[$1] = s
	}
	/\+\+\+ (exited|killed)/ { end[$1] = t }
	END {
		t0 = start[root]
		for (p in kid)
			if ((p in start) && (p in end))
				printf "%.3f\t%.3f\t%s\n", start[p] - t0, end[p] - start[p], cmd[p]
		printf "%.3f\t0\t(exit)\n", end[root] - t0
	}' "$1" | sort -n | awk -F '\t' '
	# children, and the stretches between them that fsconv spends alone
	function gap(upto) {
		if (upto - done >= 0.1)
			printf "| %.2f | %.2f | (fsconv itself) |\n", done, upto - done
	}
	$3 == "(exit)" { gap($1); printf "| %.2f | | exit |\n", $1; next }
	{ gap($1)
	  if ($2 >= 0.05) printf "| %.2f | %.2f | `%s` |\n", $1, $2, substr($3, 1, 90)
	  if ($1 + $2 > done) done = $1 + $2 }'
}

if has_step profile && has_step warm && command -v strace >/dev/null; then
	CACHE=$W/cache-convert
	# seccomp-bpf: stop only at the traced calls (git status makes 90k)
	_bpf=
	strace --help 2>&1 | grep -q -- --seccomp-bpf && _bpf=--seccomp-bpf
	strace $_bpf -f -tt -s 48 -e trace=execve,clone,clone3,vfork,fork \
		-o "$W/warm.strace" env FSCONV_CACHE="$CACHE" "$FSCONV" \
		--tree "$TREE" -o "$W/out" -j "$J" run >"$W/warm-trace.out" 2>&1
	warm_timeline "$W/warm.strace" >"$W/warm.timeline"
fi

if has_step profile; then
	cat >"$W/bin/spatch" <<-EOF
	#!/bin/sh
	n=\$(find . -type f \\( -name '*.c' -o -name '*.h' \\) | wc -l)
	exec /usr/bin/time -a -o "$W/profile.log" -f "%e %M %U %S \$n \${PWD##*/} \$*" "$SPATCH" "\$@"
	EOF
	chmod +x "$W/bin/spatch"
	: >"$W/profile.log"
	CACHE=$W/cache-profile
	rm -rf "$CACHE" "$W/out"
	timed "$W/profile.out" "$W/profile.err" env PATH="$W/bin:$PATH" \
		FSCONV_CACHE="$CACHE" "$FSCONV" --tree "$TREE" -o "$W/out" \
		-j "$J" convert
	[ "$RC" -le 1 ] || die "fsconv convert (profile) failed: $(tail -n 3 "$W/profile.err")"
	H=-
	record profile
	say "profile run: ${T}s"
fi

# ---- the full pipeline ----

base_rev=$(git -C "$TREE" rev-parse -q --verify 'base^{commit}' 2>/dev/null)

# full NAME: fsconv run, then the compile and lock checks of its branches
full_round() {
	_name=$1
	rm -rf "$CACHE" "$W/out"
	acc_reset
	fsc "$W/full-run.out" "$W/full-run.err" run
	[ "$RC" -le 1 ] || die "fsconv run failed (status $RC): $(tail -n 3 "$W/full-run.err")"
	record "$_name-run"
	acc_add
	cp "$W/full-run.out" "$W/$_name-run.out"
	if [ "$FULL_VERIFY" = 1 ] && [ "$run_verifies" = 0 ]; then
		fsc "$W/full-build.out" "$W/full-build.err" build --all \
			--repo "$(ls -d "$CACHE"/*/scratch.git)" \
			--fallback "${base_rev:-none}" --build-dir "$VERIFY_DIR"
		[ "$RC" -le 1 ] || die "fsconv build --all failed (status $RC): $(tail -n 3 "$W/full-build.err")"
		record "$_name-build"
		cp "$W/full-build.out" "$W/$_name-build.out"
		acc_add
	fi
	acc_record "$_name"
	say "full pipeline ($_name): ${_at}s"
}

if has_step full; then
	CACHE=$W/cache-full
	i=0
	while [ "$i" -lt "$COLD_RUNS" ]; do
		i=$((i + 1))
		rm -rf "$VERIFY_DIR"
		full_round full-cold
	done
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		i=$((i + 1))
		full_round full-warm
	done
fi

load_end=$(loadavg)

# ---- the table ----

ratio() {
	case $1$2 in *-*) echo - ;; *) awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f\n", a / b; else print "-" }' ;; esac
}

# ratios NAME REF: "wall / CPU" of NAME's medians over REF's
ratios() {
	_w=$(ratio "$(median "$1")" "$(median "$2")")
	_c=$(ratio "$(median "$1" 5)" "$(median "$2" 5)")
	[ "$_w" = - ] && { echo -; return; }
	echo "$_w / $_c"
}

# met VALUE OP LIMIT
met() {
	case $1 in -) echo "not measured" ; return ;; esac
	if awk -v v="$1" -v l="$3" -v op="$2" 'BEGIN {
		exit !((op == "<" && v < l) || (op == "<=" && v <= l) || (op == ">=" && v >= l)) }'; then
		echo met
	else
		echo "**not met**"
	fi
}

cc=$(median coccicheck) fl=$(median floor) cv=$(median convert)
wm=$(median warm) fw=$(median full-warm)
conv_speed=$(ratio "$cc" "$cv")
conv_floor=$(ratio "$cv" "$fl")
own=$(for n in convert warm warm-noverify full-cold-run full-cold-build full-warm-run full-warm-build; do
	[ -s "$W/data/$n" ] && awk '$3 != "-" { print $3 }' "$W/data/$n"; done | sort -g | tail -n 1)
own=${own:--}
spatch_fs=-
[ -s "$W/profile.log" ] && spatch_fs=$(awk '$7 == "--sp-file" && $2 > m { m = $2 } END { print m + 0 }' "$W/profile.log")
if [ "$run_verifies" = 1 ]; then
	full_stages="fsconv run: convert, verify (compile, sparse, clang analysis), handoff (patch writing, checkpatch, get_maintainer), report"
else
	full_stages="fsconv run: convert, handoff, report"
	[ "$FULL_VERIFY" = 1 ] && full_stages="$full_stages; then fsconv build --all (compile, sparse, clang analysis)"
fi

row() {
	printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$@"
}

# rss NAME: "fsconv N MB, tree N MB" from the largest of every run
rss() {
	[ -s "$W/data/$1" ] || { echo -; return; }
	_h=$( [ -s "$W/data/$1" ] && awk '$3 != "-" { print $3 }' "$W/data/$1" | sort -g | tail -n 1)
	echo "fsconv $(mb "${_h:--}"), tree $(mb "$(maxof "$1" 2)")"
}

runs() {
	_n=$(count "$1")
	if [ "$_n" -gt 0 ] && [ "$_n" -lt 3 ]; then
		echo "$_n (long: fewer runs)"
	else
		echo "$_n"
	fi
}

table() {
	row "measure" "runs" "median wall s" "median CPU s" "÷ coccicheck (wall / CPU)" "÷ floor (wall / CPU)" "peak RSS" "target"
	row "---" "---:" "---:" "---:" "---:" "---:" "---" "---"
	row "1. coccicheck MODE=patch M=fs/ J=$J, $nrules rules summed" "$(count coccicheck)" \
		"$cc" "$(median coccicheck 5)" "1.00 / 1.00" "$(ratios coccicheck floor)" \
		"spatch $(mb "$(maxof coccicheck 2)")" ""
	row "4. floor: git grep + spatch on the changed files only" "$(count floor)" \
		"$fl" "$(median floor 5)" "$(ratios floor coccicheck)" "1.00 / 1.00" \
		"spatch $(mb "$(maxof floor 2)")" ""
	row "1. fsconv convert (conversion only), cold cache" "$(count convert)" \
		"$cv" "$(median convert 5)" "$(ratios convert coccicheck)" "$(ratios convert floor)" \
		"$(rss convert)" \
		"≥3x faster than coccicheck (${conv_speed}x): $(met "$conv_speed" '>=' 3); ≤1.5x floor: $(met "$conv_floor" '<=' 1.5)"
	row "2. fsconv run, warm, unchanged tree" "$(count warm)" "$wm" "$(median warm 5)" \
		"$(ratios warm coccicheck)" "$(ratios warm floor)" "$(rss warm)" \
		"< 2 s: $(met "$wm" '<' 2)"
	[ -s "$W/data/warm-noverify" ] &&
		row "2. (fsconv run --no-verify, warm: the same without verify)" "$(count warm-noverify)" \
			"$(median warm-noverify)" "$(median warm-noverify 5)" "$(ratios warm-noverify coccicheck)" \
			"$(ratios warm-noverify floor)" "$(rss warm-noverify)" "(< 2 s: $(met "$(median warm-noverify)" '<' 2))"
	row "3. full pipeline, cold cache and build dir" "$(runs full-cold)" \
		"$(median full-cold)" "$(median full-cold 5)" "$(ratios full-cold coccicheck)" \
		"$(ratios full-cold floor)" "$(rss full-cold-run)$( [ -s "$W/data/full-cold-build" ] && echo "; build: $(rss full-cold-build)")" ""
	row "3. full pipeline, warm build dir (cold cache)" "$(runs full-warm)" "$fw" \
		"$(median full-warm 5)" "$(ratios full-warm coccicheck)" "$(ratios full-warm floor)" \
		"$(rss full-warm-run)$( [ -s "$W/data/full-warm-build" ] && echo "; build: $(rss full-warm-build)")" \
		"< 600 s on 2 cores: $(met "$fw" '<' 600)$( [ "$J" != 2 ] && echo " (J=$J, not 2)")"
	row "fsconv's own RSS, largest of all runs" "" "" "" "" "" "$(mb "$own")" \
		"< 100 MB: $(met "$own" '<' 102400)"
	row "spatch RSS under fsconv (largest job)" "" "" "" "" "" "$(mb "$spatch_fs")" ""
}

# per-rule figures and the profile: where the time goes
details() {
	echo
	echo "Per rule (medians; files changed by coccicheck / fsconv / the floor's input):"
	echo
	row "rule" "coccicheck wall s" "coccicheck CPU s" "floor spatch wall s" "floor CPU s" "cc files" "fsconv files" "floor files"
	row "---" "---:" "---:" "---:" "---:" "---:" "---:" "---:"
	for r in $RULES; do
		row "$r" "$(median "cc-$r")" "$(median "cc-$r" 5)" \
			"$(median "floor-$r")" "$(median "floor-$r" 5)" \
			"$( [ -f "$W/cc/$r.files" ] && wc -l <"$W/cc/$r.files" || echo -)" \
			"$( [ -f "$W/fsconv/$r.files" ] && wc -l <"$W/fsconv/$r.files" || echo -)" \
			"$( [ -f "$W/floor/$r.files" ] && wc -l <"$W/floor/$r.files" || echo -)"
	done
	[ -s "$W/data/floor-grep" ] && echo && echo "Floor's git grep: $(median floor-grep) s."
	if [ -d "$W/cc" ] && [ -d "$W/fsconv" ]; then
		cat "$W/cc"/*.files | sort -u >"$W/cc.all"
		cat "$W/fsconv"/*.files | sort -u >"$W/fsconv.all"
		echo
		echo "Same job? Files changed: coccicheck $(wc -l <"$W/cc.all"), fsconv $(wc -l <"$W/fsconv.all"), both $(comm -12 "$W/cc.all" "$W/fsconv.all" | wc -l);" \
			"only coccicheck: $(comm -23 "$W/cc.all" "$W/fsconv.all" | tr '\n' ' ')-;" \
			"only fsconv: $(comm -13 "$W/cc.all" "$W/fsconv.all" | tr '\n' ' ')-."
		echo "fsconv also runs every rule in report mode; coccicheck MODE=patch and the floor do not."
	fi
	if [ -s "$W/profile.log" ]; then
		echo
		echo "Profile of one more cold \`fsconv convert\` ($(median profile) s wall, $(median profile 5) s CPU, J=$J), spatch jobs by rule and mode:"
		echo
		row "rule (mode)" "jobs" "files parsed" "spatch wall s, sum" "spatch CPU s" "longest job s" "max RSS" ""
		row "---" "---:" "---:" "---:" "---:" "---:" "---:" ""
		awk '$7 != "--sp-file" { next }
			{ rule = $8; sub(/.*\//, "", rule); sub(/\.cocci$/, "", rule); mode = ""
			  for (i = 9; i <= NF; i++)
				if ($i == "-D" && ($(i + 1) == "patch" || $(i + 1) == "report")) mode = $(i + 1)
			  k = rule " (" mode ")"; n[k]++; f[k] += $5; w[k] += $1; c[k] += $3 + $4
			  if ($1 > big[k]) big[k] = $1; if ($2 > m[k]) m[k] = $2
			  tw += $1; tc += $3 + $4; tn++; tf += $5 }
			END { for (k in n) printf "| %s | %d | %d | %.2f | %.2f | %.2f | %.0f MB | |\n", k, n[k], f[k], w[k], c[k], big[k], m[k] / 1024
			      printf "| all | %d | %d | %.2f | %.2f | | | |\n", tn, tf, tw, tc }' "$W/profile.log" |
			sort -t'|' -k2,2
	fi
	if [ -s "$W/warm.timeline" ]; then
		echo
		echo "One more warm \`fsconv run\`, under strace (several times slower: compare the shares, not the seconds), its children that took 0.05 s or more and the stretches of 0.1 s or more it spends alone:"
		echo
		echo "| start s | took s | what |"
		echo "| ---: | ---: | --- |"
		head -n 40 "$W/warm.timeline"
	fi
	echo
	echo "fsconv's exit status, largest of the runs (1: a stage found a problem, e.g. checkpatch errors in a series):" \
		"convert $(maxof convert 4), warm run $(maxof warm 4), full pipeline $(maxof full-cold 4) cold, $(maxof full-warm 4) warm build dir."
	for n in full-cold full-warm; do
		[ -s "$W/data/$n" ] || continue
		echo
		echo "Full pipeline ($n): fsconv run $(median "$n-run") s$( [ -s "$W/data/$n-build" ] && echo ", fsconv build --all $(median "$n-build") s") (medians)."
	done
	for f in warm full-cold-run full-cold-build full-warm-run full-warm-build; do
		[ -s "$W/$f.out" ] || continue
		grep -Eq '^# (prepare|make|sparse|clang|total)' "$W/$f.out" || continue
		echo
		echo "The verification in the last $f: $(grep -c ': ok$' "$W/$f.out") filesystems ok, failed: $(sed -n 's/: FAIL$//p' "$W/$f.out" | tr '\n' ' ')-; its timing lines:"
		echo
		grep -E '^# (prepare|make|sparse|clang|total)[a-z ]*: ' "$W/$f.out" |
			sed 's/^/    /'
	done
}

machine() {
	echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "- fsconv: $(git describe --always --dirty 2>/dev/null), tree $(git -C "$TREE" describe --always --tags 2>/dev/null) (a clone of $SRC_TREE)"
	echo "- machine: nproc $(nproc), $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
	echo "- load average (1, 5, 15 min): $load_start at the start, $load_end at the end"
	if awk -v a="${load_start%% *}" -v b="${load_end%% *}" -v n="$(nproc)" 'BEGIN { exit !(a > n || b > n) }'; then
		echo "- **loaded machine** (load average above nproc): every figure is inflated and noisy; re-measure on a quiet machine before judging a target"
	fi
	echo "- $(head -n 1 "$W/spatch.version"); J=$J; RUNS=$RUNS; COLD_RUNS=$COLD_RUNS; steps: $STEPS"
	echo "- rules: $(echo $RULES)"
	echo "- full pipeline: $full_stages"
	echo "- fsconv binary: $fsconv_version"
}

"$SPATCH" --version >"$W/spatch.version" 2>&1
{
	echo
	echo "## $(date -u '+%Y-%m-%d %H:%M UTC'): $(git describe --always --dirty 2>/dev/null)"
	echo
	machine
	echo
	table
	details
} >"$W/report.md"
cat "$W/report.md"
if [ -n "$RESULTS" ]; then
	if [ ! -s "$RESULTS" ]; then
		cat >"$RESULTS" <<-'EOF'
		# fsconv benchmark results

		Appended by `make bench` (tests/bench/run-bench.sh; its header says what
		each row measures).  Times are medians in seconds; "÷ coccicheck" and
		"÷ floor" divide the row's time by theirs (0.33 ÷ coccicheck = 3x
		faster).  Figures taken on a loaded machine say so in their load
		average; compare like with like.
		EOF
	fi
	cat "$W/report.md" >>"$RESULTS"
	say "appended to $RESULTS"
fi
