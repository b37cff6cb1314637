#!/bin/sh
# bench.sh - letters per second and peak memory of `imrcheck audit`.
#
# Generates a synthetic corpus (tools/bench/gen-corpus.py, default 10,000
# letters) unless one exists, then audits it with one and with two jobs
# using the release build in build/, and prints letters per second and the
# peak resident memory of each run. The corpus lives outside the tree
# (default /tmp/imrcheck-bench-corpus) and is never committed.
#
#   tools/bench/bench.sh [COUNT] [CORPUS-DIR]
set -eu
cd "$(dirname "$0")/../.."
count=${1:-10000}
corpus=${2:-/tmp/imrcheck-bench-corpus}
bin=build/imrcheck

[ -x "$bin" ] || tools/bootstrap-debian.sh >/dev/null
if [ ! -d "$corpus" ] || [ "$(find "$corpus" -name '*.txt' | wc -l)" -ne "$count" ]; then
	rm -rf "$corpus"
	python3 tools/bench/gen-corpus.py --count "$count" "$corpus"
fi

for jobs in 1 2; do
	start=$(date +%s.%N)
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f "%M" -o /tmp/imrcheck-bench-rss "$bin" audit --quiet --jobs "$jobs" \
			--format jsonl --output /tmp/imrcheck-bench-out.jsonl "$corpus" || true
		rss=$(cat /tmp/imrcheck-bench-rss)
	else
		"$bin" audit --quiet --jobs "$jobs" --format jsonl --output /tmp/imrcheck-bench-out.jsonl \
			"$corpus" || true
		rss="?"
	fi
	end=$(date +%s.%N)
	awk -v n="$count" -v s="$start" -v e="$end" -v j="$jobs" -v r="$rss" 'BEGIN {
		t = e - s
		printf "jobs %d: %d letters in %.2f s = %.0f letters/s, peak RSS %s KiB\n", j, n, t, n / t, r
	}'
done
rm -f /tmp/imrcheck-bench-out.jsonl /tmp/imrcheck-bench-rss
