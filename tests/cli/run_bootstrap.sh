#!/bin/sh
# run_bootstrap.sh - tools/bootstrap-debian.sh asks for the right packages.
#
# Without --tests it needs only what building and running imrcheck need:
# none of the test-only packages. With --tests it adds those, and the clang
# runtime package (libFuzzer) of the clang that is installed, whatever its
# version. Nothing is installed or built here (--list-packages).
set -u
: "${IMR_SOURCE:?}"
fail=0
boot="$IMR_SOURCE/tools/bootstrap-debian.sh"

base=$("$boot" --list-packages) || { echo "FAIL: --list-packages"; exit 1; }
full=$("$boot" --tests --list-packages) || { echo "FAIL: --tests --list-packages"; exit 1; }
for pkg in build-essential cmake pkg-config libyaml-dev libpcre2-dev libjansson-dev nettle-dev poppler-utils; do
	echo "$base" | grep -qx "$pkg" || { echo "FAIL: the build needs $pkg, not listed"; fail=1; }
	echo "$full" | grep -qx "$pkg" || { echo "FAIL: --tests lost $pkg"; fail=1; }
done
for pkg in libcmocka-dev libxml2-dev qpdf clang chromium; do
	echo "$base" | grep -qx "$pkg" && { echo "FAIL: $pkg is for the tests only, yet installed by default"; fail=1; }
	echo "$full" | grep -qx "$pkg" || { echo "FAIL: the tests need $pkg, not listed with --tests"; fail=1; }
done
echo "$base" | grep -q '^libclang' && { echo "FAIL: a clang runtime is installed by default"; fail=1; }
if command -v clang >/dev/null 2>&1; then
	major=$(clang -dumpversion | cut -d. -f1)
	runtime=$(echo "$full" | grep '^libclang')
	case "$runtime" in
	"libclang-rt-$major-dev" | "libclang-common-$major-dev") ;;
	*) echo "FAIL: clang $major is installed, but the runtime listed is '$runtime'"; fail=1 ;;
	esac
fi
exit $fail
