#!/usr/bin/env bash
# Sets up, builds and runs every test: unit tests, the integration tests
# against the real micrometricsd binary, and the test that starts a real
# Prometheus (Debian's prometheus package) to scrape it.
# Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
BUILD_DIR=${BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build "$BUILD_DIR" -j2
ctest --test-dir "$BUILD_DIR" --output-on-failure -j2 --timeout 300
