#!/usr/bin/env bash
# What the pipeline (HTTP, parsing, queue, workers, series) costs on top of
# the evaluators, per event, with the default pack:
#   1. the evaluators alone: evaluators_bench's BM_DefaultPackOnEvents over
#      the same 100 events the daemon gets (one core, microseconds per event);
#   2. the daemon (one I/O thread, one worker) pinned to core 0 and wrk to
#      core 1, so the load driver takes nothing from the daemon: at a sweep
#      of steady rates and at saturation, the daemon's CPU (user + system)
#      per event it processed, and the rate it kept up with;
#   3. the same with the I/O thread moved to core 1 (with wrk), the worker
#      alone on core 0, as threads spread over two cores.
# Target (issue 8): throughput >= 80% of 1 / evaluator cost, i.e. the
# pipeline adds at most 25% CPU per event on top of the evaluators.
#   DURATION=20s bash bench/overhead.sh          (DELAYS="50 30 20 15")
set -euo pipefail
cd "$(dirname "$0")/.."
CONNECTIONS=${CONNECTIONS:-4}
[ "$(nproc)" -ge 2 ] || { echo "needs 2 cores (daemon and load driver apart)" >&2; exit 2; }
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
work=$(mktemp -d)
pid=""
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
source bench/lib.sh
cmake --build "$BUILD_DIR" --target micrometricsd evaluators_bench >/dev/null

make_batch 100 600 1400 "$work/batch"
one_core_config "" "$work/config.yaml"
eval_us=$(evaluator_cost "$work/batch.jsonl")

run() {  # delay_ms -> "events cpu_us seconds requests non2xx p99"
  start_daemon "$work/config.yaml"
  if [ "$LAYOUT" = split ]; then
    # The I/O thread (the main thread) joins wrk on core 1; the worker has
    # core 0 to itself, as it mostly does with two cores.
    taskset -p -c 1 $pid >/dev/null
  fi
  drive "$work/batch.json" application/json "$CONNECTIONS" "$1"
}

# A sweep of steady rates (each connection pausing DELAY ms between batches),
# then saturation. Reported per run: events/s evaluated, requests refused,
# the daemon's CPU per event, and that over the evaluators' own cost.
echo "evaluators alone (BM_DefaultPackOnEvents, 1 core, best of 3): $eval_us us/event" \
  "= $(python3 -c "print(f'{1e6 / $eval_us:,.0f}')") events/s per core"
for LAYOUT in ${LAYOUTS:-one split}; do
echo
case $LAYOUT in
  one) echo "daemon (1 I/O thread, 1 worker) on core 0, wrk on core 1:" ;;
  split) echo "worker alone on core 0; the I/O thread on core 1 with wrk:" ;;
esac
printf '%-22s %12s %10s %12s %10s %9s\n' "load" "events/s" \
  "refused" "CPU us/ev" "pipeline" "p99 ms"
for delay in ${DELAYS:-50 30 20 15} 0; do
  read -r events cpu seconds requests refused p99 < <(run "$delay")
  label=$([ "$delay" = 0 ] && echo "saturated" || echo "${CONNECTIONS} conns, ${delay} ms apart")
  python3 - "$label" "$eval_us" "$events" "$cpu" "$seconds" "$refused" "$p99" <<'PY'
import sys
label = sys.argv[1]
eval_us, events, cpu, secs, refused, p99 = (float(a) for a in sys.argv[2:])
per = cpu / events
print(f"{label:<22} {events / secs:>12,.0f} {refused:>10,.0f} {per:>12.1f} "
      f"{100 * (per / eval_us - 1):>+9.0f}% {p99 / 1000:>9.2f}")
PY
done
done
echo
echo "(pipeline: the daemon's CPU per event over the evaluators' cost. Target:"
echo " events/s with no refusals >= 80% of 1 / evaluator cost = $(python3 -c "print(f'{0.8e6 / $eval_us:,.0f}')"))"
