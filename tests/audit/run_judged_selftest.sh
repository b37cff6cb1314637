#!/bin/sh
# run_judged_selftest.sh - run_judged.sh can fail.
#
# The judged table's one useful finding among the default codes (a reviewer
# who set the MTUS aside without saying why) is judged wrong in a copy of the
# table; run_judged.sh, run over the same letters with that copy beside it,
# must then fail twice over: the finding is back though judged wrong, and its
# code falls below 80% precision. A check that cannot fail would pass here.
#
# Usage: run_judged_selftest.sh IMRCHECK RULES_DIR LETTERS_DIR
set -u
here=$(dirname "$0")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cp "$here/run_judged.sh" "$tmp/run_judged.sh"
awk -F'\t' 'BEGIN { OFS = "\t" }
	$1 == "CM17-0004547" && $2 == "1" && $3 == "citation-mtus-set-aside" { $4 = "wrong"; flipped = 1 }
	{ print }
	END { if (!flipped) exit 1 }' "$here/judged-findings.tsv" >"$tmp/judged-findings.tsv" || {
	echo "FAIL: the table no longer holds the finding this test flips (CM17-0004547 item 1)"
	exit 1
}
sh "$tmp/run_judged.sh" "$@" >"$tmp/out" 2>&1
status=$?
fail=0
if [ "$status" -eq 0 ]; then
	echo "FAIL: run_judged.sh passed with a default finding judged wrong"
	fail=1
fi
grep -q '^FAIL: CM17-0004547 item 1 citation-mtus-set-aside is back, judged wrong' "$tmp/out" || {
	echo "FAIL: run_judged.sh did not name the finding judged wrong"
	fail=1
}
grep -q '^FAIL: citation-mtus-set-aside is raised by default at 0% precision' "$tmp/out" || {
	echo "FAIL: run_judged.sh did not hold the code to 80%"
	fail=1
}
[ "$fail" -eq 0 ] || cat "$tmp/out"
[ "$fail" -eq 0 ] && echo "run_judged.sh fails as it should on a finding judged wrong"
exit $fail
