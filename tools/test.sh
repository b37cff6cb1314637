#!/bin/sh
# test.sh - build everything and run the whole test suite.
#
# Runs tools/bootstrap-debian.sh --tests (installs what is missing for the
# program and for the tests, builds build/ with the tests),
# the suite in build/, then the same suite in build-asan/ under
# AddressSanitizer and UndefinedBehaviorSanitizer (which also replays the
# fuzz corpora, label fuzz-regress), then a short libFuzzer run of every
# fuzz target (clang, build-fuzz/). Exits non-zero on the first failure.
# This is the command CI runs (.ci/run).
set -eu

cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)

tools/bootstrap-debian.sh --tests
(cd build && ctest --output-on-failure -j "$jobs")

cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DIMR_SANITIZE=address,undefined \
	-DIMR_WERROR=ON >/dev/null
cmake --build build-asan -j "$jobs"
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	ctest --output-on-failure -j "$jobs")

# libFuzzer smoke run: every target for 30 s, two at a time (tools/fuzz.sh).
tools/fuzz.sh -j 2 30
echo "test.sh: all tests passed (plain and ASan+UBSan builds, fuzz smoke run)"
