#!/bin/sh
# run_judged.sh - the audit's findings on the development letters against the
# judged table (judged-findings.tsv beside this script).
#
# Fails when a finding judged wrong comes back among the codes raised by
# default, or when such a code has fewer than 80% of its findings judged
# useful (a finding not in the table counts as not useful: judge it and add
# it). Experimental codes (shown only with `--findings all`) are measured and
# listed, not held to either rule: they are experimental for that reason.
#
# Usage: run_judged.sh IMRCHECK RULES_DIR LETTERS_DIR
set -u
bin=$1
rules=$2
letters=$3
table=$(dirname "$0")/judged-findings.tsv
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$bin" audit --rules "$rules" --quiet --jobs 2 --findings all --format text "$letters" >"$tmp/report"
status=$?
if [ "$status" -ne 0 ]; then
	echo "FAIL: audit exited $status"
	exit 1
fi
# "  [code, severity(, experimental)] path/CM...txt item N (service): message"
sed -n 's/^  \[\([a-z-]*\), [a-z]*\(, experimental\)\{0,1\}\] \([^ ]*\) item \([0-9]*\) (.*$/\1\t\2\t\3\t\4/p' "$tmp/report" |
	awk -F'\t' '{ n = split($3, p, "/"); sub(/\.(txt|pdf)$/, "", p[n]);
		print p[n] "\t" $4 "\t" $1 "\t" ($2 == "" ? "default" : "experimental") }' >"$tmp/found"
if [ ! -s "$tmp/found" ]; then
	echo "FAIL: no findings read from the report (has its text format changed?)"
	exit 1
fi

awk -F'\t' -v table="$table" '
BEGIN {
	while ((getline line < table) > 0) {
		if (line ~ /^#/ || line == "") continue
		split(line, f, "\t")
		verdict[f[1] SUBSEP f[2] SUBSEP f[3]] = f[4]
		reason[f[1] SUBSEP f[2] SUBSEP f[3]] = f[5]
	}
	fail = 0
}
{
	key = $1 SUBSEP $2 SUBSEP $3
	v = (key in verdict) ? verdict[key] : "unjudged"
	if (v == "wrong" && $4 == "default") {
		printf "FAIL: %s item %s %s is back, judged wrong: %s\n", $1, $2, $3, reason[key]
		fail = 1
	}
	if (v == "unjudged")
		printf "note: %s item %s %s (%s) is not judged yet\n", $1, $2, $3, $4
	total[$3]++
	if (v == "useful") useful[$3]++
	if (v == "true") truth[$3]++
	if (v == "wrong") wrongs[$3]++
	kind[$3] = $4
}
END {
	printf "%-28s %-12s %8s %6s %6s %6s %9s\n", "code", "raised", "findings", "useful", "true", "wrong", "precision"
	for (c in total) {
		p = useful[c] / total[c]
		printf "%-28s %-12s %8d %6d %6d %6d %8.0f%%\n", c, kind[c], total[c], useful[c], truth[c], wrongs[c], 100 * p
		if (kind[c] == "default" && p < 0.8) {
			printf "FAIL: %s is raised by default at %.0f%% precision (below 80%%)\n", c, 100 * p
			fail = 1
		}
	}
	exit fail
}' "$tmp/found"
