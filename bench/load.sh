#!/usr/bin/env bash
# End-to-end throughput of the real daemon: wrk POSTs batches of realistic
# events to /v1/events on loopback; the daemon's own counters say how many
# were accepted (202), refused (429) and evaluated, and /proc its peak RSS.
#
#   bash bench/load.sh                      # defaults below
#   BATCH=1 CONNECTIONS=16 DURATION=30s bash bench/load.sh
#   CONFIG=deploy/micrometrics.example.yaml bash bench/load.sh
#   ENDPOINT=/v1/check BATCH=1 CONNECTIONS=4 bash bench/load.sh   # inline
#   ENDPOINT=/v1/check BATCH=1 RATE=2000 bash bench/load.sh  # fixed rate (hey)
#
# wrk and the daemon share this machine's cores; say so with the numbers.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${BUILD_DIR:-build}
BATCH=${BATCH:-100}
CONNECTIONS=${CONNECTIONS:-8}
DURATION=${DURATION:-20s}
ENDPOINT=${ENDPOINT:-/v1/events}
RATE=${RATE:-}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
command -v hey >/dev/null || { apt-get update -qq && apt-get install -y -qq hey; }
cmake --build "$BUILD_DIR" -j2 --target micrometricsd >/dev/null

work=$(mktemp -d)
trap 'kill $daemon_pid 2>/dev/null || true; rm -rf "$work"' EXIT

# A realistic event (German support conversation, ~1 KB), BATCH times.
python3 - "$BATCH" > "$work/body.json" <<'PY'
import json, sys
n = int(sys.argv[1])
events = []
for i in range(n):
    events.append({
        "id": f"req-{i}", "timestamp": "2026-11-27T10:00:00Z",
        "conversation_id": f"conv-{i // 5}", "turn": 1 + i % 8,
        "model": "gpt-4o-mini", "provider": "openai",
        "prompt_version": f"support-v{40 + i % 3}", "route": "billing",
        "locale": "de-DE", "channel": "chat",
        "input": "Wie kündige ich mein Abo? Ich habe es im März abgeschlossen.",
        "messages": [{"role": "system", "content": "Du bist ein hilfreicher Assistent."},
                     {"role": "user", "content": "Wie kündige ich mein Abo?"}],
        "output": "Sie können Ihr Abo jederzeit in den Kontoeinstellungen unter "
                  "\"Abonnement\" kündigen. Die Kündigung wird zum Ende des "
                  "Abrechnungszeitraums wirksam. Kann ich sonst noch helfen?",
        "latency_ms": 1840.5, "ttft_ms": 212,
        "usage": {"input_tokens": 812, "output_tokens": 96},
        "finish_reason": "stop" if i % 20 else "length", "status": "ok",
        "attributes": {"experiment": "b"}})
print(json.dumps(events if n > 1 else events[0]))
PY

config_args=()
if [ -n "${CONFIG:-}" ]; then config_args=(--config "$CONFIG"); fi
"$BUILD_DIR/daemon/micrometricsd" serve "${config_args[@]}" --listen 127.0.0.1:0 \
  --log-level warn 2> "$work/daemon.log" &
daemon_pid=$!
# --log-level warn hides the start line; ask the kernel for the port instead.
port=""
for _ in $(seq 100); do
  port=$(ss -Hltnp 2>/dev/null | grep "pid=$daemon_pid," | awk '{print $4}' | sed 's/.*://' | head -1 || true)
  [ -n "$port" ] && break
  sleep 0.05
done
[ -n "$port" ] || { echo "daemon did not start"; cat "$work/daemon.log"; exit 1; }

sample() { curl -s "127.0.0.1:$port/metrics" | awk -v s="$1" '$1==s {print $2}'; }

echo "batch=$BATCH events/request, connections=$CONNECTIONS, duration=$DURATION, cores=$(nproc)"
if [ -n "$RATE" ]; then
  # Open-loop at a fixed rate: latency at moderate load, not at saturation.
  echo "rate=$RATE requests/s (after a 3 s warm-up at the same rate)"
  hey -z 3s -c "$CONNECTIONS" -q $(( RATE / CONNECTIONS )) -m POST \
    -T application/json -D "$work/body.json" "http://127.0.0.1:$port$ENDPOINT" >/dev/null
  hey -z "$DURATION" -c "$CONNECTIONS" -q $(( RATE / CONNECTIONS )) -m POST \
    -T application/json -D "$work/body.json" "http://127.0.0.1:$port$ENDPOINT" |
    grep -E "Requests/sec|Average|Fastest|Slowest|[0-9]+% in|\[[0-9]+\]"
else
  BODY_FILE="$work/body.json" wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency \
    -s bench/post_events.lua "http://127.0.0.1:$port$ENDPOINT" | tee "$work/wrk.txt"
fi

if [ "$ENDPOINT" = /v1/check ]; then
  ok=$(sample 'micrometrics_http_requests_total{code="200",handler="check"}')
  echo
  echo "inline checks:     ${ok%.*} answered 200"
  echo "peak RSS:          $(awk '/VmHWM/ {print $2, $3}' /proc/$daemon_pid/status)"
  exit 0
fi
accepted_requests=$(sample 'micrometrics_http_requests_total{code="202",handler="events"}')
refused=$(sample 'micrometrics_events_rejected_total{reason="queue_full"}')
accepted=$(( ${accepted_requests%.*} * BATCH ))
start=$(date +%s.%N)
while [ "$(sample micrometrics_events_processed_total | cut -d. -f1)" -lt "$accepted" ]; do sleep 0.1; done
drain=$(echo "$(date +%s.%N) - $start" | bc)
seconds=${DURATION%s}
rss=$(awk '/VmHWM/ {print $2, $3}' /proc/$daemon_pid/status)
echo
echo "accepted events:   $accepted ($(( accepted / seconds )) events/s over ${seconds}s)"
echo "refused (429):     ${refused%.*} events"
echo "drain after load:  ${drain}s"
echo "peak RSS:          $rss"
