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

bash scripts/setup.sh
BUILD_DIR=${BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build "$BUILD_DIR" -j2
ctest --test-dir "$BUILD_DIR" --output-on-failure -j2 --timeout 300
if [ -n "${QUICK:-}" ]; then exit 0; fi
echo "== sanitizers =="
bash scripts/sanitize.sh asan tsan
echo "== fuzzing =="
bash tests/fuzz/run.sh "${FUZZ_SECONDS:-20}"
