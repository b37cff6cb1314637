#!/bin/sh
# bootstrap-debian.sh - set up a Debian machine and build imrcheck.
#
#   tools/bootstrap-debian.sh [--tests] [--verbose] [--list-packages] [CMAKE-OPTION...]
#
# Installs the Debian packages that building and running imrcheck need
# (only those missing; with sudo when not root), then configures and builds
# into build/. Safe to run again: it installs nothing twice and rebuilds
# only what changed.
#
#   --tests          also install what the test suite needs (cmocka,
#                    libxml2, qpdf, clang and the clang runtime with
#                    libFuzzer that matches the installed clang) and build
#                    the tests; tools/test.sh runs this
#   --verbose        show the build as it runs (otherwise its log goes to
#                    build/build.log, and only its end is shown if it fails)
#   --list-packages  print the packages this would need, one per line, and
#                    stop (nothing is installed or built)
#
# Works on current Debian releases (12 "bookworm", 13 "trixie") and their
# derivatives: the clang runtime package is chosen from the version of the
# clang installed, not named for one release.
set -eu

cd "$(dirname "$0")/.."

# what building and running need: a compiler, CMake, the libraries, and
# poppler's pdftotext for PDF letters
BUILD_PACKAGES="build-essential cmake pkg-config libyaml-dev libpcre2-dev libjansson-dev nettle-dev \
poppler-utils"
# what the tests need besides: cmocka (unit tests), libxml2 (the HTML report
# is parsed), qpdf (a password-protected PDF), clang (libFuzzer smoke run)
TEST_PACKAGES="libcmocka-dev libxml2-dev qpdf clang chromium"

tests=0 verbose=0 list=0
while [ $# -gt 0 ]; do
	case "$1" in
	--tests) tests=1 ;;
	--verbose) verbose=1 ;;
	--list-packages) list=1 ;;
	--help | -h)
		sed -n '2,/^set -eu/{/^set -eu/d;s/^# \{0,1\}//;p}' "$0"
		exit 0
		;;
	*) break ;;
	esac
	shift
done

say() { echo "bootstrap: $*" >&2; }

installed() {
	case "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" in
	*"install ok installed"*) return 0 ;;
	*) return 1 ;;
	esac
}

SUDO=""
install_packages() {
	missing=""
	for pkg in "$@"; do
		installed "$pkg" || missing="$missing $pkg"
	done
	[ -n "$missing" ] || return 0
	if [ "$(id -u)" -ne 0 ]; then
		if command -v sudo >/dev/null 2>&1; then
			SUDO="sudo"
		else
			say "need root or sudo to install:$missing"
			exit 1
		fi
	fi
	say "installing$missing"
	if [ -z "${apt_updated:-}" ]; then
		$SUDO apt-get update -qq
		apt_updated=1
	fi
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

# The package with libFuzzer for the installed clang: LLVM's runtime is
# libclang-rt-N-dev (Debian 12's clang 14, and every later LLVM), and was
# in libclang-common-N-dev before; the first that the archive has wins.
clang_runtime_package() {
	major=$(clang -dumpversion 2>/dev/null | cut -d. -f1)
	[ -n "$major" ] || return 0
	for pkg in "libclang-rt-$major-dev" "libclang-common-$major-dev"; do
		if installed "$pkg" || apt-cache show "$pkg" >/dev/null 2>&1; then
			echo "$pkg"
			return 0
		fi
	done
	say "no clang runtime package found for clang $major (libclang-rt-$major-dev)"
}

packages=$BUILD_PACKAGES
[ "$tests" -eq 1 ] && packages="$packages $TEST_PACKAGES"
if [ "$list" -eq 1 ]; then
	# shellcheck disable=SC2086
	printf '%s\n' $packages
	if [ "$tests" -eq 1 ] && command -v clang >/dev/null 2>&1; then
		clang_runtime_package
	fi
	exit 0
fi

# shellcheck disable=SC2086
install_packages $packages
if [ "$tests" -eq 1 ]; then
	runtime=$(clang_runtime_package)
	[ -z "$runtime" ] || install_packages "$runtime"
fi

jobs=$(nproc 2>/dev/null || echo 2)
mkdir -p build
log=build/build.log
if [ "$tests" -eq 1 ]; then
	set -- -DIMR_BUILD_TESTS=ON "$@"
else
	set -- -DIMR_BUILD_TESTS=OFF "$@"
fi
if [ "$verbose" -eq 1 ]; then
	say "building imrcheck in build/"
	cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@"
	cmake --build build -j "$jobs"
else
	say "building imrcheck in build/ (log: $log; --verbose shows it)"
	if ! { cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" &&
		cmake --build build -j "$jobs"; } >"$log" 2>&1; then
		tail -n 40 "$log" >&2
		say "the build failed; the whole log is in $log"
		exit 1
	fi
fi
say "built build/imrcheck ($(build/imrcheck --version | head -n 1))"
