#!/usr/bin/env bash
# Installs every Debian 12 package micrometrics needs to build, run and test.
# Idempotent: packages already present are skipped by apt-get. Needs root (or sudo).
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config clang-format
  libboost-dev
  prometheus-cpp-dev
  libyaml-cpp-dev
  libspdlog-dev libfmt-dev
  libsimdjson-dev
  nlohmann-json3-dev
  libre2-dev libmd4c-dev
  libcld2-dev libphonenumber-dev libvalijson-dev libfasttext-dev fasttext
  protobuf-compiler libprotobuf-dev zlib1g-dev libssl-dev openssl
  libcli11-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  prometheus prometheus-alertmanager
  clang-14 libclang-rt-14-dev
  curl time python3
  chromium
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} packages present"
else

  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The fastText language model (optional backend of language_match), the
# OpenTelemetry JS SDK the OTLP test sends spans with, and puppeteer-core,
# which drives chromium in the status page test, and the official OTLP
# protobuf definitions (for protobufjs) the evaluation-results test decodes
# with.
bash "$(dirname "$0")/fetch_lid_model.sh"
bash "$(dirname "$0")/fetch_otel_js.sh"
bash "$(dirname "$0")/fetch_puppeteer.sh"
bash "$(dirname "$0")/fetch_otlp_proto.sh"
