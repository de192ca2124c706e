#!/usr/bin/env bash
# The scenarios of docs/PERFORMANCE.md in one run, with the ratios that make
# numbers from a shared 2-core machine comparable:
#   bash bench/scenarios.sh                 # DURATION=10s per scenario
#
# Servers: the HTTP ceiling (bench/trivial_server: our Beast server answering
# 202 without parsing), the daemon with no metrics (the pipeline's own cost),
# and the daemon with the built-in default pack. Scenarios: (a) one event per
# request on keep-alive connections, (b) batches of 100, (c) NDJSON batches of
# 100, (d) POST /v1/check, (e) replay of a file (no HTTP; bench/replay.sh
# does it at scale). Also: single events at half the saturated rate.
# Per run: events/s accepted (202) and refused (429), request latency p50 /
# p99 / p99.9 (wrk, on the same cores), server CPU microseconds per event
# (from /proc), peak RSS.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
DURATION=${DURATION:-10s}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time; }
cmake --build "$BUILD_DIR" -j2 --target micrometricsd trivial_server >/dev/null
work=$(mktemp -d)
server_pid=""
trap 'kill $server_pid 2>/dev/null || true; rm -rf "$work"' EXIT

python3 bench/make_events.py --events 100 --seed 7 --bad 0 \
  --min-bytes 600 --max-bytes 1400 > "$work/events.jsonl"
head -1 "$work/events.jsonl" > "$work/one.json"
python3 -c "import json,sys; print(json.dumps([json.loads(l) for l in open(sys.argv[1])]))" \
  "$work/events.jsonl" > "$work/batch.json"
printf 'metrics: []\n' > "$work/none.yaml"
hz=$(getconf CLK_TCK)

start_server() {  # kind
  case "$1" in
    trivial) "$BUILD_DIR/bench/trivial_server" 2 > "$work/port" & ;;
    none) "$BUILD_DIR/daemon/micrometricsd" serve --config "$work/none.yaml" \
            --listen 127.0.0.1:0 2> "$work/port" & ;;
    default) "$BUILD_DIR/daemon/micrometricsd" serve --listen 127.0.0.1:0 \
               2> "$work/port" & ;;
  esac
  server_pid=$!
  for _ in $(seq 100); do
    port=$(grep -o 'listening on 127.0.0.1:[0-9]*' "$work/port" | cut -d: -f2 || true)
    [ -n "$port" ] && return
    sleep 0.05
  done
  echo "server $1 did not start" >&2; exit 1
}
cpu_ticks() { awk '{print $14 + $15}' /proc/$server_pid/stat; }
processed() {
  curl -s "127.0.0.1:$port/metrics" |
    awk '$1=="micrometrics_events_processed_total" {printf "%d", $2}'
}

printf '%-8s %-9s %12s %10s %8s %8s %8s %10s %9s\n' server scenario "events/s" \
  "429s" "p50 us" "p99 us" "p99.9 us" "CPU us/ev" "RSS MB"
declare -A rate
for server in trivial none default; do
  for scenario in single batch ndjson check; do
    [ "$server" = trivial ] && [ "$scenario" = check ] && continue
    [ "$server" = none ] && [ "$scenario" = check ] && continue
    case $scenario in
      single) body=one.json; type=application/json; per=1; conns=16; path=/v1/events ;;
      batch) body=batch.json; type=application/json; per=100; conns=8; path=/v1/events ;;
      ndjson) body=events.jsonl; type=application/x-ndjson; per=100; conns=8; path=/v1/events ;;
      check) body=one.json; type=application/json; per=1; conns=4; path=/v1/check ;;
    esac
    start_server "$server"
    before=$(cpu_ticks)
    out=$(BODY_FILE="$work/$body" CONTENT_TYPE=$type wrk -t1 -c$conns \
      -d"$DURATION" -s bench/wrk_report.lua "http://127.0.0.1:$port$path" | grep RESULT)
    # Let the workers finish what was accepted, so CPU covers evaluation.
    if [ "$server" != trivial ] && [ "$scenario" != check ]; then
      last=-1
      while [ "$(processed)" != "$last" ]; do last=$(processed); sleep 0.3; done
    fi
    after=$(cpu_ticks)
    rss=$(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' /proc/$server_pid/status)
    kill $server_pid; wait $server_pid 2>/dev/null || true
    requests=$(sed 's/.*requests=\([0-9]*\).*/\1/' <<< "$out")
    non2xx=$(sed 's/.*non2xx=\([0-9]*\).*/\1/' <<< "$out")
    p50=$(sed 's/.*p50=\([0-9]*\).*/\1/' <<< "$out")
    p99=$(sed 's/.*p99=\([0-9]*\).*/\1/' <<< "$out")
    p999=$(sed 's/.*p999=\([0-9]*\).*/\1/' <<< "$out")
    seconds=${DURATION%s}
    events=$(( (requests - non2xx) * per ))
    refused=$(( non2xx * per ))
    cpu_us=$(( (after - before) * 1000000 / hz ))
    per_event=$(( events > 0 ? cpu_us / events : 0 ))
    rate[$server.$scenario]=$(( events / seconds ))
    printf '%-8s %-9s %12d %10d %8d %8d %8d %10s %9s\n' "$server" "$scenario" \
      $(( events / seconds )) "$refused" "$p50" "$p99" "$p999" "$per_event" "$rss"
  done
done

# p99 at about half the sustainable rate (issue 8's latency target): single
# events to the default pack, each connection pausing 2 ms between requests;
# about 350 requests/s per connection on this machine.
half=$(( ${rate[default.single]} / 2 ))
conns=$(( half / 350 < 1 ? 1 : half / 350 ))
start_server default
out=$(BODY_FILE="$work/one.json" DELAY_MS=2 wrk -t1 -c$conns -d"$DURATION" \
  -s bench/wrk_report.lua "http://127.0.0.1:$port/v1/events" | grep RESULT)
kill $server_pid; wait $server_pid 2>/dev/null || true
requests=$(sed 's/.*requests=\([0-9]*\).*/\1/' <<< "$out")
non2xx=$(sed 's/.*non2xx=\([0-9]*\).*/\1/' <<< "$out")
printf '%-8s %-9s %12d %10d %8d %8d %8d   (%d connections, 2 ms apart; half of %d)\n' \
  default half $(( (requests - non2xx) / ${DURATION%s} )) "$non2xx" \
  "$(sed 's/.*p50=\([0-9]*\).*/\1/' <<< "$out")" \
  "$(sed 's/.*p99=\([0-9]*\).*/\1/' <<< "$out")" \
  "$(sed 's/.*p999=\([0-9]*\).*/\1/' <<< "$out")" "$conns" "${rate[default.single]}"

# (e) replay of a file (no HTTP): the same kind of events, 200 copies of the
# batch (20,000 events), default pack, two workers; no latency to report.
for _ in $(seq 200); do cat "$work/events.jsonl"; done > "$work/replay.jsonl"
/usr/bin/time -f '%e %U %S %M' -o "$work/time" \
  "$BUILD_DIR/daemon/micrometricsd" replay "$work/replay.jsonl" > /dev/null 2>&1
read -r wall user sys maxrss < "$work/time"
python3 - "$wall" "$user" "$sys" "$maxrss" <<'PY'
import sys
wall, user, sys_, maxrss = (float(a) for a in sys.argv[1:])
print(f"{'default':<8} {'replay':<9} {20000 / wall:>12.0f} {0:>10d} {'-':>8} {'-':>8} "
      f"{'-':>8} {(user + sys_) * 1e6 / 20000:>10.0f} {maxrss / 1024:>9.0f}")
PY

echo
for scenario in single batch ndjson; do
  printf 'ratio %-7s no metrics / HTTP ceiling: %s%%   default pack / no metrics: %s%%\n' \
    "$scenario" \
    "$(( 100 * ${rate[none.$scenario]} / ${rate[trivial.$scenario]} ))" \
    "$(( 100 * ${rate[default.$scenario]} / ${rate[none.$scenario]} ))"
done
echo "($(nproc) cores; wrk shares them with the server)"
