#!/bin/sh
# run_output.sh - what --output and --html do to the path they are given.
#
# The promises of docs/security.md ("Output files"), each checked here on
# private files made in a temporary directory: character devices made
# with mknod (a null device, c 1 3, and a full device, c 1 7, that fails
# every write with ENOSPC), FIFOs and symbolic links. Nothing here ever
# touches the system's /dev/null or /dev/full.
#
#   - a regular file or a new path is replaced atomically (a temporary
#     file in the same directory, renamed over it when complete);
#   - a character device, FIFO or other special file is written straight
#     through, never replaced, and its write errors exit 2 with a message;
#   - a symbolic link is followed and its target replaced; the link stays;
#   - a new file gets 0666 less the umask, a replaced file keeps its mode;
#   - no temporary file (.imrcheck-*) is left behind by a complete run, a
#     failed one, or one that died of SIGPIPE.
#
# mknod needs root (or CAP_MKNOD); without it the device cases are
# skipped with a message, the others still run.
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
MIN="$IMR_FIXTURES/rules-min"
LETTERS="$IMR_FIXTURES/letters/dwc-imr-2016/txt"

req="$tmp/req.yaml"
printf 'date: 2015-01-01\nfacts: {exam.sign_a: true, imaging.positive: true}\nitems:\n  - procedure: injection\n' >"$req"

failed() {
	echo "FAIL: $*"
	fail=1
}

# run STATUS ARGS...: run imrcheck, expect exit STATUS
run() {
	want=$1
	shift
	cases=$((cases + 1))
	"$IMR_BIN" "$@" >"$tmp/stdout" 2>"$tmp/stderr" </dev/null
	got=$?
	if [ "$got" -ne "$want" ]; then
		failed "imrcheck $*: exit $got, expected $want"
		sed 's/^/  stderr: /' "$tmp/stderr" | head -5
		return 1
	fi
	return 0
}

# stderr_has TEXT: the last run's standard error has the line TEXT
stderr_has() {
	grep -qxF -- "$1" "$tmp/stderr" || {
		failed "stderr lacks the line: $1"
		sed 's/^/  stderr: /' "$tmp/stderr" | head -5
	}
}

# kind PATH: what is at PATH (file, char, fifo, link, dir, none)
kind() {
	if [ -L "$1" ]; then echo link
	elif [ -c "$1" ]; then echo char
	elif [ -p "$1" ]; then echo fifo
	elif [ -d "$1" ]; then echo dir
	elif [ -f "$1" ]; then echo file
	else echo none
	fi
}

expect_kind() {
	k=$(kind "$1")
	[ "$k" = "$2" ] || failed "$1 is a $k after the run, expected a $2"
}

# no_temporaries DIR: no temporary output file is left in DIR
no_temporaries() {
	left=$(ls -A "$1" | grep -E '^\.imrcheck-|\.tmp' || true)
	[ -z "$left" ] || failed "temporary files left in $1: $left"
}

mode_of() { stat -c %a "$1"; }

# ---- character devices: written through, never replaced ----

mkdir "$tmp/dev"
if mknod "$tmp/dev/null" c 1 3 2>/dev/null && mknod "$tmp/dev/full" c 1 7 2>/dev/null; then
	run 0 check --rules "$MIN" --output "$tmp/dev/null" "$req"
	expect_kind "$tmp/dev/null" char
	run 0 check --rules "$MIN" --format json --output "$tmp/dev/null" "$req"
	expect_kind "$tmp/dev/null" char
	run 1 audit --rules "$IMR_RULES" --quiet --output "$tmp/dev/null" --html "$tmp/dev/null" \
		"$IMR_FIXTURES/letters/seeds" "$tmp/missing.txt"
	expect_kind "$tmp/dev/null" char

	# a device whose every write fails: exit 2 with the error, device kept
	run 2 check --rules "$MIN" --output "$tmp/dev/full" "$req" &&
		stderr_has "imrcheck: $tmp/dev/full: cannot write: No space left on device"
	expect_kind "$tmp/dev/full" char
	run 2 audit --rules "$IMR_RULES" --quiet --output "$tmp/dev/full" "$IMR_FIXTURES/letters/seeds" &&
		stderr_has "imrcheck: $tmp/dev/full: cannot write: No space left on device"
	run 2 audit --rules "$IMR_RULES" --quiet --format jsonl --output "$tmp/dev/full" "$IMR_FIXTURES/letters/seeds" &&
		stderr_has "imrcheck: $tmp/dev/full: cannot write: No space left on device"
	run 2 audit --rules "$IMR_RULES" --quiet --output "$tmp/dev/null" --html "$tmp/dev/full" \
		"$IMR_FIXTURES/letters/seeds" &&
		stderr_has "imrcheck: $tmp/dev/full: cannot write: No space left on device"
	run 2 lint --output "$tmp/dev/full" "$MIN" &&
		stderr_has "imrcheck: $tmp/dev/full: cannot write: No space left on device"
	run 2 test --output "$tmp/dev/full" "$MIN" &&
		stderr_has "imrcheck: $tmp/dev/full: cannot write: No space left on device"
	expect_kind "$tmp/dev/full" char
	# standard output on the full device, and --help and --version
	for args in "check --rules $MIN $req" "--help" "--version" "check --help" "audit --help" \
		"lint --help"; do
		cases=$((cases + 1))
		# shellcheck disable=SC2086
		"$IMR_BIN" $args >"$tmp/dev/full" 2>"$tmp/stderr"
		got=$?
		[ "$got" -eq 2 ] || failed "imrcheck $args >full: exit $got, expected 2"
		grep -q "No space left on device" "$tmp/stderr" || failed "imrcheck $args >full: no message"
	done
	expect_kind "$tmp/dev/full" char
	no_temporaries "$tmp/dev"
else
	echo "skipped: the device cases need mknod (root or CAP_MKNOD)"
fi

# a block device whose driver does not exist (major 240 is reserved for
# local, experimental use; nothing answers it) and a socket: neither can
# be opened for writing, and neither is replaced
if mknod "$tmp/dev/block" b 240 0 2>/dev/null; then
	run 2 check --rules "$MIN" --output "$tmp/dev/block" "$req" &&
		stderr_has "imrcheck: $tmp/dev/block: cannot write: No such device or address"
	[ -b "$tmp/dev/block" ] || failed "the block device was replaced"
fi
if command -v python3 >/dev/null 2>&1 &&
	python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$tmp/dev/socket"; then
	run 2 check --rules "$MIN" --output "$tmp/dev/socket" "$req" &&
		stderr_has "imrcheck: $tmp/dev/socket: cannot write: No such device or address"
	[ -S "$tmp/dev/socket" ] || failed "the socket was replaced"
fi

# ---- FIFOs: written through to the reader ----

mkdir "$tmp/fifo"
mkfifo "$tmp/fifo/report"
# the reader gives up after 20 s, so a program that never opens the FIFO
# fails this test instead of hanging it
timeout 20 cat "$tmp/fifo/report" >"$tmp/fifo-read" &
reader=$!
run 0 check --rules "$MIN" --output "$tmp/fifo/report" "$req"
wait "$reader"
grep -q "predicted IMR outcome: overturned" "$tmp/fifo-read" || failed "the FIFO's reader got no report"
expect_kind "$tmp/fifo/report" fifo
no_temporaries "$tmp/fifo"

# ---- symbolic links: the target is replaced, the link stays ----

mkdir "$tmp/link" "$tmp/link/real"
echo old >"$tmp/link/real/report.txt"
chmod 640 "$tmp/link/real/report.txt"
ln -s real/report.txt "$tmp/link/report.txt"
run 0 check --rules "$MIN" --output "$tmp/link/report.txt" "$req"
expect_kind "$tmp/link/report.txt" link
expect_kind "$tmp/link/real/report.txt" file
grep -q "predicted IMR outcome" "$tmp/link/real/report.txt" || failed "the link's target was not written"
[ "$(mode_of "$tmp/link/real/report.txt")" = 640 ] || failed "the link's target lost its mode 640"
no_temporaries "$tmp/link"
no_temporaries "$tmp/link/real"
# a chain of links, and a link to a file that does not exist yet
ln -s report.txt "$tmp/link/chain"
ln -s real/new.txt "$tmp/link/dangling"
run 0 check --rules "$MIN" --output "$tmp/link/chain" "$req"
expect_kind "$tmp/link/chain" link
run 0 check --rules "$MIN" --output "$tmp/link/dangling" "$req"
expect_kind "$tmp/link/dangling" link
expect_kind "$tmp/link/real/new.txt" file
# a link to a device is followed to the device, which is written through
if [ -c "$tmp/dev/null" ]; then
	ln -s ../dev/null "$tmp/link/to-null"
	run 0 check --rules "$MIN" --output "$tmp/link/to-null" "$req"
	expect_kind "$tmp/link/to-null" link
	expect_kind "$tmp/dev/null" char
fi
# a loop of links is an error, and nothing is created
ln -s loop-b "$tmp/link/loop-a"
ln -s loop-a "$tmp/link/loop-b"
run 2 check --rules "$MIN" --output "$tmp/link/loop-a" "$req" &&
	stderr_has "imrcheck: $tmp/link/loop-a: cannot write: Too many levels of symbolic links"
expect_kind "$tmp/link/loop-a" link
no_temporaries "$tmp/link"
# in a sticky world-writable directory, a link owned by someone else is
# not followed (the rule of the kernel's fs.protected_symlinks)
if [ "$(id -u)" -eq 0 ]; then
	mkdir -m 1777 "$tmp/sticky"
	echo keep >"$tmp/victim"
	ln -s ../victim "$tmp/sticky/report.txt"
	chown -h 65534 "$tmp/sticky/report.txt"
	run 2 check --rules "$MIN" --output "$tmp/sticky/report.txt" "$req" &&
		stderr_has "imrcheck: $tmp/sticky/report.txt: cannot write: a symbolic link in a sticky world-writable directory, owned by someone else; not followed"
	[ "$(cat "$tmp/victim")" = keep ] || failed "the target of a foreign link in a sticky directory was replaced"
fi

# ---- directories and missing directories ----

mkdir "$tmp/dir"
run 2 check --rules "$MIN" --output "$tmp/dir" "$req" &&
	stderr_has "imrcheck: $tmp/dir: cannot write: Is a directory"
run 2 check --rules "$MIN" --output "$tmp/nowhere/report.txt" "$req" &&
	stderr_has "imrcheck: $tmp/nowhere/report.txt: cannot create: No such file or directory"

# ---- modes: the umask for new files, the old mode for replaced ones ----

mkdir "$tmp/mode"
(umask 077 && "$IMR_BIN" check --rules "$MIN" --output "$tmp/mode/private.txt" "$req" >/dev/null)
cases=$((cases + 1))
[ "$(mode_of "$tmp/mode/private.txt")" = 600 ] || failed "umask 077: new file has mode $(mode_of "$tmp/mode/private.txt"), expected 600"
(umask 022 && "$IMR_BIN" check --rules "$MIN" --output "$tmp/mode/public.txt" "$req" >/dev/null)
cases=$((cases + 1))
[ "$(mode_of "$tmp/mode/public.txt")" = 644 ] || failed "umask 022: new file has mode $(mode_of "$tmp/mode/public.txt"), expected 644"
echo old >"$tmp/mode/kept.txt"
chmod 604 "$tmp/mode/kept.txt"
(umask 077 && "$IMR_BIN" check --rules "$MIN" --output "$tmp/mode/kept.txt" "$req" >/dev/null)
cases=$((cases + 1))
[ "$(mode_of "$tmp/mode/kept.txt")" = 604 ] || failed "a replaced file has mode $(mode_of "$tmp/mode/kept.txt"), expected its old 604"
grep -q "predicted IMR outcome" "$tmp/mode/kept.txt" || failed "the file was not replaced"
# the same through the temporary-file fallback (no O_TMPFILE)
(umask 077 && IMRCHECK_NO_O_TMPFILE=1 "$IMR_BIN" check --rules "$MIN" --output "$tmp/mode/fallback.txt" "$req" >/dev/null)
cases=$((cases + 1))
[ "$(mode_of "$tmp/mode/fallback.txt")" = 600 ] || failed "fallback, umask 077: mode $(mode_of "$tmp/mode/fallback.txt"), expected 600"
(IMRCHECK_NO_O_TMPFILE=1 "$IMR_BIN" check --rules "$MIN" --output "$tmp/mode/kept.txt" "$req" >/dev/null)
cases=$((cases + 1))
[ "$(mode_of "$tmp/mode/kept.txt")" = 604 ] || failed "fallback: a replaced file has mode $(mode_of "$tmp/mode/kept.txt"), expected 604"
no_temporaries "$tmp/mode"

# as root, a replaced file keeps its owner and group too
if [ "$(id -u)" -eq 0 ]; then
	echo old >"$tmp/mode/owned.txt"
	chown 65534:65534 "$tmp/mode/owned.txt"
	chmod 640 "$tmp/mode/owned.txt"
	run 0 check --rules "$MIN" --output "$tmp/mode/owned.txt" "$req"
	[ "$(stat -c %u:%g:%a "$tmp/mode/owned.txt")" = 65534:65534:640 ] ||
		failed "a replaced file owned by 65534 is now $(stat -c %u:%g:%a "$tmp/mode/owned.txt")"
fi
# a hard link to a replaced file keeps the old content (the name is
# replaced, not the file)
echo old >"$tmp/mode/linked.txt"
ln "$tmp/mode/linked.txt" "$tmp/mode/hard.txt"
run 0 check --rules "$MIN" --output "$tmp/mode/linked.txt" "$req"
[ "$(cat "$tmp/mode/hard.txt")" = old ] || failed "the hard link's content changed"
grep -q "predicted IMR outcome" "$tmp/mode/linked.txt" || failed "the hard-linked file was not replaced"
no_temporaries "$tmp/mode"

# ---- a regular file that becomes a FIFO while the report is written ----
# It is not replaced: the run fails and the FIFO stays.
mkdir "$tmp/swap" "$tmp/swap/corpus"
for i in 1 2 3 4; do
	mkdir "$tmp/swap/corpus/$i"
	cp "$LETTERS"/*.txt "$tmp/swap/corpus/$i/"
done
# The wait is for the report's own file, not the corpus (its directory, open
# while the inputs are listed, before the report is opened, or a letter of
# it). A run that opened the FIFO anyway would block on it: a watchdog
# bounds it.
"$IMR_BIN" audit --rules "$IMR_RULES" --jobs 1 --quiet --output "$tmp/swap/report.txt" "$tmp/swap/corpus" \
	>/dev/null 2>"$tmp/swap-stderr" &
pid=$!
(sleep 300; kill "$pid" 2>/dev/null) >/dev/null 2>&1 </dev/null &
watchdog=$!
n=0
while [ $n -lt 300 ] && ! ls -l "/proc/$pid/fd" 2>/dev/null | grep -F -- "-> $tmp/swap/" |
	grep -qvF -- "-> $tmp/swap/corpus"; do
	sleep 0.1
	n=$((n + 1))
done
mkfifo "$tmp/swap/report.txt"
wait "$pid"
got=$?
kill "$watchdog" 2>/dev/null
cases=$((cases + 1))
if [ "$got" -ne 2 ] || ! grep -qxF "imrcheck: $tmp/swap/report.txt: cannot write: it is no longer a regular file" "$tmp/swap-stderr"; then
	failed "a target swapped for a FIFO during the run: exit $got"
	sed 's/^/  stderr: /' "$tmp/swap-stderr"
fi
[ -p "$tmp/swap/report.txt" ] || failed "the FIFO put in place of the target was replaced"
no_temporaries "$tmp/swap"

# ---- SIGPIPE: the reader of standard output goes away ----
# The JSON report of the fixture letters is far larger than a pipe holds,
# so the write to standard output meets a closed pipe; the HTML report,
# open as a temporary file at that moment, must not be left behind.

for fallback in 0 1; do
	mkdir "$tmp/pipe$fallback"
	cases=$((cases + 1))
	{
		IMRCHECK_NO_O_TMPFILE=$fallback env --default-signal=PIPE "$IMR_BIN" audit --rules "$IMR_RULES" --quiet --jobs 2 \
			--format json --html "$tmp/pipe$fallback/report.html" "$LETTERS" 2>"$tmp/stderr"
		echo $? >"$tmp/pipe-status"
	} | head -c 10 >/dev/null
	got=$(cat "$tmp/pipe-status")
	[ "$got" -eq 141 ] || failed "audit | head (fallback=$fallback): exit $got, expected 141 (death by SIGPIPE)"
	left=$(ls -A "$tmp/pipe$fallback")
	[ -z "$left" ] || failed "audit | head (fallback=$fallback) left: $left"
done

echo "$cases output cases run"
exit $fail
