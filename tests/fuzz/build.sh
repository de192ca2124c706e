#!/usr/bin/env bash
# Builds and runs the event parser fuzzer (clang-14 + libFuzzer, ASan, UBSan).
#   bash tests/fuzz/build.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${FUZZ_DIR:-build-fuzz}
mkdir -p "$out/corpus"
clang++-14 -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined \
  -msse4.2 -mpclmul -mpopcnt -I. \
  tests/fuzz/event_parser_fuzz.cc metrics/event_json.cc metrics/event.cc \
  metrics/text.cc -lsimdjson -o "$out/event_parser_fuzz"
# Seed the corpus with the shapes the API takes.
printf '%s' '{"output":"a","turn":3,"usage":{"input_tokens":1}}' > "$out/corpus/object"
printf '%s' '[{"output":"a"},{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"x"}]}],"latency_ms":1}]' > "$out/corpus/array"
printf '%s\n%s\n' '{"output":"a"}' '{"status":"error","attributes":{"k":1,"b":true}}' > "$out/corpus/ndjson"
"$out/event_parser_fuzz" -max_total_time="${1:-60}" -max_len=4096 "$out/corpus"
