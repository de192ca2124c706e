# Shared by bench/overhead.sh and bench/growth.sh (sourced, not run):
# start a daemon pinned to a core, drive it with wrk pinned to another, and
# read its CPU time and event count.
#
#   one_core_config SRC DEST     SRC (a config file, or "" for the built-in
#                                default) with one I/O thread and one worker
#   start_daemon CONFIG          micrometricsd on core 0; sets $pid and $port
#   drive BODY TYPE CONNS DELAY  wrk on core 1 for $DURATION against
#                                /v1/events; prints "EVENTS CPU_US SECONDS
#                                REQUESTS NON2XX P99_US" after the queue is
#                                drained, then stops the daemon
BUILD_DIR=${BUILD_DIR:-build}
DURATION=${DURATION:-10s}
hz=$(getconf CLK_TCK)

one_core_config() {
  if [ -n "$1" ]; then cat "$1"; else "$BUILD_DIR/daemon/micrometricsd" --print-default-config; fi |
    sed 's/^  threads: [0-9]*/  threads: 1/; s/^  workers: [0-9]*/  workers: 1/' > "$2"
  grep -q '^pipeline:' "$2" || printf 'pipeline: {workers: 1}\nserver: {threads: 1}\n' >> "$2"
}

start_daemon() {
  taskset -c 0 "$BUILD_DIR/daemon/micrometricsd" serve --config "$1" \
    --listen 127.0.0.1:0 2> "$work/daemon.log" &
  pid=$!
  port=""
  for _ in $(seq 100); do
    port=$(grep -o 'listening on 127.0.0.1:[0-9]*' "$work/daemon.log" | cut -d: -f2 || true)
    [ -n "$port" ] && return
    sleep 0.05
  done
  echo "daemon did not start: $(cat "$work/daemon.log")" >&2
  exit 1
}

processed() {
  curl -s "127.0.0.1:$port/metrics" |
    awk '$1=="micrometrics_events_processed_total" {printf "%d", $2}'
}

drive() {
  local before after out last t0 t1
  before=$(awk '{print $14 + $15}' /proc/$pid/stat)
  t0=$(date +%s%N)
  out=$(BODY_FILE="$1" CONTENT_TYPE="$2" DELAY_MS="$4" taskset -c 1 wrk -t1 \
    -c"$3" -d"$DURATION" -s bench/wrk_report.lua \
    "http://127.0.0.1:$port/v1/events" | grep RESULT)
  last=-1
  while [ "$(processed)" != "$last" ]; do last=$(processed); sleep 0.3; done
  # Until the queue was drained (less the last poll): a rate the daemon kept
  # up with, not one its queue absorbed.
  t1=$(( $(date +%s%N) - 300000000 ))
  after=$(awk '{print $14 + $15}' /proc/$pid/stat)
  kill $pid; wait $pid 2>/dev/null || true
  echo "$last $(( (after - before) * 1000000 / hz ))" \
    "$(python3 -c "print(max(($t1 - $t0) / 1e9, ${DURATION%s}))")" \
    "$(sed 's/.*requests=\([0-9]*\).*/\1/' <<< "$out")" \
    "$(sed 's/.*non2xx=\([0-9]*\).*/\1/' <<< "$out")" \
    "$(sed 's/.*p99=\([0-9]*\).*/\1/' <<< "$out")"
}

# make_batch N MIN MAX DEST: N events (JSONL in DEST.jsonl, array in DEST.json)
make_batch() {
  python3 bench/make_events.py --events "$1" --seed 7 --bad 0 \
    --min-bytes "$2" --max-bytes "$3" > "$4.jsonl"
  python3 -c "import json,sys; print(json.dumps([json.loads(l) for l in open(sys.argv[1])]))" \
    "$4.jsonl" > "$4.json"
}

# evaluator_cost JSONL: the default pack's microseconds per event over those
# events on core 0 (BM_DefaultPackOnEvents, best of three)
evaluator_cost() {
  MICROMETRICS_BENCH_EVENTS="$1" taskset -c 0 \
    "$BUILD_DIR/bench/evaluators_bench" --benchmark_filter='BM_DefaultPackOnEvents' \
    --benchmark_min_time=2 --benchmark_repetitions=3 --benchmark_format=json |
    python3 -c "import json,sys; print('%.2f' % min(b['cpu_time'] for b in json.load(sys.stdin)['benchmarks'] if b.get('run_type') == 'iteration'))"
}
