#!/bin/sh
# bench.sh - speed and memory of `imrcheck audit` on real letters.
#
# The corpus is the dev letters and the seeds (fixtures/letters/dwc-imr-2016
# and fixtures/letters/seeds, 92 real determination letters), replicated to
# N letters (N files, copies of them, read through a path list). For each N,
# each number of jobs and each output format it runs the release build under
# /usr/bin/time and prints:
#
#   letters per CPU-second   N / (user + sys), end to end, rules loading
#                            included (these machines are shared: wall time
#                            says more about the neighbours than about us)
#   peak RSS                 the maximum resident set of the run
#
# then the PCRE2 calls per letter (bench_audit), the growth check (the same
# corpus with the lexicon patterns quadrupled by never-matching copies,
# tools/bench/grow-rules.py; the output must not change and the time may
# grow at most 1.5x), and the CPU time of one ESI item evaluation
# (bench_eval). Figures go in docs/performance.md. Nothing here is a test:
# no timing decides anything.
#
#   tools/bench/bench.sh [--sizes "10000 50000 200000"] [--jobs "1 2"]
#                        [--formats "jsonl text json csv html"] [--growth N]
#                        [--work DIR] [--bin PROGRAM]
#
# --bin measures another build of the program (an older one, for a
# before-and-after table) instead of build/imrcheck.
# --growth N runs the growth check on N letters (default 10000; 0 skips it).
# A full run (the defaults) takes most of an hour on two cores.
set -eu
cd "$(dirname "$0")/../.."
root=$(pwd)

sizes="10000 50000 200000"
jobs_list="1 2"
formats="jsonl text json csv html"
growth=10000
work=${TMPDIR:-/tmp}/imrcheck-bench
bin=
while [ $# -gt 0 ]; do
	case "$1" in
	--sizes) sizes=$2; shift 2 ;;
	--jobs) jobs_list=$2; shift 2 ;;
	--formats) formats=$2; shift 2 ;;
	--growth) growth=$2; shift 2 ;;
	--work) work=$2; shift 2 ;;
	--bin) bin=$2; shift 2 ;;
	*) echo "usage: tools/bench/bench.sh [--sizes LIST] [--jobs LIST] [--formats LIST] [--growth N] [--work DIR]" >&2
	   exit 2 ;;
	esac
done
[ -x /usr/bin/time ] || { echo "bench.sh: needs /usr/bin/time (Debian: time)" >&2; exit 2; }

# ---- build ----
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$(nproc 2>/dev/null || echo 2)" --target imrcheck_cli bench_audit bench_eval >/dev/null
[ -n "$bin" ] || bin=$root/build/imrcheck
mkdir -p "$work"

# ---- corpus: real letters, replicated ----
letters=$work/letters.txt
find "$root/fixtures/letters/dwc-imr-2016/txt" "$root/fixtures/letters/seeds" -name '*.txt' | sort >"$letters"
nreal=$(wc -l <"$letters")
# Every path must be a file of its own: an audit reads a file reached twice
# (the same device and inode, through any path) only once. And every letter
# must be a case of its own: an audit counts a case given twice (the same
# case number, or without one the same text) once. So the corpus is N
# copies of the real letters under $work/corpus, 1000 to a directory, made
# once for the largest N asked for (about 6 KB each); after the first round
# only letters with a case number are copied, each with a case number of its
# own (CM16-9xxxxxx, a range no real letter here uses).
corpus=$work/corpus
paths_for() { # N -> path list of N letters, each its own file and case
	list=$work/files-$1.txt
	if [ ! -f "$list" ] || [ "$(wc -l <"$list")" -ne "$1" ]; then
		python3 - "$letters" "$corpus" "$1" "$list" <<'PY'
import os, re, sys
CASE = re.compile(rb"\bCM1\d-\d{7}\b")
src = open(sys.argv[1]).read().split()
corpus, n, listing = sys.argv[2], int(sys.argv[3]), sys.argv[4]
texts = {s: open(s, "rb").read() for s in src}
numbered = [s for s in src if CASE.search(texts[s])]
with open(listing, "w") as out:
    for i in range(n):
        if i < len(src):
            s, data = src[i], texts[src[i]]
        else:
            s = numbered[(i - len(src)) % len(numbered)]
            data = CASE.sub(b"CM16-%07d" % (9000000 + i), texts[s])
        d = os.path.join(corpus, "%04d" % (i // 1000))
        p = os.path.join(d, "%07d-case-%s" % (i, os.path.basename(s)))
        if not os.path.exists(p):
            os.makedirs(d, exist_ok=True)
            with open(p, "wb") as f:
                f.write(data)
        out.write(p + "\n")
PY
	fi
	echo "$list"
}

# run LABEL RULES N JOBS FORMAT -> one table row; sets $cpu and $rss
run() {
	label=$1 rules=$2 n=$3 j=$4 f=$5
	out=$work/out.$f
	rm -f "$out" "$work/out.html"
	case "$f" in
	html) set -- --format text --output "$out" --html "$work/out.html" ;;
	*) set -- --format "$f" --output "$out" ;;
	esac
	/usr/bin/time -f "%U %S %M %e" -o "$work/time" "$bin" audit --quiet --jobs "$j" --rules "$rules" "$@" - \
		<"$(paths_for "$n")" >/dev/null 2>"$work/stderr" || true
	read -r user sys rss wall <"$work/time"
	cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
	awk -v l="$label" -v n="$n" -v j="$j" -v f="$f" -v c="$cpu" -v w="$wall" -v r="$rss" 'BEGIN {
		printf "| %-9s | %7d | %4d | %-6s | %8.2f | %9.0f | %7.2f | %7.1f |\n", l, n, j, f, c, n / c, w, r / 1024
	}'
}

echo "$("$bin" --version 2>/dev/null | head -1) ($bin) on $(nproc) cores; $nreal real letters replicated"
echo
echo "| rules     | letters | jobs | format | CPU s    | letters/CPU-s | wall s | RSS MiB |"
echo "|-----------|---------|------|--------|----------|-----------|---------|---------|"
run "shipped" "$root/rules" 1 1 jsonl
for n in $sizes; do
	for j in $jobs_list; do
		for f in $formats; do
			run "shipped" "$root/rules" "$n" "$j" "$f"
		done
	done
done
echo
echo "(the first row, one letter, is the cost of loading the rules)"

# ---- PCRE2 calls per letter ----
echo
"$root/build/bench/bench_audit" "$root/rules" "$(paths_for 2000)" 1 |
	awk '{ printf "PCRE2 calls: %s per letter (%s calls over %s letters)\n", $10, $8, $2 }'

# ---- growth check ----
if [ "$growth" -gt 0 ]; then
	echo
	grown=$work/rules-x4
	python3 "$root/tools/bench/grow-rules.py" --factor 4 "$root/rules" "$grown" >/dev/null
	echo "| rules     | letters | jobs | format | CPU s    | letters/CPU-s | wall s | RSS MiB |"
	echo "|-----------|---------|------|--------|----------|-----------|---------|---------|"
	run "shipped" "$root/rules" 1 1 jsonl; load1=$cpu
	run "x4" "$grown" 1 1 jsonl; load4=$cpu
	run "shipped" "$root/rules" "$growth" 1 jsonl; t1=$cpu
	sed 's/"rules_digest":"[0-9a-f]*"//' "$work/out.jsonl" >"$work/x1.jsonl"
	run "x4" "$grown" "$growth" 1 jsonl; t4=$cpu
	sed 's/"rules_digest":"[0-9a-f]*"//' "$work/out.jsonl" >"$work/x4.jsonl"
	if cmp -s "$work/x1.jsonl" "$work/x4.jsonl"; then same="the same"; else same="DIFFERENT (a copy matched)"; fi
	awk -v a="$t1" -v b="$t4" -v la="$load1" -v lb="$load4" -v s="$same" 'BEGIN {
		printf "growth: 4x the lexicon patterns costs %.2fx the CPU time end to end, %.2fx without loading the rules; output %s\n",
			b / a, (b - lb) / (a - la), s
	}'
fi

# ---- one rule evaluation ----
echo
(cd "$root" && build/bench/bench_eval rules) |
	awk '{ printf "ESI item evaluation: %s us of CPU time (%s evaluations)\n", $8, $4 }'
