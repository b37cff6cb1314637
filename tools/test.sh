#!/bin/sh
# test.sh - build everything and run the whole test suite.
#
# Runs tools/bootstrap-debian.sh (installs what is missing, builds build/),
# the suite in build/, then the same suite in build-asan/ under
# AddressSanitizer and UndefinedBehaviorSanitizer. Exits non-zero on the
# first failure. This is the command CI runs (.ci/run).
set -eu

cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)

tools/bootstrap-debian.sh
(cd build && ctest --output-on-failure -j "$jobs")

cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DIMR_SANITIZE=address,undefined \
	-DIMR_WERROR=ON >/dev/null
cmake --build build-asan -j "$jobs"
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	ctest --output-on-failure -j "$jobs")
echo "test.sh: all tests passed (plain and ASan+UBSan builds)"
