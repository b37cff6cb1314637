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

# Letters: `letter` text and JSON for the seeds and the layout letters, and
# `extract` JSON for the seeds. Goldens live in golden/, outside letters/,
# so that an audit of letters/ never reads them.
letters=0
for letter in letters/seeds/*.txt letters/layouts/*.txt; do
	[ -e "$letter" ] || continue
	name=$(basename "$letter" .txt)
	letters=$((letters + 1))
	"$IMR_BIN" letter --rules "$IMR_RULES" "$letter" >"$tmp/out.txt" 2>"$tmp/err.txt"
	echo "# exit status: $?" >>"$tmp/out.txt"
	cat "$tmp/err.txt" >>"$tmp/out.txt"
	if ! diff -u "golden/letters/$name.expected.txt" "$tmp/out.txt" >"$tmp/diff"; then
		echo "FAIL $letter (letter text)"; cat "$tmp/diff"; fail=1
	fi
	"$IMR_BIN" letter --rules "$IMR_RULES" --format json "$letter" 2>&1 |
		sed 's/"rules_digest": "[0-9a-f]\{64\}"/"rules_digest": "<digest>"/' >"$tmp/out.json"
	if ! diff -u "golden/letters/$name.expected.json" "$tmp/out.json" >"$tmp/diff"; then
		echo "FAIL $letter (letter json)"; cat "$tmp/diff"; fail=1
	fi
done
for letter in letters/seeds/*.txt; do
	name=$(basename "$letter" .txt)
	"$IMR_BIN" extract --rules "$IMR_RULES" --format json "$letter" >"$tmp/out.json" 2>&1
	if ! diff -u "golden/extract/$name.expected.json" "$tmp/out.json" >"$tmp/diff"; then
		echo "FAIL $letter (extract)"; cat "$tmp/diff"; fail=1
	fi
done
[ "$letters" -ge 11 ] || { echo "expected at least 11 letters with goldens, found $letters"; exit 1; }
echo "$letters letters checked"

# The audit of every bundled letter, in each output format.
for format in text json jsonl csv; do
	"$IMR_BIN" audit --rules "$IMR_RULES" --quiet --jobs 2 --findings all --format "$format" letters >"$tmp/audit" 2>&1
	echo "# exit status: $?" >>"$tmp/audit"
	sed -i 's/"rules_digest": *"[0-9a-f]\{64\}"/"rules_digest": "<digest>"/' "$tmp/audit"
	if ! diff -u "golden/audit/letters.expected.$format" "$tmp/audit" >"$tmp/diff"; then
		echo "FAIL audit --format $format"; head -60 "$tmp/diff"; fail=1
	fi
done
echo "audit checked in 4 formats"
exit $fail
