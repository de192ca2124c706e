#!/usr/bin/env bash
# The test suite under sanitizers: AddressSanitizer + UndefinedBehavior-
# Sanitizer, and ThreadSanitizer. Each in its own build directory.
#
# UBSan here leaves out its pointer checks (null, alignment, object-size,
# vptr, pointer-overflow): they more than double the compile time of the
# Beast and Asio files, and ASan already reports what they lead to (a null
# dereference's SEGV, the out-of-bounds access after an overflowed pointer
# or past an object's size). The libFuzzer build (tests/fuzz/run.sh) keeps
# every UBSan check on the parsers and detectors.
#
#   bash scripts/sanitize.sh            # both
#   bash scripts/sanitize.sh asan       # or tsan
#
# GCC's warnings under sanitizer instrumentation have false positives, so
# these builds do not use -Werror (the normal build does). Third-party
# libraries are not instrumented. Left out: benchmarks and the accuracy
# corpora (slow under instrumentation, pure computation covered anyway), the
# formatting and deploy-file checks (no code runs), and the two tests whose
# point is timing (a client outrunning a deliberately slow worker to fill the
# queue: instrumentation slows the client more than the uninstrumented RE2 in
# the worker). Every other test runs.
set -euo pipefail
cd "$(dirname "$0")/.."
kinds=("${@:-asan tsan}")
read -r -a kinds <<< "${kinds[*]}"
status=0
summary=()
for kind in "${kinds[@]}"; do
  case "$kind" in
    asan) flags="address,undefined"
      skip="-fno-sanitize=null,alignment,object-size,vptr,pointer-overflow" ;;
    tsan) flags="thread" skip="" ;;
    *) echo "unknown sanitizer: $kind (asan or tsan)" >&2; exit 2 ;;
  esac
  dir="build-$kind"
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" -DMICROMETRICS_SANITIZE="$flags" \
    -DCMAKE_CXX_FLAGS="$skip" \
    -DMICROMETRICS_WERROR=OFF -DMICROMETRICS_BUILD_BENCH=OFF >/dev/null
  cmake --build "$dir" -j2
  echo "== ctest under $kind =="
  # halt_on_error: the first report fails the test. TSan: second_deadlock_stack
  # for readable lock-order reports. A test that fails is run once more
  # (integration tests under instrumentation on a loaded CI machine have
  # timed out before); one that passes the second time is still listed
  # below as flaky, with its first failure in $dir/ctest.log, and one that
  # fails twice fails the run.
  log="$dir/ctest.log"
  if ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
    ctest --test-dir "$dir" --output-on-failure -j2 --timeout 600 \
      --repeat until-pass:2 \
      -E 'Accuracy|clang_format|prometheus_rules|deploy_|Backpressure\.|Shutdown\.SigtermWhileTheQueueIsFull' \
      2>&1 | tee "$log"; then
    summary+=("$kind: passed")
  else
    status=1
    summary+=("$kind: FAILED: $(sed -n \
      's/^[[:space:]]*[0-9]* - \([^ ]*\) (.*/\1/p' "$log" | tr '\n' ' ')")
  fi
  flaky=$(sed -n 's/.*Test *#[0-9]*: \([^ ]*\) .*\*\*\*.*/\1/p' "$log" |
    sort -u | tr '\n' ' ')
  if [ -n "$flaky" ]; then
    summary+=("$kind: failed at least once: $flaky")
  fi
done
# The verdict last, where a CI log's tail shows it.
echo "== sanitizers =="
printf '%s\n' "${summary[@]}"
exit $status
