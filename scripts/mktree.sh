#!/bin/sh
# mktree.sh [--api v4|merged] OUTDIR
#
# Make the reference kernel tree: Debian's linux-source-6.12 tarball unpacked
# into OUTDIR as a git repository, commit "base" (tagged base) holding the
# pristine source, then our VFS series as one commit per patch:
#   v4      kernel/vfs-v4/*.patch
#   merged  kernel/vfs-v4/*.patch, then kernel/vfs-merged/*.patch
# Identity and dates are fixed, so the commit ids depend only on the tarball
# and the patches.  OUTDIR/.git/fsconv-mktree.stamp records the tarball's
# Debian version and a hash of the series; when it matches, nothing is done.
# The tree is built in OUTDIR.tmp.PID and renamed into place, so an
# interrupted run leaves no half-made OUTDIR.
#
# Environment: FSCONV_TARBALL (default /usr/src/linux-source-6.12.tar.xz).
set -eu

prog=mktree
top=$(cd "$(dirname "$0")/.." && pwd)
tarball=${FSCONV_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
pkg=linux-source-6.12

die() {
	echo "$prog: $*" >&2
	exit 1
}

usage() {
	echo "usage: $prog [--api v4|merged] OUTDIR" >&2
	exit 2
}

api=v4
while [ $# -gt 0 ]; do
	case $1 in
	--api)
		[ $# -ge 2 ] || usage
		api=$2
		shift 2
		;;
	--api=*)
		api=${1#--api=}
		shift
		;;
	-h | --help)
		usage
		;;
	-*)
		echo "$prog: unknown option '$1'" >&2
		usage
		;;
	*)
		break
		;;
	esac
done
[ $# -eq 1 ] || usage
outdir=${1%/}
[ -n "$outdir" ] || usage

case $api in
v4) dirs="$top/kernel/vfs-v4" ;;
merged) dirs="$top/kernel/vfs-v4 $top/kernel/vfs-merged" ;;
*)
	echo "$prog: unknown api '$api' (want v4 or merged)" >&2
	exit 2
	;;
esac

[ -r "$tarball" ] || {
	echo "$prog: cannot read '$tarball' (apt-get install $pkg)" >&2
	exit 2
}

patches=
for d in $dirs; do
	for p in "$d"/*.patch; do
		[ -f "$p" ] || die "no patches in '$d'"
		patches="$patches $p"
	done
done

# The tarball's identity: its package version when it is the packaged one,
# else its size and mtime.
debver=
if [ "$tarball" = "/usr/src/$pkg.tar.xz" ]; then
	debver=$(dpkg-query -W -f='${Version}' "$pkg" 2>/dev/null || true)
fi
[ -n "$debver" ] || debver=unpackaged-$(stat -c %s-%Y "$tarball")

# shellcheck disable=SC2086
series=$(cat $patches | sha256sum | cut -d' ' -f1)
stamp_text="api $api
debian-version $debver
tarball $tarball
series-sha256 $series"
stamp=.git/fsconv-mktree.stamp

if [ -f "$outdir/$stamp" ] && [ "$(cat "$outdir/$stamp")" = "$stamp_text" ]
then
	echo "$prog: $outdir is up to date ($api, $pkg $debver)"
	exit 0
fi

# Leftovers of runs that were killed outright; live runs keep theirs.
for d in "$outdir".tmp.*; do
	[ -d "$d" ] || continue
	pid=${d##*.tmp.}
	kill -0 "$pid" 2>/dev/null || rm -rf "$d"
done

tmp=$outdir.tmp.$$
cleanup() {
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

if [ -e "$outdir" ] && [ ! -f "$outdir/$stamp" ] &&
	[ -n "$(ls -A "$outdir" 2>/dev/null)" ]; then
	die "'$outdir' exists and was not made by $prog; not replacing it"
fi

mkdir -p "$tmp"
start=$(date +%s)

# Reproducible commits, untouched by the user's git configuration.
GIT_CONFIG_NOSYSTEM=1
GIT_CONFIG_GLOBAL=/dev/null
GIT_AUTHOR_NAME=fsconv
GIT_AUTHOR_EMAIL=fsconv@example.invalid
GIT_COMMITTER_NAME=fsconv
GIT_COMMITTER_EMAIL=fsconv@example.invalid
GIT_AUTHOR_DATE='2025-01-01T00:00:00+0000'
GIT_COMMITTER_DATE='2025-01-01T00:00:00+0000'
export GIT_CONFIG_NOSYSTEM GIT_CONFIG_GLOBAL GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL \
	GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL GIT_AUTHOR_DATE GIT_COMMITTER_DATE
# No automatic gc: git am would start one in the background, which goes on
# packing in OUTDIR after the rename (racing with the next run's rm -rf)
# and costs a core for minutes.
GIT_CONFIG_COUNT=1
GIT_CONFIG_KEY_0=gc.auto
GIT_CONFIG_VALUE_0=0
export GIT_CONFIG_COUNT GIT_CONFIG_KEY_0 GIT_CONFIG_VALUE_0

echo "$prog: unpacking $(basename "$tarball") ($pkg $debver)"
tar -xJf "$tarball" -C "$tmp" --strip-components=1 --no-same-owner ||
	die "cannot unpack '$tarball'"

echo "$prog: committing base"
git -C "$tmp" init -q -b master
# Debian's top-level .gitignore ignores everything ("/*"): force-add.
git -C "$tmp" -c core.autocrlf=false add -f . ||
	die "git add failed in '$tmp'"
git -C "$tmp" commit -q --no-verify -m base ||
	die "git commit failed in '$tmp'"
git -C "$tmp" tag base

n=$(echo "$patches" | wc -w)
echo "$prog: applying $n patches ($api)"
log=$tmp/.git/fsconv-am.log
for p in $patches; do
	if ! git -C "$tmp" am -q --no-3way "$p" >"$log" 2>&1; then
		why=$(grep -m1 -i 'error\|fatal' "$log" || true)
		die "git am failed on '${p#"$top"/}'${why:+: $why}"
	fi
done
rm -f "$log"

printf '%s\n' "$stamp_text" >"$tmp/$stamp"

rm -rf "$outdir"
mkdir -p "$(dirname "$outdir")"
mv "$tmp" "$outdir"
trap - EXIT INT TERM HUP
echo "$prog: $outdir ready at $(git -C "$outdir" rev-parse --short HEAD)" \
	"in $(( $(date +%s) - start ))s"
