#!/usr/bin/env bash
# Builds the libFuzzer targets (clang++-14, ASan + UBSan) and runs each for a
# bounded time over its corpus in tests/fuzz/corpus/<target>/, which holds the
# seeds and every input that ever crashed a target (so each past crash is a
# regression test on every run).
#
#   bash tests/fuzz/run.sh [SECONDS_PER_TARGET]     # default 30
#
# A crash stops the run with exit 1, prints the stack and the input (base64:
# CI keeps only the log) and leaves the input as
# build-fuzz/crash-<target>-*; add it to the target's corpus with the fix.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-30}
dir=${FUZZ_BUILD_DIR:-build-fuzz}
cmake -S . -B "$dir" -G Ninja -DCMAKE_CXX_COMPILER=clang++-14 \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
  -DMICROMETRICS_FUZZ=ON -DMICROMETRICS_WERROR=OFF \
  -DMICROMETRICS_BUILD_TESTS=OFF -DMICROMETRICS_BUILD_BENCH=OFF >/dev/null
cmake --build "$dir" -j2 --target fuzzers
for target in event_parser otlp config prose detectors; do
  work="$dir/corpus-$target"
  mkdir -p "$work"
  corpus=()
  [ -d "tests/fuzz/corpus/$target" ] && corpus=("tests/fuzz/corpus/$target")
  if [ "$target" = config ]; then
    # Seeds: the configs we ship, read where they live rather than copied.
    cp config/default.yaml "$work/seed-default.yaml"
    cp deploy/micrometrics.example.yaml "$work/seed-example.yaml"
  fi
  echo "== fuzzing $target for ${seconds}s =="
  # New inputs go to $work; the repository's corpus is read (and replayed
  # first, so past crashes are checked on every run).
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    "$dir/tests/fuzz/${target}_fuzz" -max_total_time="$seconds" \
      -max_len=16384 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$dir/crash-$target-" "$work" "${corpus[@]}" \
      2>&1 | grep -E "^(INFO: Seed| +#[0-9]+ 0x|#[0-9]+.*DONE|stat::number_of_executed_units|stat::peak_rss|==[0-9]+==|SUMMARY|artifact_prefix|Test unit written)" || true
  if ls "$dir"/crash-"$target"-* >/dev/null 2>&1; then
    # CI keeps only the log: print each input so that it can be replayed
    # (base64 -d > input; build-fuzz/tests/fuzz/<target>_fuzz input).
    for input in "$dir"/crash-"$target"-*; do
      echo "fuzz: $target crashed on $input ($(stat -c %s "$input") bytes), base64:" >&2
      head -c 65536 "$input" | base64 >&2
    done
    exit 1
  fi
done
echo "fuzz: no crashes"
