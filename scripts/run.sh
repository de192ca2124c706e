#!/usr/bin/env bash
# Sets up, builds and runs micrometricsd. Without --config it serves the
# built-in default pack on 127.0.0.1:9650. Extra arguments go to
# `micrometricsd serve`, e.g. scripts/run.sh --config my.yaml.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
BUILD_DIR=${BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD_DIR" -j2 --target micrometricsd
exec "$BUILD_DIR/daemon/micrometricsd" serve "$@"
