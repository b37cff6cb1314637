#!/bin/sh
# run_install.sh - an installed imrcheck finds its installed rules.
#
# Installs the build into a temporary prefix, then checks that the
# installed program resolves <prefix>/share/imrcheck/rules on its own (no
# --rules, no $IMRCHECK_RULES), that those rules lint clean, and that the
# headers and pkg-config file are in place.
set -u
: "${IMR_BUILD_DIR:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

cmake --install "$IMR_BUILD_DIR" --prefix "$tmp/prefix" >/dev/null || { echo "FAIL: install"; exit 1; }
unset IMRCHECK_RULES
out=$(cd / && "$tmp/prefix/bin/imrcheck" --version)
case "$out" in
*"rules: $tmp/prefix/bin/../share/imrcheck/rules"*) ;;
*) echo "FAIL: installed program resolved: $out"; fail=1 ;;
esac
(cd / && "$tmp/prefix/bin/imrcheck" lint --strict) || { echo "FAIL: installed rules do not lint"; fail=1; }
for f in include/imrcheck.h include/imrcheck/rules.h lib/pkgconfig/imrcheck.pc; do
	[ -f "$tmp/prefix/$f" ] || { echo "FAIL: $f not installed"; fail=1; }
done
PKG_CONFIG_PATH="$tmp/prefix/lib/pkgconfig" pkg-config --exists imrcheck || { echo "FAIL: pkg-config"; fail=1; }
exit $fail
