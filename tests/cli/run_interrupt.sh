#!/bin/sh
# run_interrupt.sh - an interrupted audit leaves no output file behind.
#
# `imrcheck audit --output FILE --html FILE` writes each report to a
# temporary file beside it (FILE.tmpXXXXXX, both opened before the run
# starts) and renames it over FILE only when complete; SIGINT and SIGTERM
# unlink the temporary files before the program dies (src/cli/outfile.c).
#
# For each signal (TERM, then INT) this starts an audit of a corpus large
# enough to take several seconds (the fixture letters copied many times
# into a temporary directory), waits until both temporary files exist,
# sends the signal, and checks that the program died of it and that
# neither FILE nor any FILE.tmp* remains. A last run that is not
# interrupted must leave exactly the two reports.
set -u
: "${IMR_BIN:?}" "${IMR_FIXTURES:?}" "${IMR_RULES:?}"

tmp=$(mktemp -d)
pid=
trap 'if [ -n "$pid" ]; then kill -KILL "$pid" 2>/dev/null; fi; rm -rf "$tmp"' EXIT
fail=0

# the corpus: 20 copies of the 2016-17 letters (about 1,700 letters)
mkdir "$tmp/corpus"
i=0
while [ $i -lt 20 ]; do
	mkdir "$tmp/corpus/$i"
	cp "$IMR_FIXTURES"/letters/dwc-imr-2016/txt/*.txt "$tmp/corpus/$i/"
	i=$((i + 1))
done

# leftovers DIR: the files in DIR, one per line
leftovers() { ls -A "$1"; }

# interrupt SIGNAL STATUS: STATUS is how sh reports death by SIGNAL
interrupt() {
	sig=$1 want=$2
	out="$tmp/out-$sig"
	mkdir "$out"
	# a shell starts background jobs with SIGINT ignored; give the program
	# the default disposition, as a terminal would
	env --default-signal=INT,TERM "$IMR_BIN" audit --rules "$IMR_RULES" --jobs 1 --quiet \
		--output "$out/report.txt" --html "$out/report.html" "$tmp/corpus" \
		>"$tmp/stdout" 2>"$tmp/stderr" &
	pid=$!
	# wait (up to 60 s) until both temporary files exist
	n=0
	while [ $n -lt 600 ]; do
		if ls "$out"/report.txt.tmp* >/dev/null 2>&1 && ls "$out"/report.html.tmp* >/dev/null 2>&1; then
			break
		fi
		if ! kill -0 "$pid" 2>/dev/null; then
			break
		fi
		sleep 0.1
		n=$((n + 1))
	done
	if ! ls "$out"/report.txt.tmp* >/dev/null 2>&1; then
		echo "FAIL SIG$sig: no temporary output file appeared"
		sed 's/^/  stderr: /' "$tmp/stderr"
		fail=1
	fi
	kill -"$sig" "$pid" 2>/dev/null
	wait "$pid"
	got=$?
	pid=
	if [ "$got" -ne "$want" ]; then
		echo "FAIL SIG$sig: exit status $got, expected $want (death by SIG$sig)"
		[ "$got" -le 3 ] && echo "  the audit finished before the signal: make the corpus larger"
		fail=1
	fi
	left=$(leftovers "$out")
	if [ -n "$left" ]; then
		echo "FAIL SIG$sig: files left behind in the output directory:"
		echo "$left" | sed 's/^/  /'
		fail=1
	else
		echo "SIG$sig: the audit died of the signal and left no output file"
	fi
}

interrupt TERM 143
interrupt INT 130

# not interrupted: both reports, nothing else
out="$tmp/out-complete"
mkdir "$out"
"$IMR_BIN" audit --rules "$IMR_RULES" --jobs 2 --quiet --output "$out/report.txt" \
	--html "$out/report.html" "$IMR_FIXTURES/letters/seeds" >/dev/null 2>"$tmp/stderr"
got=$?
left=$(leftovers "$out" | tr '\n' ' ')
if [ "$got" -ne 0 ] || [ "$left" != "report.html report.txt " ]; then
	echo "FAIL complete run: exit $got, files: $left"
	sed 's/^/  stderr: /' "$tmp/stderr"
	fail=1
fi
exit $fail
