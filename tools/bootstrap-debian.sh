#!/bin/sh
# bootstrap-debian.sh - set up a fresh Debian machine and build imrcheck.
#
# Installs the Debian packages the build and the tests need (only those
# missing; with sudo when not root), then configures and builds into
# build/. Safe to run again: it installs nothing twice and rebuilds only
# what changed.
#
#   tools/bootstrap-debian.sh [CMAKE-OPTION...]
set -eu

cd "$(dirname "$0")/.."

PACKAGES="build-essential cmake pkg-config libyaml-dev libpcre2-dev libjansson-dev \
libcmocka-dev libxml2-dev nettle-dev poppler-utils qpdf clang libclang-rt-14-dev"

missing=""
for pkg in $PACKAGES; do
	status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
	case "$status" in
	*"install ok installed"*) ;;
	*) missing="$missing $pkg" ;;
	esac
done

if [ -n "$missing" ]; then
	if [ "$(id -u)" -eq 0 ]; then
		SUDO=""
	elif command -v sudo >/dev/null 2>&1; then
		SUDO="sudo"
	else
		echo "bootstrap: need root or sudo to install:$missing" >&2
		exit 1
	fi
	echo "bootstrap: installing$missing" >&2
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build build -j "$jobs"
