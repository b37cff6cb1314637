#!/bin/sh
# run_bad_input.sh - broken and hostile inputs: the exact message and exit status.
#
# Every case runs imrcheck on one bad input and checks two things: the exit
# status, and that one whole line of standard error (or, for `audit`, of
# the report on standard output) is exactly the expected message. Each run
# is killed after $IMR_BAD_TIMEOUT seconds (default 60), so a hang fails.
# How long a case takes is not asserted (machines are shared and sanitizer
# builds are slow); speed is measured by tools/bench in CPU seconds.
#
# Inputs are made here, in a temporary directory, from the fixtures: the
# large ones (a 50 MB file, a 1 MB line, YAML nested 10,000 deep, an alias
# bomb) are generated at each run and never committed. The PDF that needs
# a user password is made with qpdf (Debian package qpdf, which
# tools/bootstrap-debian.sh installs). An unreadable file cannot be made
# as root, whom permission bits do not stop, so as root a dangling
# symbolic link stands in for it (as in tests/lib/test_audit.c).
#
# IMR_BAD_SHOW=1 prints what each case produced instead of checking it,
# for writing new cases; every expected line below was read and judged by
# hand, never copied blindly.
#
# Usage: run_bad_input.sh (through ctest: IMR_BIN, IMR_FIXTURES, IMR_RULES)
set -u
# In the sanitizer build, a sanitizer report (a leak too) exits with a
# status no case expects, so it cannot pass for the exit statuses 1 or 2.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=86"
export ASAN_OPTIONS
: "${IMR_BIN:?}" "${IMR_FIXTURES:?}" "${IMR_RULES:?}"
case "$IMR_BIN" in /*) ;; *) IMR_BIN=$(pwd)/$IMR_BIN ;; esac
# the shipped rules, wherever a case gives no --rules
IMRCHECK_RULES=$IMR_RULES
export IMRCHECK_RULES

tmp=$(mktemp -d)
trap 'chmod -R u+rwX "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
cd "$tmp" || exit 2
mkdir run
timeout_s=${IMR_BAD_TIMEOUT:-60}
show=${IMR_BAD_SHOW:-0}
fail=0
cases=0

now() { date +%s; }

# bad NAME STATUS STREAM 'LINE' -- ARGS...
#   run imrcheck ARGS; expect exit STATUS and LINE as a whole line of
#   standard error (STREAM err) or standard output (STREAM out)
bad() {
	name=$1 want=$2 stream=$3 line=$4
	shift 5
	cases=$((cases + 1))
	start=$(now)
	timeout "$timeout_s" "$IMR_BIN" "$@" >run/out 2>run/err </dev/null
	got=$?
	check_result
}

# bad_stdin NAME STATUS STREAM 'LINE' FILE -- ARGS...: the same, FILE on stdin
bad_stdin() {
	name=$1 want=$2 stream=$3 line=$4 input=$5
	shift 6
	cases=$((cases + 1))
	start=$(now)
	timeout "$timeout_s" "$IMR_BIN" "$@" >run/out 2>run/err <"$input"
	got=$?
	check_result
}

check_result() {
	elapsed=$(($(now) - start))
	if [ "$show" = 1 ]; then
		echo "== $name: exit $got (${elapsed}s)"
		sed 's/^/  err| /' run/err | head -8
		sed 's/^/  out| /' run/out | head -4
		return
	fi
	if [ "$got" -eq 124 ]; then
		echo "FAIL $name: still running after ${timeout_s}s (a hang)"
		fail=1
	elif [ "$got" -ne "$want" ]; then
		echo "FAIL $name: exit $got, expected $want"
		sed 's/^/  stderr: /' run/err | head -5
		fail=1
	elif ! grep -qxF -- "$line" "run/$stream"; then
		echo "FAIL $name: std$stream has no line"
		echo "  expected: $line"
		sed "s/^/  std$stream: /" "run/$stream" | head -10
		fail=1
	fi
}


MIN="$IMR_FIXTURES/rules-min"
SEED="$IMR_FIXTURES/letters/seeds/001_761f33d4263bd4f6.txt"
PDF="$IMR_FIXTURES/pdf/dwc-imr-2016/CM16-0213037.pdf"
SUMMARY_OK="Summary: 1 letter (0 unreadable), 1 item: 1 agree, 0 disagree, 0 indeterminate"
SUMMARY_BAD="Summary: 1 letter (1 unreadable), 0 items: 0 agree, 0 disagree, 0 indeterminate"
REQ_OK='  Decision:  medically necessary; predicted IMR outcome: overturned'

# ---- inputs ----

: >empty.txt
printf '  \n\t\n   \n' >blank.txt
printf '\177ELF\002\001\001\000\000\000\000\000\000\000\000\000' >binary.txt
# NUL inside an otherwise good letter, on line 3
{ head -n 2 "$SEED"; printf 'abc\000def\n'; tail -n +3 "$SEED"; } >nul-letter.txt
# control characters but no NUL: more than one character in ten
i=0; : >controls.txt
while [ $i -lt 40 ]; do printf 'pain\001\002\003 ' >>controls.txt; i=$((i + 1)); done
# bytes that are not UTF-8 in a letter: read as Windows-1252, the letter is read
sed "31s/chronic/chronic $(printf '\377\376')/" "$SEED" >latin1-letter.txt
printf 'date: 2016-01-01\n\377\376: 1\nitems: [{procedure: injection}]\n' >bad-utf8.yaml
# UTF-16 with a byte-order mark: decoded
iconv -f UTF-8 -t UTF-16 "$SEED" >utf16-letter.txt
printf 'date: 2016-01-01\nfacts: {exam.sign_a: true, imaging.positive: true}\nitems:\n  - procedure: injection\n' |
	iconv -f UTF-8 -t UTF-16 >utf16.yaml
# line ends: CRLF, and CR alone in a letter cut in mid-item
sed 's/$/\r/' "$SEED" >crlf-letter.txt
head -n 72 "$SEED" | tr '\n' '\r' >cr-cut.txt
printf 'date: 2016-01-01\r\nitems:\r\n  - procedure: injecton\r\n' >crlf.yaml
# a 50 MB file (of text: the size, not its content, is the problem)
yes 'The patient reports low back pain radiating to the left leg.' | head -c 52428800 >big.txt
{ echo 'date: 2016-01-01'; yes '# a comment line in a very large request file'; } | head -c 52428800 >big.yaml
# a 1 MB line
awk 'BEGIN { for (i = 0; i < 16384; i++) printf "low back pain radiating to the left leg with numb "; print "" }' >line.txt
# YAML nested 10,000 deep, as a request and as a rule file
awk 'BEGIN { printf "items: "; for (i = 0; i < 10000; i++) printf "["; for (i = 0; i < 10000; i++) printf "]"; print "" }' >deep.yaml
mkdir deep-rules && cp deep.yaml deep-rules/deep.yaml
# an alias bomb: eleven anchors, each list ten aliases of the one before
awk 'BEGIN { print "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]";
	for (i = 1; i < 11; i++) { printf "a%d: &a%d [", i, i;
		for (j = 0; j < 10; j++) printf "%s*a%d", j ? ", " : "", i - 1; print "]" } }' >bomb.yaml
mkdir bomb-rules && cp bomb.yaml bomb-rules/bomb.yaml
# duplicate keys, a wrong-typed value, numbers out of range, impossible dates
printf 'date: 2016-01-01\nitems: [{procedure: injection}]\ndate: 2016-01-02\n' >dup.yaml
printf 'date: 2016-01-01\nitems: 5\n' >wrong-type.yaml
printf 'date: 2016-01-01\nitems: [{procedure: injection}]\nfacts:\n  prior.relief_percent: 150\n' >range.yaml
printf 'date: 2016-01-01\nitems: [{procedure: injection}]\nfacts:\n  prior.count: 1e999\n' >huge.yaml
printf 'date: 2016-01-01\nfacts: {prior.count: 1.5}\nitems: [{procedure: injection}]\n' >frac-fact.yaml
printf 'date: 2016-01-01\nitems:\n  - procedure: injection\n    level_count: 0.25\n' >frac-item.yaml
printf 'date: 2016-02-30\nitems: [{procedure: injection}]\n' >bad-date.yaml
printf 'date: 2016-01-01\nfacts: {injury.date: 2017-03-01}\nitems:\n  - service: lumbar epidural steroid injection at L4-L5\n' >future-injury.yaml
printf 'date: 9999-12-31\nitems: [{procedure: injection}]\n' >far-date.yaml
printf 'date: 2016-01-01\nitems: [{procedure: injection}]\nfacts: {prior.date: 1850-01-01}\n' >far-fact-date.yaml
printf 'date: 2016-01-01\nitems: [{procedure: injection}]\nfacts: {prior.date: 02/30/2016}\n' >bad-fact-date.yaml
sed 's#08/18/2014#02/30/2014#g; s#08/17/2014#02/30/2014#g; s#08/13/2014#02/31/2014#g' "$SEED" >bad-dates-letter.txt
printf 'An MRI of the lumbar spine dated 02/30/2016 showed a disc extrusion.\nThe last epidural steroid injection was performed on 02/30/2016.\n' >bad-dates-notes.txt
mkdir bad-rules
cat >bad-rules/dup.yaml <<'YAML'
kind: rule
id: x.dup
title: X
title: Y
YAML
cat >bad-rules/wrong-type.yaml <<'YAML'
kind: rule
id: x.wrong
title: X
guideline: ODG
citation: {document: D, section: S}
applies: request.procedure = other_injection
complete: maybe
recommendation: conditional
summary: S.
criteria:
  - {id: c, text: T., require: exam.sign_a, advice: A.}
YAML
printf 'kind: rule\nid: x.\377\n' >bad-rules/bad-utf8.yaml
printf 'kind: rule\nid: x\000y\n' >bad-rules/nul.yaml
# a NUL written as an escape: once the rule id was silently cut to 'x'
printf 'kind: rule\nid: "x\\0y"\n' >bad-rules/escaped-nul.yaml
printf 'date: 2016-01-01\nitems:\n  - procedure: "inj\\x00ection"\n' >escaped-nul.yaml
printf 'date: 2016-01-01\nitems:\n  - procedure: "inj\\u0000ection"\n' >escaped-nul-u.yaml
# a lint-valid rule set whose lexicon backtracks catastrophically
cp -r "$MIN" slow-rules && chmod -R u+w slow-rules
cat >slow-rules/slow.yaml <<'YAML'
kind: lexicon
name: slow
description: A pattern that backtracks catastrophically on text that almost matches.
target: notes
entries:
  - id: a
    fact: exam.sign_a
    patterns: ['(a|aa)+$']
YAML
awk 'BEGIN { printf "Notes.\n"; for (i = 0; i < 20000; i++) printf "a"; print "b" }' >almost.txt
# letters cut off: in mid-item, in mid-sentence, before the first item
head -n 72 "$SEED" >cut-mid-item.txt
head -c 5000 "$IMR_FIXTURES/letters/seeds/003_f22448475d8fce90.txt" >cut-mid-sentence.txt
head -n 62 "$SEED" >cut-before-items.txt
# a directory where a file is expected
mkdir dir.yaml dir.txt
# a rules directory with links back into itself (once a hang: each link
# was followed again at every level, 2^32 directories)
cp -r "$MIN" loop-rules && chmod -R u+w loop-rules
ln -s . loop-rules/a
ln -s . loop-rules/b
# FIFOs named like rule files, requests and letters: opening one for
# reading blocks until a writer comes, so each was once a hang
cp -r "$MIN" fifo-rules && chmod -R u+w fifo-rules
mkfifo fifo-rules/zz-fifo.yaml fifo-rule.yaml fifo-request.yaml fifo-letter.txt
# PDFs: a damaged copy (cut short) and one that needs a user password
head -c 10000 "$PDF" >damaged.pdf
if command -v qpdf >/dev/null 2>&1; then
	qpdf --encrypt user-secret owner-secret 256 -- "$PDF" password.pdf
else
	echo "FAIL: qpdf is not installed (tools/bootstrap-debian.sh installs it)"
	fail=1
	cp damaged.pdf password.pdf
fi
# an audit corpus: one good letter and one of every kind of bad file
mkdir corpus
cp "$SEED" corpus/a-good.txt
cp empty.txt corpus/b-empty.txt
cp binary.txt corpus/c-binary.txt
cp big.txt corpus/d-big.txt
cp line.txt corpus/e-line.txt
cp cut-mid-item.txt corpus/f-cut.txt
cp damaged.pdf corpus/g-damaged.pdf
cp password.pdf corpus/h-password.pdf
ln -s . corpus/i-loop
ln -s j-chain.txt corpus/j-chain.txt
if [ "$(id -u)" -eq 0 ]; then
	ln -s /nonexistent/imr-missing.txt corpus/k-unreadable.txt
	UNREADABLE="  corpus/k-unreadable.txt: broken or looping symbolic link: No such file or directory"
else
	cp "$SEED" corpus/k-unreadable.txt
	chmod 000 corpus/k-unreadable.txt
	UNREADABLE="  corpus/k-unreadable.txt: error: cannot open: Permission denied"
fi
mkfifo corpus/l-fifo.txt

# ---- empty and whitespace-only ----

bad letter-empty 2 err 'empty.txt:1:1: error: empty letter' -- letter empty.txt
bad letter-blank 2 err 'blank.txt:1:1: error: empty letter' -- letter blank.txt
bad check-empty-request 2 err 'empty.txt: error: file is empty; a request needs '"'"'items'"'" -- check --rules "$MIN" empty.txt
bad extract-blank 2 err 'blank.txt:1:1: error: empty text (nothing but whitespace)' -- extract blank.txt
bad notes-empty 2 err 'empty.txt:1:1: error: empty text (nothing but whitespace)' -- check --service 'lumbar injection' --notes empty.txt

# ---- binary data and NUL bytes ----

bad letter-binary 2 err 'binary.txt:1:8: error: binary data at byte 7, not text' -- letter binary.txt
bad letter-nul 2 err 'nul-letter.txt:3:4: error: binary data at byte 47, not text' -- letter nul-letter.txt
bad extract-controls 2 err 'controls.txt:1:5: error: binary data at byte 4, not text' -- extract controls.txt
bad notes-binary 2 err 'binary.txt:1:8: error: binary data at byte 7, not text' -- check --rules "$MIN" --service 'lumbar injection' --notes binary.txt
bad lint-nul 1 out 'bad-rules/nul.yaml:2:6: error: control characters are not allowed at byte 16 [yaml-syntax]' -- lint "$MIN" bad-rules/nul.yaml
bad lint-escaped-nul 1 out 'bad-rules/escaped-nul.yaml:2:5: error: an escape in this string makes a NUL character, which is not allowed [yaml-syntax]' -- lint "$MIN" bad-rules/escaped-nul.yaml
bad check-escaped-nul 2 err 'escaped-nul.yaml:3:16: error: an escape in this string makes a NUL character, which is not allowed' -- check --rules "$MIN" escaped-nul.yaml
bad check-escaped-nul-u 2 err 'escaped-nul-u.yaml:3:16: error: an escape in this string makes a NUL character, which is not allowed' -- check --rules "$MIN" escaped-nul-u.yaml

# ---- invalid UTF-8 ----

bad letter-latin1 0 out "$SUMMARY_OK" -- letter latin1-letter.txt
bad check-bad-utf8 2 err 'bad-utf8.yaml:2:1: error: invalid leading UTF-8 octet at byte 17' -- check --rules "$MIN" bad-utf8.yaml
bad lint-bad-utf8 1 out 'bad-rules/bad-utf8.yaml:2:7: error: invalid leading UTF-8 octet at byte 17 [yaml-syntax]' -- lint "$MIN" bad-rules/bad-utf8.yaml

# ---- UTF-16 with a byte-order mark ----

bad letter-utf16 0 out "$SUMMARY_OK" -- letter utf16-letter.txt
bad check-utf16 0 out "$REQ_OK" -- check --rules "$MIN" utf16.yaml

# ---- CRLF and CR-only line ends ----

bad letter-crlf 0 out "$SUMMARY_OK" -- letter crlf-letter.txt
bad letter-cr-cut 2 err "cr-cut.txt:71:25: error: letter ends in mid-item: item 1 ('OUTPATIENT BILATERAL SACROILIAC JOINT INJECTIONS') has no decision rationale" -- letter cr-cut.txt
bad check-crlf 2 err "crlf.yaml:3:16: error: 'injecton' is not a value of 'procedure' (did you mean 'injection'? valid values: injection, other_injection, guidance)" -- check --rules "$MIN" crlf.yaml

# ---- a 50 MB file ----

bad letter-50mb 2 err 'big.txt: error: file is larger than the limit of 16777216 bytes' -- letter big.txt
bad check-50mb 2 err 'big.yaml: error: file is larger than the limit of 8388608 bytes' -- check --rules "$MIN" big.yaml
bad_stdin extract-50mb-stdin 2 err '<stdin>: error: input is larger than the limit of 16777216 bytes' big.txt -- extract -
bad notes-50mb 2 err 'big.txt: error: file is larger than the limit of 16777216 bytes' -- check --rules "$MIN" --service 'lumbar injection' --notes big.txt

# ---- a 1 MB line ----

bad letter-1mb-line 2 err 'line.txt:1:65537: error: line 1 is longer than the limit of 65536 bytes' -- letter line.txt
bad extract-1mb-line 2 err 'line.txt:1:65537: error: line 1 is longer than the limit of 65536 bytes' -- extract line.txt
bad notes-1mb-line 2 err 'line.txt:1:65537: error: line 1 is longer than the limit of 65536 bytes' -- check --rules "$MIN" --service 'lumbar injection' --notes line.txt

# ---- YAML nested 10,000 deep ----

bad check-deep 2 err 'deep.yaml:1:71: error: nesting deeper than 64 levels' -- check --rules "$MIN" deep.yaml
bad lint-deep 1 out 'deep-rules/deep.yaml:1:71: error: nesting deeper than 64 levels [yaml-limit]' -- lint "$MIN" deep-rules
bad explain-deep 2 err 'deep-rules/deep.yaml:1:71: error: nesting deeper than 64 levels' -- explain --rules deep-rules --facts

# ---- a YAML alias bomb ----

bad check-bomb 2 err "bomb.yaml:2:10: error: aliases are not allowed ('*a0'); write the content out" -- check --rules "$MIN" bomb.yaml
bad check-bomb-cap 2 err 'bomb.yaml:11:6: error: more than 100 errors; the rest of the file was not read' -- check --rules "$MIN" bomb.yaml
bad test-bomb 2 err "bomb-rules/bomb.yaml:2:10: error: aliases are not allowed ('*a0'); write the content out [yaml-alias]" -- test bomb-rules
bad explain-bomb 2 err "bomb-rules/bomb.yaml:1:5: error: anchors are not allowed ('&a0'); write the content out" -- explain --rules bomb-rules --list

# ---- duplicate keys ----

bad check-dup 2 err "dup.yaml:3:1: error: duplicate key 'date'" -- check --rules "$MIN" dup.yaml
bad lint-dup 1 out "bad-rules/dup.yaml:4:1: error: duplicate key 'title' [duplicate-key]" -- lint "$MIN" bad-rules/dup.yaml

# ---- a wrong-typed value ----

bad check-wrong-type 2 err "wrong-type.yaml:2:8: error: 'items' must be a non-empty list, found a number" -- check --rules "$MIN" wrong-type.yaml
bad test-wrong-type 2 err "bad-rules/wrong-type.yaml:7:11: error: 'complete' must be true or false, found a string [wrong-type]" -- test "$MIN" bad-rules/wrong-type.yaml

# ---- numbers out of range ----

bad check-range 2 err "range.yaml:4:25: error: 150 is outside the range of 'prior.relief_percent' (0 to 100)" -- check --rules "$MIN" range.yaml
bad check-huge-number 2 err "huge.yaml:4:16: error: 'prior.count' is a number; found a number out of range" -- check --rules "$MIN" huge.yaml

# ---- fractions where a count is expected ----

bad check-fraction-fact 2 err "frac-fact.yaml:2:22: error: 'prior.count' is a count, a whole number; found 1.5" -- check --rules "$MIN" frac-fact.yaml
bad check-fraction-item 2 err "frac-item.yaml:4:18: error: 'request.level_count' is a count, a whole number; found 0.25" -- check --rules "$MIN" frac-item.yaml

# ---- impossible dates (02/30/2016) ----

bad check-bad-date 2 err "bad-date.yaml:1:7: error: invalid date '2016-02-30' (expected YYYY-MM-DD)" -- check --rules "$MIN" bad-date.yaml
bad check-far-date 2 err "far-date.yaml:1:7: error: invalid date '9999-12-31' (year out of range: 1900 to 2199)" -- check --rules "$MIN" far-date.yaml
bad check-far-fact-date 2 err "far-fact-date.yaml:3:21: error: invalid date '1850-01-01' for 'prior.date' (year out of range: 1900 to 2199)" -- check --rules "$MIN" far-fact-date.yaml
bad check-far-date-option 2 err "imrcheck: invalid --date '9999-12-31' (year out of range: 1900 to 2199)" -- check --rules "$MIN" --date 9999-12-31 utf16.yaml
# a date of the record after the request: evaluated, with a warning
bad check-injury-after-request 1 err "future-injury.yaml:2:22: warning: 'injury.date' is 2017-03-01, after the request date 2016-01-01; the record a request rests on cannot be later than the request" -- check future-injury.yaml
bad check-bad-fact-date 2 err "bad-fact-date.yaml:3:21: error: invalid date '02/30/2016' for 'prior.date' (expected YYYY-MM-DD)" -- check --rules "$MIN" bad-fact-date.yaml
bad letter-bad-dates 0 out 'Request date: 2014-02-18 (latest date in the clinical case summary)' -- letter bad-dates-letter.txt
bad extract-bad-dates 0 out '  line 2, bytes 78-132: prior-injections/esi-date -> prior_injection.esi.date = unreadable not counted' -- extract bad-dates-notes.txt

# ---- a rule whose regex backtracks catastrophically, on a long input ----

bad lint-slow-rules 0 out "slow-rules/slow.yaml:8:17: warning: alternatives 'a' and 'aa' of the repeated group at offset 0 overlap: catastrophic backtracking on text that almost matches [regex-backtracking]" -- lint slow-rules
bad extract-backtracking 2 err "almost.txt:1:1: error: pattern 1 of lexicon entry 'slow/a' hit the PCRE2 match limit in a search that started here; the text was not fully searched" -- extract --rules slow-rules almost.txt

# ---- letters cut off ----

bad letter-cut-mid-item 2 err "cut-mid-item.txt:71:25: error: letter ends in mid-item: item 1 ('OUTPATIENT BILATERAL SACROILIAC JOINT INJECTIONS') has no decision rationale" -- letter cut-mid-item.txt
bad letter-cut-mid-sentence 0 err "cut-mid-sentence.txt:193:52: warning: the letter's last sentence has no full stop; the letter may be cut off" -- letter cut-mid-sentence.txt
bad letter-cut-before-items 2 err "cut-before-items.txt:61:96: error: letter ends before its first disputed item (no '<service>: Upheld' or '<service>: Overturned' line after 'IMR ISSUES, DECISIONS AND RATIONALES')" -- letter cut-before-items.txt

# ---- a directory where a file was expected ----

bad check-dir 2 err 'dir.yaml: error: is a directory, not a file' -- check --rules "$MIN" dir.yaml
bad letter-dir 2 err 'dir.txt: error: is a directory, not a file' -- letter dir.txt
bad extract-dir 2 err 'dir.txt: error: is a directory, not a file' -- extract dir.txt
bad lint-symlink-loop 1 out 'loop-rules/a: error: symbolic link loop: this directory is already being read [io]' -- lint loop-rules
bad check-output-dir 2 err 'imrcheck: dir.txt: cannot write: Is a directory' -- check --rules "$MIN" --output dir.txt utf16.yaml

# ---- FIFOs: never waited on ----

bad lint-fifo-in-rules 1 out 'fifo-rules/zz-fifo.yaml: error: not a regular file [io]' -- lint fifo-rules
bad check-fifo-in-rules 2 err 'fifo-rules/zz-fifo.yaml: error: not a regular file' -- check --rules fifo-rules utf16.yaml
bad test-fifo-in-rules 2 err 'fifo-rules/zz-fifo.yaml: error: not a regular file [io]' -- test fifo-rules
bad explain-fifo-in-rules 2 err 'fifo-rules/zz-fifo.yaml: error: not a regular file' -- explain --rules fifo-rules --list
bad lint-fifo-rule-file 1 out 'fifo-rule.yaml: error: not a regular file [io]' -- lint "$MIN" fifo-rule.yaml
# a FIFO named as an input is read as a stream (so that <(...) works); with
# no writer it is empty, at once
bad check-fifo-request 2 err "fifo-request.yaml: error: file is empty; a request needs 'items'" -- check --rules "$MIN" fifo-request.yaml
bad letter-fifo 2 err 'fifo-letter.txt:1:1: error: empty letter' -- letter fifo-letter.txt
bad extract-fifo 2 err 'fifo-letter.txt:1:1: error: empty text (nothing but whitespace)' -- extract fifo-letter.txt
bad notes-fifo 2 err 'fifo-letter.txt:1:1: error: empty text (nothing but whitespace)' -- check --rules "$MIN" --service 'lumbar injection' --notes fifo-letter.txt

# ---- PDFs: damaged, and needing a user password ----

bad letter-damaged-pdf 2 err 'damaged.pdf: error: cannot read PDF: the file is damaged or is not a PDF' -- letter damaged.pdf
bad extract-damaged-pdf 2 err 'damaged.pdf: error: cannot read PDF: the file is damaged or is not a PDF' -- extract damaged.pdf
bad letter-password-pdf 2 err 'password.pdf: error: cannot read PDF: it needs a password to open' -- letter password.pdf
# a PDF whose name starts with '-': once taken by pdftotext as an option
# ('-v' printed its version, and the letter was "empty")
cp "$PDF" ./-v
bad letter-dash-named-pdf 0 out 'Summary: 1 letter (0 unreadable), 2 items: 2 agree, 0 disagree, 0 indeterminate' -- letter -- -v
bad extract-dash-named-pdf 0 out 'imrcheck 0.1.0: -v' -- extract -- -v
bad notes-password-pdf 2 err 'password.pdf: error: cannot read PDF: it needs a password to open' -- check --rules "$MIN" --service 'lumbar injection' --notes password.pdf

# ---- audit: every bad file is a failed letter with its reason; the run goes on ----

audit_case() {
	bad "audit-$1" 1 out "$2" -- audit --jobs 2 --quiet corpus
}
audit_case summary 'imrcheck 0.1.0 audit: 12 letters (1 parsed, 11 failed), 1 items'
audit_case empty '  corpus/b-empty.txt:1:1: error: empty letter'
audit_case binary '  corpus/c-binary.txt:1:8: error: binary data at byte 7, not text'
audit_case 50mb '  corpus/d-big.txt: error: file is larger than the limit of 16777216 bytes'
audit_case 1mb-line '  corpus/e-line.txt:1:65537: error: line 1 is longer than the limit of 65536 bytes'
audit_case cut "  corpus/f-cut.txt:71:25: error: letter ends in mid-item: item 1 ('OUTPATIENT BILATERAL SACROILIAC JOINT INJECTIONS') has no decision rationale"
audit_case damaged-pdf '  corpus/g-damaged.pdf: error: cannot read PDF: the file is damaged or is not a PDF'
audit_case password-pdf '  corpus/h-password.pdf: error: cannot read PDF: it needs a password to open'
audit_case symlink-loop '  corpus/i-loop: symbolic link loop: this directory is already being read'
audit_case symlink-chain '  corpus/j-chain.txt: broken or looping symbolic link: Too many levels of symbolic links'
audit_case unreadable "$UNREADABLE"
audit_case fifo '  corpus/l-fifo.txt: not a regular file'
# every format renders the failed letters (under ASan a leak on that path
# fails the run with LeakSanitizer's own exit status)
bad audit-json-failed 1 out '      "error": "corpus/b-empty.txt:1:1: error: empty letter"' -- audit --jobs 2 --quiet --format json corpus
bad audit-jsonl-failed 1 out '{"record":"letter","file":"corpus/b-empty.txt","error":"corpus/b-empty.txt:1:1: error: empty letter"}' -- audit --jobs 2 --quiet --format jsonl corpus
bad audit-csv-failed 1 out "$(printf 'corpus/b-empty.txt,,,,,,,,,,,,,,,,,,corpus/b-empty.txt:1:1: error: empty letter,\r')" -- audit --jobs 2 --quiet --format csv corpus
bad audit-html-failed 1 out 'imrcheck 0.1.0 audit: 12 letters (1 parsed, 11 failed), 1 items' -- audit --jobs 2 --quiet --html run/failed.html corpus
grep -q 'corpus/b-empty.txt:1:1: error: empty letter' run/failed.html || { echo "FAIL audit-html-failed: the HTML report lacks the failed letter"; fail=1; }

# ---- audit -: lists of paths on standard input ----
# A NUL byte cannot be in a path: once, the rest of the line was dropped
# unseen. A line of white space is not a path either. Both are failed
# inputs, named by their line; the other lines are audited.

printf 'corpus/a-good.txt\ncorpus/c-binary.txt\000corpus/b-empty.txt\n \t \n\ncorpus/f-cut.txt\n' >list-nul.txt
bad_stdin audit-list-summary 1 out 'imrcheck 0.1.0 audit: 4 letters (1 parsed, 3 failed), 1 items' list-nul.txt -- audit --quiet -
bad_stdin audit-list-nul 1 out "  <stdin>:2: a NUL byte in the path at byte 19; a list of paths has one per line (use --null for a NUL-separated list)" list-nul.txt -- audit --quiet -
bad_stdin audit-list-blank 1 out "  <stdin>:3: a line of white space only, not a path" list-nul.txt -- audit --quiet -
# --null (-0): the list as find -print0 writes it; a newline is part of a name
cp corpus/a-good.txt 'corpus/m-new
line.txt'
printf 'corpus/m-new\nline.txt\000corpus/c-binary.txt\000' >list0.txt
bad_stdin audit-list-null 1 out 'imrcheck 0.1.0 audit: 2 letters (1 parsed, 1 failed), 1 items' list0.txt -- audit --quiet --null -
bad_stdin audit-list-0 1 out '  corpus/c-binary.txt:1:8: error: binary data at byte 7, not text' list0.txt -- audit --quiet -0 -
bad audit-null-without-list 2 err "imrcheck: --null reads the list of paths from standard input: give '-' as the only path" -- audit --quiet --null corpus

echo "$cases bad-input cases run"
exit $fail
