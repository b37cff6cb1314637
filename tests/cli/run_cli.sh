#!/bin/sh
# run_cli.sh - the command line's contract: exit statuses and messages.
#
# Each case runs imrcheck and checks the exit status and that standard
# output or standard error contains a given text.
set -u
: "${IMR_BIN:?}" "${IMR_FIXTURES:?}" "${IMR_RULES:?}"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
cases=0

# expect STATUS STREAM TEXT -- ARGS...   (STREAM is out or err)
expect() {
	want=$1 stream=$2 text=$3
	shift 4
	cases=$((cases + 1))
	"$IMR_BIN" "$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" -ne "$want" ]; then
		echo "FAIL: imrcheck $*: exit $got, expected $want"
		sed 's/^/  stderr: /' "$tmp/err" | head -5
		fail=1
		return
	fi
	if [ -n "$text" ] && ! grep -qF -- "$text" "$tmp/$stream"; then
		echo "FAIL: imrcheck $*: std$stream lacks '$text'"
		sed "s/^/  std$stream: /" "$tmp/$stream" | head -10
		fail=1
	fi
}

R="--rules $IMR_RULES"
MIN="$IMR_FIXTURES/rules-min"

# usage and help
expect 2 err "usage: imrcheck COMMAND" --
expect 0 out "Commands:" -- --help
expect 0 out "imrcheck 0." -- --version
expect 2 err "unknown command 'chek'" -- chek
expect 0 out "Exit status: 0 every item" -- check --help
expect 2 err "usage: imrcheck check" -- check
expect 2 err "unknown format 'xml'" -- check --format xml x.yaml
expect 2 err "invalid --date '2016-02-30'" -- check --date 2016-02-30 x.yaml

# input errors exit 2 with a located message
expect 2 err "cannot open" -- check $R "$tmp/missing.yaml"
printf 'date: 2015-01-01\nitems:\n  - procedure: injecton\n' >"$tmp/bad.yaml"
expect 2 err "bad.yaml:3:16: error: 'injecton' is not a value of 'procedure' (did you mean 'injection'?)" -- check --rules "$MIN" "$tmp/bad.yaml"
printf '{"date": "2015-01-01", "items": [}' >"$tmp/bad.json"
expect 2 err "bad.json:1:" -- check --rules "$MIN" "$tmp/bad.json"
mkdir "$tmp/dir.yaml"
expect 2 err "is a directory" -- check --rules "$MIN" "$tmp/dir.yaml"

# decisions map to exit statuses: 0 necessary, 1 not, 3 indeterminate
printf 'date: 2015-01-01\nfacts: {exam.sign_a: true, imaging.positive: true}\nitems:\n  - procedure: injection\n' >"$tmp/ok.yaml"
expect 0 out "medically necessary; predicted IMR outcome: overturned" -- check --rules "$MIN" "$tmp/ok.yaml"
printf 'date: 2015-01-01\nfacts: {imaging.positive: false}\nitems:\n  - procedure: injection\n' >"$tmp/no.yaml"
expect 1 out "NOT medically necessary; predicted IMR outcome: upheld" -- check --rules "$MIN" "$tmp/no.yaml"
printf 'date: 2015-01-01\nitems:\n  - service: something unclassified\n' >"$tmp/what.yaml"
expect 3 out "could not be classified" -- check --rules "$MIN" "$tmp/what.yaml"
expect 0 out '"predicted_outcome": "overturned"' -- check --rules "$MIN" --format json "$tmp/ok.yaml"
expect 0 out '"rules_digest"' -- check --rules "$MIN" --format json "$tmp/ok.yaml"
expect 0 out "" -- check --rules "$MIN" --output "$tmp/out.json" --format json "$tmp/ok.yaml"
grep -q '"predicted_outcome"' "$tmp/out.json" || { echo "FAIL: --output wrote nothing"; fail=1; }
printf 'facts: {exam.sign_a: true, imaging.positive: true}\nitems:\n  - procedure: injection\n' >"$tmp/nodate.yaml"
expect 0 out "evaluated as of 2016-06-01" -- check --rules "$MIN" --date 2016-06-01 "$tmp/nodate.yaml"

# explain
expect 0 out "t1.injection" -- explain --rules "$MIN" --list
expect 0 out '"rules"' -- explain --rules "$MIN" --list --format json
expect 0 out "[ ] exam:" -- explain --rules "$MIN" t1.injection
expect 2 err "no rule with id 'nope'" -- explain --rules "$MIN" nope
expect 0 out "exam.signs" -- explain --rules "$MIN" --facts

# lint and test
expect 0 err "0 errors" -- lint "$MIN"
cat >"$tmp/broken.yaml" <<'YAML'
kind: rule
id: x
title: X
guideline: MTUS
citation: {document: D}
applies: request.procedure = injection
recommendation: conditional
summary: S
criteria:
  - id: c
    text: T
    requre: exam.sign_a
    advice: A
YAML
expect 1 out "broken.yaml:10:5: error: a criterion is missing required key 'require'" -- lint "$MIN" "$tmp/broken.yaml"
expect 1 out "broken.yaml:12:5: error: unknown key 'requre' in a criterion (did you mean 'require'?) [unknown-key]" -- lint "$MIN" "$tmp/broken.yaml"
expect 0 out "5 passed, 0 failed" -- test "$MIN"
expect 0 out "1 passed, 0 failed" -- test --run "t1.injection: met" "$MIN"
expect 0 err "" -- lint --strict $R
expect 0 out "0 failed" -- test $R

echo "$cases CLI cases run"
exit $fail
