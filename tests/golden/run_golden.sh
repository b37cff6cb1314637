#!/bin/sh
# run_golden.sh - compare `imrcheck check` output with the golden files.
#
# For every fixtures/requests/<case>.yaml|json: the text output (with the
# exit status appended) must equal <case>.expected.txt and the JSON output
# <case>.expected.json. The rule-set digest is masked in JSON so that a
# rule edit does not rewrite every golden file; a unit test pins it.
# Regenerate with tools/update-golden.sh and review the diff.
set -u
: "${IMR_BIN:?}" "${IMR_FIXTURES:?}" "${IMR_RULES:?}"

cd "$IMR_FIXTURES" || exit 2
fail=0
count=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for req in requests/*.yaml requests/*.json; do
	case "$req" in *.expected.*) continue ;; esac
	[ -e "$req" ] || continue
	base=${req%.*}
	count=$((count + 1))
	"$IMR_BIN" check --rules "$IMR_RULES" "$req" >"$tmp/out.txt" 2>"$tmp/err.txt"
	echo "# exit status: $?" >>"$tmp/out.txt"
	cat "$tmp/err.txt" >>"$tmp/out.txt"
	if ! diff -u "$base.expected.txt" "$tmp/out.txt" >"$tmp/diff"; then
		echo "FAIL $req (text)"; cat "$tmp/diff"; fail=1
	fi
	"$IMR_BIN" check --rules "$IMR_RULES" --format json "$req" 2>&1 |
		sed 's/"rules_digest": "[0-9a-f]\{64\}"/"rules_digest": "<digest>"/' >"$tmp/out.json"
	if ! diff -u "$base.expected.json" "$tmp/out.json" >"$tmp/diff"; then
		echo "FAIL $req (json)"; cat "$tmp/diff"; fail=1
	fi
done
[ "$count" -gt 0 ] || { echo "no request fixtures found"; exit 1; }
echo "$count request fixtures checked"
exit $fail
