#!/bin/sh
# Install, only when missing, every Debian package fsconv needs.  Quiet when
# everything is present, so `make run` and `make check` can always call it.
set -eu

pkgs="coccinelle sparse libyaml-dev libclang-dev clang llvm git perl make gcc
pkg-config libcmocka-dev flex bison bc libelf-dev libssl-dev xz-utils
linux-source-6.12 cpio qemu-system-x86 xfsprogs valgrind time"

missing=
for p in $pkgs; do
	st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$st" = installed ] || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "deps: installing:$missing"
SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo
log=$(mktemp)
trap 'rm -f "$log"' EXIT
export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086
if ! { $SUDO apt-get update -qq &&
       $SUDO apt-get install -y -qq --no-install-recommends $missing; } >"$log" 2>&1; then
	tail -n 20 "$log" >&2
	echo "deps: apt-get failed installing:$missing" >&2
	exit 1
fi
