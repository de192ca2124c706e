#!/usr/bin/env bash
# Installs @opentelemetry/otlp-transformer 0.205, whose build carries the
# official OTLP protobuf definitions compiled for protobufjs, into
# .cache/otlp-proto: the evaluation-results test decodes what the daemon
# sends with them. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=.cache/otlp-proto
[ -f "$dir/node_modules/@opentelemetry/otlp-transformer/build/src/generated/root.js" ] && exit 0
command -v npm >/dev/null || {
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm
}
mkdir -p "$dir"
(cd "$dir" && npm install --silent --no-audit --no-fund @opentelemetry/otlp-transformer@0.205.0)
echo "fetch_otlp_proto: $dir"
