#!/usr/bin/env bash
# RSS over a long run at a fixed rate with the default pack: is memory flat?
#   SOAK=10m RATE=500 BATCH=20 bash bench/soak.sh
# (RATE requests/s of BATCH events each: 10,000 events/s by default, with
# conversations, ids and label values varying as in production.)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
SOAK=${SOAK:-10m}
RATE=${RATE:-500}
BATCH=${BATCH:-20}
command -v hey >/dev/null || { apt-get update -qq && apt-get install -y -qq hey; }
work=$(mktemp -d)
pid=""
trap 'kill $pid $hey_pid 2>/dev/null || true; rm -rf "$work"' EXIT
python3 bench/make_events.py --events "$BATCH" --seed 11 --bad 0 \
  --min-bytes 300 --max-bytes 1500 |
  python3 -c "import json,sys; print(json.dumps([json.loads(l) for l in sys.stdin]))" \
  > "$work/batch.json"
"$BUILD_DIR/daemon/micrometricsd" serve --listen 127.0.0.1:0 2> "$work/log" &
pid=$!
for _ in $(seq 100); do
  port=$(grep -o 'listening on 127.0.0.1:[0-9]*' "$work/log" | cut -d: -f2 || true)
  [ -n "$port" ] && break; sleep 0.05
done
hey -z "$SOAK" -c 4 -q $(( RATE / 4 )) -m POST -T application/json \
  -D "$work/batch.json" "http://127.0.0.1:$port/v1/events" > "$work/hey.txt" &
hey_pid=$!
echo "minute  RSS MB  events processed"
minute=0
while kill -0 $hey_pid 2>/dev/null; do
  rss=$(awk '/VmRSS/ {printf "%.1f", $2 / 1024}' /proc/$pid/status)
  n=$(curl -s "127.0.0.1:$port/metrics" | awk '$1=="micrometrics_events_processed_total" {printf "%d", $2}')
  printf '%6s  %6s  %s\n' "$minute" "$rss" "$n"
  sleep 60
  minute=$((minute + 1))
done
wait $hey_pid || true
refused=$(curl -s "127.0.0.1:$port/metrics" | awk '$1=="micrometrics_events_rejected_total{reason=\"queue_full\"}" {printf "%d", $2}')
echo "refused (429): $refused; peak RSS $(awk '/VmHWM/ {printf "%.1f", $2 / 1024}' /proc/$pid/status) MB"
grep -E "Requests/sec|99% in" "$work/hey.txt" || true
