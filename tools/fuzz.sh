#!/bin/sh
# fuzz.sh - build the libFuzzer targets and fuzz each one for a while.
#
#   tools/fuzz.sh [-j JOBS] [--merge] [--build-only] [SECONDS] [TARGET...]
#
# Builds tests/fuzz/fuzz_<target> with clang into build-fuzz/
# (-DIMR_BUILD_FUZZERS=ON: libFuzzer, ASan, UBSan, asserts on) and runs each
# target for SECONDS (default 60), JOBS targets at a time (default 1). Each
# run starts from fixtures/fuzz/<target>/ (read only) plus its own working
# corpus build-fuzz/corpus/<target>/, which keeps what earlier runs found,
# with tests/fuzz/<target>.dict (review: letter.dict) and a per-target
# -max_len. An input slower than 10 s is a finding (every limit must keep
# inputs fast), and so is one that needs more than 2 GB. Crashes, leaks,
# timeouts and out-of-memory inputs are written to
# build-fuzz/artifacts/<target>/, logs to build-fuzz/logs/<target>.log.
#
# --merge adds the working-corpus inputs that bring new coverage to
# fixtures/fuzz/<target>/ (review them before committing).
#
# Prints one line per target: executions, executions per second, coverage
# (libFuzzer's cov: edges and ft: features), corpus size (inputs/bytes),
# findings (crashes, leaks, timeouts, OOMs written out) and the result.
# Exits 1 if any target crashed, leaked, timed out or ran out of memory.
# To reproduce or minimise a finding:
#   build-fuzz/tests/fuzz/fuzz_<target> ARTIFACT
#   build-fuzz/tests/fuzz/fuzz_<target> -minimize_crash=1 -runs=10000 ARTIFACT
set -eu

cd "$(dirname "$0")/.."
root=$(pwd)
all="yamltree rules regex request text letter extract service review"
jobs=1
merge=0
build_only=0
seconds=60

while [ $# -gt 0 ]; do
	case "$1" in
	-j) jobs=$2; shift 2 ;;
	-j*) jobs=${1#-j}; shift ;;
	--merge) merge=1; shift ;;
	--build-only) build_only=1; shift ;;
	-h|--help) sed -n '2,/^set -eu/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	-*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
	*) break ;;
	esac
done
case "${1:-}" in
[0-9]*) seconds=$1; shift ;;
esac
targets=${*:-$all}
for t in $targets; do
	case " $all " in
	*" $t "*) ;;
	*) echo "fuzz.sh: unknown target $t (one of: $all)" >&2; exit 2 ;;
	esac
done

# ---- build ----
build="build-fuzz"
cmake -S . -B "$build" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug \
	-DCMAKE_C_FLAGS_DEBUG="-g -O1" -DIMR_BUILD_FUZZERS=ON -DIMR_BUILD_TESTS=OFF \
	-DIMR_WERROR=OFF >/dev/null
names=""
for t in $targets; do names="$names fuzz_$t"; done
# shellcheck disable=SC2086
cmake --build "$build" -j "$(nproc 2>/dev/null || echo 2)" --target $names >/dev/null
[ "$build_only" = 1 ] && exit 0

# ---- run ----
max_len() {
	case "$1" in
	service) echo 1024 ;;
	regex) echo 8192 ;;
	request|extract) echo 16384 ;;
	rules|review) echo 32768 ;;
	*) echo 65536 ;;
	esac
}

run_one() {
	t=$1
	mkdir -p "$build/corpus/$t" "$build/artifacts/$t" "$build/logs"
	d=$t
	[ "$t" = review ] && d=letter
	dict=""
	[ -f "tests/fuzz/$d.dict" ] && dict="-dict=tests/fuzz/$d.dict"
	# shellcheck disable=SC2086
	IMR_RULES="$root/rules" IMR_FIXTURES="$root/fixtures" \
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		"$build/tests/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=10 \
		-rss_limit_mb=2048 -max_len="$(max_len "$t")" $dict -print_final_stats=1 \
		-artifact_prefix="$build/artifacts/$t/" \
		"$build/corpus/$t" "fixtures/fuzz/$t" >"$build/logs/$t.log" 2>&1 && status=0 || status=$?
	echo "$status" >"$build/logs/$t.status"
	if [ "$merge" = 1 ]; then
		IMR_RULES="$root/rules" IMR_FIXTURES="$root/fixtures" \
		"$build/tests/fuzz/fuzz_$t" -merge=1 -timeout=10 -rss_limit_mb=2048 \
			-max_len="$(max_len "$t")" "fixtures/fuzz/$t" "$build/corpus/$t" \
			>"$build/logs/$t.merge.log" 2>&1 || true
	fi
}

# JOBS targets at a time; the report waits for all of them.
started=0
pids=""
for t in $targets; do
	run_one "$t" &
	pids="$pids $!"
	started=$((started + 1))
	if [ "$started" -ge "$jobs" ]; then
		for p in $pids; do wait "$p" || true; done
		pids=""
		started=0
	fi
done
for p in $pids; do wait "$p" || true; done

# ---- report ----
failed=0
printf '%-9s %10s %8s %7s %8s %12s %7s  %s\n' target execs exec/s cov ft corpus crashes result
for t in $targets; do
	log="$build/logs/$t.log"
	status=$(cat "$build/logs/$t.status" 2>/dev/null || echo 1)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
	last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -n 1 || true)
	cov=$(echo "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
	ft=$(echo "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
	corp=$(echo "$last" | sed -n 's/.* corp: \([^ ]*\).*/\1/p')
	crashes=$(grep -c 'Test unit written to' "$log" || true)
	result=ok
	if [ "$status" != 0 ]; then
		failed=1
		kind=$(grep -o -m 1 -E 'ERROR: (AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|libFuzzer): [a-z-]+|runtime error|contract broken|timeout|out-of-memory' "$log" | head -n 1)
		art=$(sed -n "s/.*Test unit written to \(.*\)/\1/p" "$log" | tail -n 1)
		result="FAILED (${kind:-exit $status})${art:+: $art}"
	fi
	printf '%-9s %10s %8s %7s %8s %12s %7s  %s\n' "$t" "${execs:-?}" "${rate:-?}" "${cov:-?}" \
		"${ft:-?}" "${corp:-?}" "$crashes" "$result"
done
[ "$merge" = 1 ] && echo "fuzz.sh: merged new inputs into fixtures/fuzz/<target>/"
if [ "$failed" != 0 ]; then
	echo "fuzz.sh: failures above; logs in $build/logs/, inputs in $build/artifacts/" >&2
	exit 1
fi
exit 0
