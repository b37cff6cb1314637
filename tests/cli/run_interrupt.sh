#!/bin/sh
# run_interrupt.sh - an interrupted audit leaves no output file behind.
#
# `imrcheck audit --output FILE --html FILE` opens both reports before the
# run starts, each as a temporary file in FILE's directory, and renames it
# over FILE only when complete (src/cli/outfile.c). The temporary file is
# anonymous (O_TMPFILE) where the file system allows it, so nothing is
# left even by SIGKILL; otherwise it is a named .imrcheck-XXXXXX file that
# the signal handler unlinks before the program dies of a catchable fatal
# signal. IMRCHECK_NO_O_TMPFILE=1 forces the named files, so that path is
# tested too.
#
# For each signal (TERM, INT, HUP, QUIT; KILL only with O_TMPFILE) this
# starts an audit of a corpus large enough to take several seconds (the
# fixture letters copied many times into a temporary directory), waits
# until the program holds both temporary files open (seen in
# /proc/PID/fd), sends the signal, and checks that the program died of it
# and that nothing at all remains in the output directory. A last run
# that is not interrupted must leave exactly the two reports.
set -u
ulimit -c 0 2>/dev/null || true
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

# open_outputs PID DIR: how many files in DIR the process PID holds open
open_outputs() {
	ls -l "/proc/$1/fd" 2>/dev/null | grep -cF -- "-> $2/"
}

# interrupt SIGNAL STATUS FALLBACK: STATUS is how sh reports death by
# SIGNAL; FALLBACK=1 forces named temporary files
interrupt() {
	sig=$1 want=$2 fallback=$3
	out="$tmp/out-$sig-$fallback"
	mkdir "$out"
	# a shell starts background jobs with SIGINT ignored; give the program
	# the default disposition, as a terminal would
	IMRCHECK_NO_O_TMPFILE=$fallback env --default-signal=INT,TERM,HUP,QUIT,USR1,ALRM,PIPE "$IMR_BIN" audit \
		--rules "$IMR_RULES" --jobs 1 --quiet --output "$out/report.txt" \
		--html "$out/report.html" "$tmp/corpus" >"$tmp/stdout" 2>"$tmp/stderr" &
	pid=$!
	# wait (up to 60 s) until both temporary files are open
	n=0
	while [ $n -lt 600 ]; do
		[ "$(open_outputs "$pid" "$out")" -ge 2 ] && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
		n=$((n + 1))
	done
	if [ "$(open_outputs "$pid" "$out")" -lt 2 ]; then
		echo "FAIL SIG$sig (fallback=$fallback): the temporary output files were never open"
		sed 's/^/  stderr: /' "$tmp/stderr"
		fail=1
	fi
	kill -"$sig" "$pid" 2>/dev/null
	wait "$pid"
	got=$?
	pid=
	if [ "$got" -ne "$want" ]; then
		echo "FAIL SIG$sig (fallback=$fallback): exit status $got, expected $want (death by SIG$sig)"
		[ "$got" -le 3 ] && echo "  the audit finished before the signal: make the corpus larger"
		fail=1
	fi
	left=$(leftovers "$out")
	if [ -n "$left" ]; then
		echo "FAIL SIG$sig (fallback=$fallback): files left behind in the output directory:"
		echo "$left" | sed 's/^/  /'
		fail=1
	else
		echo "SIG$sig (fallback=$fallback): the audit died of the signal and left no file"
	fi
}

for fallback in 0 1; do
	interrupt TERM 143 $fallback
	interrupt INT 130 $fallback
done
interrupt HUP 129 0
interrupt QUIT 131 1
interrupt USR1 138 1
interrupt ALRM 142 0
interrupt PIPE 141 1
# SIGKILL cannot be caught: only the anonymous temporary files leave nothing
interrupt KILL 137 0

# a signal ignored when the program starts stays ignored: the audit goes
# on through SIGTERM and completes
out="$tmp/out-ignored"
mkdir "$out"
env --ignore-signal=TERM "$IMR_BIN" audit --rules "$IMR_RULES" --jobs 2 --quiet \
	--output "$out/report.txt" "$tmp/corpus/0" >/dev/null 2>"$tmp/stderr" &
pid=$!
n=0
while [ $n -lt 300 ] && [ "$(open_outputs "$pid" "$out")" -lt 1 ]; do
	sleep 0.1
	n=$((n + 1))
done
kill -TERM "$pid" 2>/dev/null
wait "$pid"
got=$?
pid=
left=$(leftovers "$out" | tr '\n' ' ')
if [ "$got" -ne 0 ] || [ "$left" != "report.txt " ]; then
	echo "FAIL SIGTERM ignored at start: exit $got, files: $left"
	fail=1
else
	echo "SIGTERM ignored at start: still ignored, the audit completed"
fi

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
