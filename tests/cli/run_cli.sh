#!/bin/sh
# run_cli.sh - the command line's contract: exit statuses and messages.
#
# Each case runs imrcheck and checks the exit status and that standard
# output or standard error contains a given text.
set -u
# In the sanitizer build, a sanitizer report (a leak too) exits with a
# status no case expects, so it cannot pass for the exit statuses 1 or 2.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=86"
export ASAN_OPTIONS
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

# expect_in FILE STATUS STREAM TEXT -- ARGS...: the same, FILE on standard input
expect_in() {
	input=$1
	shift
	want=$1 stream=$2 text=$3
	shift 4
	cases=$((cases + 1))
	"$IMR_BIN" "$@" <"$input" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" -ne "$want" ]; then
		echo "FAIL: imrcheck $* <$input: exit $got, expected $want"
		sed 's/^/  stderr: /' "$tmp/err" | head -5
		fail=1
		return
	fi
	if [ -n "$text" ] && ! grep -qF -- "$text" "$tmp/$stream"; then
		echo "FAIL: imrcheck $* <$input: std$stream lacks '$text'"
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
# every command: --version, and usage with exit 2 when it lacks its operand
# (lint and test without paths check the installed rules)
for cmd in check audit letter extract explain lint test; do
	expect 0 out "imrcheck 0." -- $cmd --version
	expect 0 out "rules: " -- $cmd --version
	expect 0 out "usage: imrcheck $cmd" -- $cmd --help
	expect 0 out "--version" -- $cmd --help
done
expect 0 out "rules: $IMR_FIXTURES/rules-min" -- check --rules "$IMR_FIXTURES/rules-min" --version
for cmd in check audit letter extract explain; do
	expect 2 err "usage: imrcheck $cmd" -- $cmd
done
# help and version that cannot be written (standard output closed) fail
for args in "--help" "--version" "check --help" "lint --version"; do
	cases=$((cases + 1))
	# shellcheck disable=SC2086
	"$IMR_BIN" $args >&- 2>"$tmp/err"
	got=$?
	[ "$got" -eq 2 ] && grep -q "imrcheck: standard output: cannot write: Bad file descriptor" "$tmp/err" ||
		{ echo "FAIL: imrcheck $args >&-: exit $got"; sed 's/^/  stderr: /' "$tmp/err"; fail=1; }
done
expect 2 err "invalid --date '2016-02-30'" -- check --date 2016-02-30 x.yaml

# an empty --service would make an item with no service at all
printf 'The patient has low back pain.\n' >"$tmp/notes.txt"
expect 2 err "imrcheck: --service '' is empty; give the service as written" -- check --rules "$MIN" --service "" --notes "$tmp/notes.txt"
expect 2 err "imrcheck: --service '  ' is empty; give the service as written" -- check --rules "$MIN" --service "lumbar injection" --service "  " --notes "$tmp/notes.txt"

# input errors exit 2 with a located message
expect 2 err "cannot open" -- check $R "$tmp/missing.yaml"
printf 'date: 2015-01-01\nitems:\n  - procedure: injecton\n' >"$tmp/bad.yaml"
expect 2 err "bad.yaml:3:16: error: 'injecton' is not a value of 'procedure' (did you mean 'injection'? valid values: injection, other_injection, guidance)" -- check --rules "$MIN" "$tmp/bad.yaml"
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
expect 3 out "service text could not be read" -- check --rules "$MIN" "$tmp/what.yaml"
expect 0 out '"predicted_outcome": "overturned"' -- check --rules "$MIN" --format json "$tmp/ok.yaml"
expect 0 out '"rules_digest"' -- check --rules "$MIN" --format json "$tmp/ok.yaml"
expect 0 out "" -- check --rules "$MIN" --output "$tmp/out.json" --format json "$tmp/ok.yaml"
grep -q '"predicted_outcome"' "$tmp/out.json" || { echo "FAIL: --output wrote nothing"; fail=1; }
printf 'facts: {exam.sign_a: true, imaging.positive: true}\nitems:\n  - procedure: injection\n' >"$tmp/nodate.yaml"
expect 0 out "evaluated as of 2016-06-01" -- check --rules "$MIN" --date 2016-06-01 "$tmp/nodate.yaml"

# '-' reads standard input: a request, a letter, a text
expect_in "$tmp/ok.yaml" 0 out "medically necessary; predicted IMR outcome: overturned" -- check --rules "$MIN" -
expect_in "$tmp/ok.yaml" 0 out "imrcheck 0.1.0: <stdin>" -- check --rules "$MIN" -
printf '{"date": "2015-01-01", "facts": {"imaging.positive": false}, "items": [{"procedure": "injection"}]}' >"$tmp/no.json"
expect_in "$tmp/no.json" 1 out "NOT medically necessary" -- check --rules "$MIN" -
printf 'date: 2015-01-01\nitems:\n  - procedure: injecton\n' >"$tmp/typo.yaml"
expect_in "$tmp/typo.yaml" 2 err "<stdin>:3:16: error: 'injecton' is not a value of 'procedure'" -- check --rules "$MIN" -
SEED="$IMR_FIXTURES/letters/seeds/001_761f33d4263bd4f6.txt"
expect_in "$SEED" 0 out "Summary: 1 letter (0 unreadable), 1 item: 1 agree" -- letter -
expect_in "$SEED" 0 out "imrcheck 0.1.0: <stdin>" -- letter -
expect 2 err "imrcheck: '-' (standard input) can be read only once" -- letter - -
expect_in "$SEED" 0 out "imrcheck 0.1.0: <stdin>" -- extract -

# mute files: what each entry muted is counted, an entry at 0 shows; a bad
# file stops the audit before any letter with its file:line:column; lint
# checks a mute file given with --mute
MUTE="$IMR_FIXTURES/mute/audit-letters.yaml"
expect 0 out "Muted: 9 findings, by entry of the mute files" -- audit $R --findings all --mute "$MUTE" "$IMR_FIXTURES/letters/audit"
expect 0 out "      8  guidelines-differ at $MUTE:7" -- audit $R --findings all --mute "$MUTE" "$IMR_FIXTURES/letters/audit"
expect 0 out "      0  $MUTE:14" -- audit $R --findings all --mute "$MUTE" "$IMR_FIXTURES/letters/audit"
grep -q '\[citation-guidelines-differ' "$tmp/out" && { echo "FAIL: audit --mute: a muted code is still listed"; fail=1; }
expect 0 out '"muted_findings": 9,' -- audit $R --findings all --format json --mute "$MUTE" "$IMR_FIXTURES/letters/audit"
expect 0 out '"id": "no-imaging-sentence",' -- audit $R --findings all --format json --mute "$MUTE" "$IMR_FIXTURES/letters/audit"
expect 2 err "$IMR_FIXTURES/mute/bad-code.yaml:4:11: error: unknown finding code 'citation-guidelines-difer' (did you mean 'citation-guidelines-differ'?)" -- audit $R --mute "$MUTE" --mute "$IMR_FIXTURES/mute/bad-code.yaml" "$IMR_FIXTURES/letters/audit"
[ -s "$tmp/out" ] && { echo "FAIL: audit with a bad mute file wrote a report"; fail=1; }
expect 2 err "$tmp/none.yaml" -- audit $R --mute "$tmp/none.yaml" "$IMR_FIXTURES/letters/audit"
expect 1 out "bad-code.yaml:4:11: error: unknown finding code" -- lint $R --mute "$IMR_FIXTURES/mute/bad-code.yaml"
expect 0 err "0 errors" -- lint $R --mute "$MUTE"

# audit writing its reports to files ends with a summary on standard error
# that says what was read, what the rules cover and where the reports are
SEEDS="$IMR_FIXTURES/letters/seeds"
expect 0 err "Read 5 letters (5 parsed, 0 could not be read) with 11 disputed items." -- audit $R --output "$tmp/a.txt" --html "$tmp/a.html" "$SEEDS"
expect 0 err "HTML report with charts: $tmp/a.html (open it in a browser)" -- audit $R --output "$tmp/a.txt" --html "$tmp/a.html" "$SEEDS"
expect 0 err "Report: $tmp/a.txt" -- audit $R --output "$tmp/a.txt" --html "$tmp/a.html" "$SEEDS"
expect 0 err "of the 11 items (100.0%)" -- audit $R --output "$tmp/a.txt" "$SEEDS"
expect 0 out "" -- audit $R --quiet --output "$tmp/a.txt" --html "$tmp/a.html" "$SEEDS"
[ -s "$tmp/err" ] && { echo "FAIL: audit --quiet printed on standard error:"; sed 's/^/  /' "$tmp/err"; fail=1; }

# the HTML page is dated by SOURCE_DATE_EPOCH when it is set (the same
# page again, byte for byte), and names its inputs; a value that is not
# a number of seconds is refused before anything is read or written
rm -f "$tmp/a.html" "$tmp/b.html"
SOURCE_DATE_EPOCH=86400 expect 0 out "" -- audit $R --quiet --output "$tmp/a.txt" --html "$tmp/a.html" "$SEEDS"
grep -qF '<dd id="run-date">1970-01-02 00:00:00 UTC</dd>' "$tmp/a.html" || { echo "FAIL: the page is not dated by SOURCE_DATE_EPOCH"; fail=1; }
grep -qF "<dd id=\"run-inputs\"><code>$SEEDS</code></dd>" "$tmp/a.html" || { echo "FAIL: the page does not name its input"; fail=1; }
SOURCE_DATE_EPOCH=86400 expect 0 out "" -- audit $R --quiet --jobs 1 --output "$tmp/a.txt" --html "$tmp/b.html" "$SEEDS"
cmp -s "$tmp/a.html" "$tmp/b.html" || { echo "FAIL: the same audit on the same date gave another page"; fail=1; }
for bad in x -1 " 1" 1.5 99999999999999999999 ""; do
	rm -f "$tmp/c.html"
	SOURCE_DATE_EPOCH=$bad expect 2 err "SOURCE_DATE_EPOCH='$bad' is not a number of seconds since 1970-01-01" -- \
		audit $R --quiet --output "$tmp/c.txt" --html "$tmp/c.html" "$SEEDS"
	[ -e "$tmp/c.html" ] && { echo "FAIL: SOURCE_DATE_EPOCH='$bad': a page was written"; fail=1; }
done
unset SOURCE_DATE_EPOCH

# a letter given as .txt and as .pdf is one case: counted once, under the
# first path, with a warning that names both files; not a failure
TXT="$IMR_FIXTURES/letters/dwc-imr-2016/txt/CM16-0213037.txt"
PDF="$IMR_FIXTURES/pdf/dwc-imr-2016/CM16-0213037.pdf"
expect 0 err "$PDF: warning: the same case as $TXT (case number CM16-0213037); counted once, under the first" -- audit $R "$TXT" "$PDF"
expect 0 out "audit: 2 letters (1 parsed, 0 failed, 1 duplicate), 2 items" -- audit $R "$TXT" "$PDF"
expect 0 out "  $PDF: the same case as $TXT (case number CM16-0213037)" -- audit $R "$TXT" "$PDF"
expect 0 err "$TXT: warning: the same case as $PDF" -- audit $R "$PDF" "$TXT"
expect 0 err "1 letter repeated a case given before and was counted once, under the first." -- audit $R --output "$tmp/a.txt" "$TXT" "$PDF"
expect 0 out "" -- audit $R --quiet "$TXT" "$PDF"
[ -s "$tmp/err" ] && { echo "FAIL: audit --quiet printed on standard error:"; sed 's/^/  /' "$tmp/err"; fail=1; }

# explain
expect 0 out "t1.injection" -- explain --rules "$MIN" --list
expect 0 out '"rules"' -- explain --rules "$MIN" --list --format json
expect 0 out "[ ] exam:" -- explain --rules "$MIN" t1.injection
expect 2 err "no rule with id 'nope'" -- explain --rules "$MIN" nope
expect 0 out "exam.signs" -- explain --rules "$MIN" --facts
# explain --drug: by brand, generic or id, text and JSON; unknown names exit 2
expect 0 out "hydrocodone (opioid)" -- explain $R --drug Vicodin
expect 0 out "MME: 1 morphine mg per mg" -- explain $R --drug norco
expect 0 out "MME: by daily dose in mg: up to 20: 4;" -- explain $R --drug methadone
expect 0 out '"drug": "ultram_er"' -- explain $R --drug "tramadol ER" --format json
expect 0 out "Kind:        compounded" -- explain $R --drug Fanatrex
expect 2 err "no drug named 'aspirinex' in the drug files" -- explain $R --drug aspirinex
expect 2 err "no drug named 'norco': the rule set has no drug files" -- explain --rules "$MIN" --drug norco
expect 2 err "usage: imrcheck explain" -- explain $R --drug norco t1.injection

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

# lint: formats, strictness, exit statuses (docs/lint.md)
LB="$IMR_FIXTURES/lint-bad"
expect 0 out "regex-backtracking" -- lint --list-checks
expect 2 err "unknown format 'xml'" -- lint --format xml "$MIN"
expect 2 err "usage: imrcheck lint" -- lint --bogus
expect 1 out "require-never-met.yaml:15:7: error: 'require' can never be true: criterion 'imaging' is never met [require-never-met]" -- lint "$MIN" "$LB/require-never-met.yaml"
expect 1 err "1 error, 4 warnings" -- lint "$MIN" "$LB/require-never-met.yaml"
expect 0 out "[criterion-coverage]" -- lint "$MIN" "$LB/criterion-coverage.yaml"
expect 1 out "[criterion-coverage]" -- lint --strict "$MIN" "$LB/criterion-coverage.yaml"
expect 0 out '"check": "criterion-coverage"' -- lint --format json "$MIN" "$LB/criterion-coverage.yaml"
expect 1 out '"ruleId": "overlapping-rules"' -- lint --format sarif "$MIN" "$LB/overlapping-rules"
expect 0 out "" -- lint --format sarif --output "$tmp/lint.sarif" $R
grep -q '"version": "2.1.0"' "$tmp/lint.sarif" || { echo "FAIL: lint --output wrote no SARIF"; fail=1; }
expect 1 out "lint-bad/yaml-limit.yaml:4:70: error: nesting deeper than 64 levels [yaml-limit]" -- lint "$MIN" "$LB/yaml-limit.yaml"

# test: --run as a regular expression, JUnit, JSON, coverage
expect 2 err "--run: invalid pattern 't1.(': missing closing parenthesis at offset 4" -- test --run 't1.(' "$MIN"
expect 0 out "2 passed, 0 failed" -- test --run '^t1\.injection: ' "$MIN"
expect 0 out "0 passed, 0 failed" -- test --run '^T1' "$MIN"
expect 0 out '<testsuite name="t1.injection" tests="2" failures="0"' -- test --format junit "$MIN"
expect 0 err "5 passed, 0 failed" -- test --format junit "$MIN"
expect 0 out '"not_met_checked": 1' -- test --format json --coverage "$MIN"
expect 0 out "coverage: 3 rules, 5 criteria, 4 seen both met and not met" -- test --coverage "$MIN"
expect 0 out "repeat" -- test --coverage "$MIN"
cat >"$tmp/failing.yaml" <<'YAML'
kind: rule
id: x.failing
title: X
guideline: ODG
citation: {document: D, section: S}
applies: request.procedure = other_injection
complete: false
recommendation: conditional
summary: S.
criteria:
  - {id: imaging, text: T., require: imaging.positive, advice: A.}
tests:
  - name: wrong expectation & <escaping>
    request: {procedure: other_injection}
    facts: {imaging.positive: false}
    expect: {medically_necessary: true, criteria: {imaging: met}}
YAML
expect 1 out "  imaging: expected met, got not_met (imaging.positive = false)" -- test "$MIN" "$tmp/failing.yaml"
expect 1 out "5 passed, 1 failed" -- test "$MIN" "$tmp/failing.yaml"
expect 1 out '<failure type="mismatch" message="2 differences">' -- test --format junit "$MIN" "$tmp/failing.yaml"
expect 1 out "" -- test --format junit --output "$tmp/junit.xml" "$MIN" "$tmp/failing.yaml"
if command -v python3 >/dev/null 2>&1; then
	cases=$((cases + 1))
	python3 - "$tmp/junit.xml" "$tmp/lint.sarif" <<'PY' || fail=1
import json, sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == "testsuites" and root.get("failures") == "1", root.attrib
names = [c.get("name") for c in root.iter("testcase")]
assert "wrong expectation & <escaping>" in names, names
log = json.load(open(sys.argv[2]))
assert log["version"] == "2.1.0" and log["runs"][0]["tool"]["driver"]["name"] == "imrcheck"
assert all("id" in r for r in log["runs"][0]["tool"]["driver"]["rules"])
PY
fi

echo "$cases CLI cases run"
exit $fail
