#!/usr/bin/env bash
# What the pipeline (HTTP, parsing, queue, workers, series) costs on top of
# the evaluators, per event, with the default pack:
#   1. the evaluators alone: evaluators_bench's BM_DefaultPackOnEvents over
#      the same 100 events the daemon gets (one core, microseconds per event);
#   2. the daemon pinned to core 0, wrk pinned to core 1, so the load driver
#      takes nothing from the daemon: CPU per event at a steady rate below
#      saturation (the daemon's user + system time over the events it
#      processed), and events per second at saturation on that one core.
# Target (issue 8): throughput >= 80% of 1 / evaluator cost, i.e. the
# pipeline adds at most 25% CPU per event on top of the evaluators.
#   DURATION=20s bash bench/overhead.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
DURATION=${DURATION:-20s}
DELAY_MS=${DELAY_MS:-8}  # per connection between batches: a steady rate
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
  --benchmark_min_time=3 --benchmark_format=json |
  python3 -c "import json,sys; print('%.2f' % json.load(sys.stdin)['benchmarks'][0]['cpu_time'])")

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
  processed() {
    curl -s "127.0.0.1:$port/metrics" |
      awk '$1=="micrometrics_events_processed_total" {printf "%d", $2}'
  }
  local before after out last
  before=$(awk '{print $14 + $15}' /proc/$pid/stat)
  out=$(BODY_FILE="$work/batch.json" DELAY_MS=$1 taskset -c 1 wrk -t1 \
    -c"$CONNECTIONS" -d"$DURATION" -s bench/wrk_report.lua \
    "http://127.0.0.1:$port/v1/events" | grep RESULT)
  last=-1
  while [ "$(processed)" != "$last" ]; do last=$(processed); sleep 0.3; done
  after=$(awk '{print $14 + $15}' /proc/$pid/stat)
  kill $pid; wait $pid 2>/dev/null || true
  echo "$last $(( (after - before) * 1000000 / hz )) ${DURATION%s}" \
    "$(sed 's/.*requests=\([0-9]*\).*/\1/' <<< "$out")" \
    "$(sed 's/.*non2xx=\([0-9]*\).*/\1/' <<< "$out")" \
    "$(sed 's/.*p99=\([0-9]*\).*/\1/' <<< "$out")"
}

read -r steady_events steady_cpu seconds steady_requests steady_refused steady_p99 \
  < <(run "$DELAY_MS")
read -r sat_events sat_cpu _ sat_requests sat_refused _ < <(run 0)

python3 - "$eval_us" "$steady_events" "$steady_cpu" "$seconds" "$steady_refused" \
  "$steady_p99" "$sat_events" "$sat_cpu" "$sat_refused" <<'PY'
import sys
(eval_us, se, scpu, secs, srefused, sp99, xe, xcpu, xrefused) = (
    float(a) for a in sys.argv[1:])
steady_us = scpu / se
sat_rate = xe / secs
ceiling = 1e6 / eval_us
print(f"evaluators alone (BM_DefaultPackOnEvents, 1 core): {eval_us:.1f} us/event"
      f" = {ceiling:,.0f} events/s per core")
print(f"daemon at a steady {se / secs:,.0f} events/s on core 0 ({srefused:.0f} "
      f"requests refused, p99 {sp99 / 1000:.2f} ms): {steady_us:.1f} us of CPU per event,"
      f" pipeline +{100 * (steady_us / eval_us - 1):.0f}% on top of the evaluators")
print(f"daemon saturated on core 0: {sat_rate:,.0f} events/s evaluated "
      f"({xrefused:.0f} requests answered 429) = {100 * sat_rate / ceiling:.0f}% of "
      f"1 / evaluator cost (target >= 80%); {xcpu / xe:.1f} us of CPU per event")
PY
