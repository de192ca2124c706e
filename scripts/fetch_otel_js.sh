#!/usr/bin/env bash
# Installs the OpenTelemetry JavaScript SDK and OTLP/HTTP exporters (JSON and
# protobuf) into .cache/otel-js for the OTLP integration test, which sends
# GenAI spans with them like an instrumented service would. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=.cache/otel-js
[ -d "$dir/node_modules/@opentelemetry/exporter-trace-otlp-proto" ] && exit 0
command -v npm >/dev/null || {
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm
}
mkdir -p "$dir"
(cd "$dir" && npm install --silent --no-audit --no-fund \
  @opentelemetry/api@1 @opentelemetry/sdk-trace-base@2 @opentelemetry/resources@2 \
  @opentelemetry/exporter-trace-otlp-http@0.223 @opentelemetry/exporter-trace-otlp-proto@0.223)
echo "fetch_otel_js: $dir"
