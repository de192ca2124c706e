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
BUILD_DIR=${BUILD_DIR:-build}
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-4}
[ "$(nproc)" -ge 2 ] || { echo "needs 2 cores (daemon and load driver apart)" >&2; exit 2; }
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
cmake --build "$BUILD_DIR" --target micrometricsd evaluators_bench >/dev/null
work=$(mktemp -d)
pid=""
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT

python3 bench/make_events.py --events 100 --seed 7 --bad 0 \
  --min-bytes 600 --max-bytes 1400 > "$work/events.jsonl"
python3 -c "import json,sys; print(json.dumps([json.loads(l) for l in open(sys.argv[1])]))" \
  "$work/events.jsonl" > "$work/batch.json"
hz=$(getconf CLK_TCK)
# One core for the daemon: one I/O thread and one worker, so that threads do
# not take turns on it (the default config has two of each, for two cores).
"$BUILD_DIR/daemon/micrometricsd" --print-default-config |
  sed 's/^  threads: 2/  threads: 1/; s/^  workers: 2/  workers: 1/' > "$work/config.yaml"

eval_us=$(MICROMETRICS_BENCH_EVENTS="$work/events.jsonl" taskset -c 0 \
  "$BUILD_DIR/bench/evaluators_bench" --benchmark_filter='BM_DefaultPackOnEvents' \
  --benchmark_min_time=2 --benchmark_repetitions=3 --benchmark_format=json |
  python3 -c "import json,sys; print('%.2f' % min(b['cpu_time'] for b in json.load(sys.stdin)['benchmarks'] if b.get('run_type') == 'iteration'))")

run() {  # delay_ms -> "events_processed cpu_us seconds requests non2xx p99"
  taskset -c 0 "$BUILD_DIR/daemon/micrometricsd" serve --config "$work/config.yaml" \
    --listen 127.0.0.1:0 \
    2> "$work/log" &
  pid=$!
  local port=""
  for _ in $(seq 100); do
    port=$(grep -o 'listening on 127.0.0.1:[0-9]*' "$work/log" | cut -d: -f2 || true)
    [ -n "$port" ] && break; sleep 0.05
  done
  if [ "$LAYOUT" = split ]; then
    # The I/O thread (the main thread) joins wrk on core 1; the worker has
    # core 0 to itself, as it mostly does with two cores.
    taskset -p -c 1 $pid >/dev/null
  fi
  processed() {
    curl -s "127.0.0.1:$port/metrics" |
      awk '$1=="micrometrics_events_processed_total" {printf "%d", $2}'
  }
  local before after out last
  before=$(awk '{print $14 + $15}' /proc/$pid/stat)
  local t0 t1
  t0=$(date +%s%N)
  out=$(BODY_FILE="$work/batch.json" DELAY_MS=$1 taskset -c 1 wrk -t1 \
    -c"$CONNECTIONS" -d"$DURATION" -s bench/wrk_report.lua \
    "http://127.0.0.1:$port/v1/events" | grep RESULT)
  last=-1
  while [ "$(processed)" != "$last" ]; do last=$(processed); sleep 0.3; done
  # Until the queue was drained (less the last poll's 0.3 s): a rate the
  # daemon kept up with, not one its queue absorbed.
  t1=$(( $(date +%s%N) - 300000000 ))
  after=$(awk '{print $14 + $15}' /proc/$pid/stat)
  kill $pid; wait $pid 2>/dev/null || true
  echo "$last $(( (after - before) * 1000000 / hz ))" \
    "$(python3 -c "print(max(($t1 - $t0) / 1e9, ${DURATION%s}))")" \
    "$(sed 's/.*requests=\([0-9]*\).*/\1/' <<< "$out")" \
    "$(sed 's/.*non2xx=\([0-9]*\).*/\1/' <<< "$out")" \
    "$(sed 's/.*p99=\([0-9]*\).*/\1/' <<< "$out")"
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
