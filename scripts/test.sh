#!/usr/bin/env bash
# Sets up, builds and runs every test: unit tests, the integration tests
# against the real micrometricsd binary (with a real Prometheus, Alertmanager
# and the OpenTelemetry JS SDK), then the suite again under AddressSanitizer +
# UBSan and under ThreadSanitizer, then every fuzz target for a bounded time.
# Exits non-zero on any failure.
#
#   bash scripts/test.sh            # everything (CI)
#   QUICK=1 bash scripts/test.sh    # the normal build's tests only
set -euo pipefail
cd "$(dirname "$0")/.."
# The last line of the log names the stage that failed (a CI log is often
# read from its tail).
stage=setup
trap 'rc=$?; if ((rc)); then echo "== scripts/test.sh: FAILED in $stage (exit $rc) =="; else echo "== scripts/test.sh: every stage passed${QUICK:+ (QUICK: no sanitizers, no fuzzing)} =="; fi' EXIT

bash scripts/setup.sh
stage=build
BUILD_DIR=${BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build "$BUILD_DIR" -j2
stage=ctest
ctest --test-dir "$BUILD_DIR" --output-on-failure -j2 --timeout 300
if [ -n "${QUICK:-}" ]; then exit 0; fi
echo "== sanitizers =="
stage=sanitizers
bash scripts/sanitize.sh asan tsan
echo "== fuzzing =="
stage=fuzzing
bash tests/fuzz/run.sh "${FUZZ_SECONDS:-20}"
