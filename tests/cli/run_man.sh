#!/bin/sh
# run_man.sh - the man page says what --help says.
#
# docs/imrcheck.1 is generated from the --help of the program and of every
# command by tools/gen-man.sh. This regenerates it with the program just
# built and fails on any difference (change a help text, then run
# `tools/gen-man.sh build/imrcheck > docs/imrcheck.1`), and checks that
# groff reads the page without a warning, when groff is installed.
set -u
: "${IMR_BIN:?}" "${IMR_SOURCE:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

"$IMR_SOURCE/tools/gen-man.sh" "$IMR_BIN" >"$tmp/imrcheck.1" || { echo "FAIL: tools/gen-man.sh failed"; exit 1; }
if ! diff -u "$IMR_SOURCE/docs/imrcheck.1" "$tmp/imrcheck.1"; then
	echo "FAIL: docs/imrcheck.1 is not what the --help texts give; run tools/gen-man.sh build/imrcheck > docs/imrcheck.1"
	fail=1
fi
# every command and every option of every command is in the page
for cmd in $("$IMR_BIN" --help | awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1; next } on { exit }'); do
	grep -q "^\.SH \"IMRCHECK $(echo "$cmd" | tr '[:lower:]' '[:upper:]')\"$" "$IMR_SOURCE/docs/imrcheck.1" ||
		{ echo "FAIL: no section for '$cmd'"; fail=1; }
	for opt in $("$IMR_BIN" "$cmd" --help | sed -n 's/^  \(--[a-z-]*\).*/\1/p'); do
		grep -qF "\\fB$(echo "$opt" | sed 's/-/\\-/g')\\fR" "$IMR_SOURCE/docs/imrcheck.1" ||
			{ echo "FAIL: $cmd $opt is not in the man page"; fail=1; }
	done
done
if command -v groff >/dev/null 2>&1; then
	warnings=$(groff -man -Tutf8 -ww -z "$IMR_SOURCE/docs/imrcheck.1" 2>&1)
	[ -z "$warnings" ] || { echo "FAIL: groff warns:"; echo "$warnings"; fail=1; }
fi
exit $fail
