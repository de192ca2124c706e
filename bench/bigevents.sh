#!/usr/bin/env bash
# Big events against the memory budget: wrk POSTs bodies of 100 events of
# 30 KB each (3 MB, under the 4 MiB body limit) over many connections; the
# daemon's peak RSS (VmHWM) is compared with server.memory_budget, and its
# RSS 10 s after the flood shows whether the memory went back.
#
#   bash bench/bigevents.sh                         # 128 connections, 20 s
#   CONNECTIONS=32 BUDGET=256MiB bash bench/bigevents.sh
#
# wrk and the daemon share this machine's cores; say so with the numbers.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${BUILD_DIR:-build}
CONNECTIONS=${CONNECTIONS:-128}
DURATION=${DURATION:-20s}
BUDGET=${BUDGET:-}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
cmake --build "$BUILD_DIR" -j2 --target micrometricsd >/dev/null

work=$(mktemp -d)
trap 'kill $daemon_pid 2>/dev/null || true; rm -rf "$work"' EXIT

python3 - > "$work/body.json" <<'PY'
import json
# A long German answer, about 30 KB: the default pack's language, PII and
# refusal checks all read it.
para = ("Sie können Ihr Abo jederzeit in den Kontoeinstellungen unter "
        "\"Abonnement\" kündigen. Die Kündigung wird zum Ende des "
        "Abrechnungszeitraums wirksam, und bis dahin bleibt alles verfügbar. ")
text = (para * (30000 // len(para) + 1))[:30000]
print(json.dumps([{
    "id": f"big-{i}", "model": "gpt-4o", "prompt_version": "support-v42",
    "route": "billing", "turn": 1, "locale": "de-DE",
    "input": "Wie kündige ich mein Abo? Bitte ausführlich erklären.",
    "output": text, "latency_ms": 9000, "ttft_ms": 400,
    "finish_reason": "stop", "status": "ok"} for i in range(100)]))
PY

# The default pack, with the budget under test when given.
"$BUILD_DIR/daemon/micrometricsd" --print-default-config > "$work/config.yaml"
if [ -n "$BUDGET" ]; then
  sed -i "s/^  threads: 2$/  threads: 2\n  memory_budget: $BUDGET/" "$work/config.yaml"
fi
"$BUILD_DIR/daemon/micrometricsd" serve --config "$work/config.yaml" \
  --listen 127.0.0.1:0 --log-level warn 2> "$work/daemon.log" &
daemon_pid=$!
port=""
for _ in $(seq 100); do
  port=$(ss -Hltnp 2>/dev/null | grep "pid=$daemon_pid," | awk '{print $4}' | sed 's/.*://' | head -1 || true)
  [ -n "$port" ] && break
  sleep 0.05
done
[ -n "$port" ] || { echo "daemon did not start"; cat "$work/daemon.log"; exit 1; }
sample() { curl -s "127.0.0.1:$port/metrics" | awk -v s="$1" '$1==s {print $2}'; }
rss() { awk "/$1/ {printf \"%.0f MB\", \$2 / 1024}" /proc/$daemon_pid/status; }

echo "body=$(( $(stat -c %s "$work/body.json") / 1024 )) KiB (100 events of 30 KB), connections=$CONNECTIONS, duration=$DURATION, budget=${BUDGET:-default 256MiB}, cores=$(nproc)"
echo "RSS idle:          $(rss VmRSS)"
BODY_FILE="$work/body.json" wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --timeout 10s \
  -s bench/post_events.lua "http://127.0.0.1:$port/v1/events" > "$work/wrk.txt" || true
grep -E "Requests/sec|Non-2xx|Socket errors" "$work/wrk.txt" || true
accepted=$(sample 'micrometrics_http_requests_total{code="202",handler="events"}')
queue_full=$(sample 'micrometrics_http_requests_total{code="429",handler="events"}')
budget=$(sample 'micrometrics_http_connections_closed_total{listener="main",reason="memory_budget"}')
echo "accepted:          ${accepted%.*} requests ($(( ${accepted%.*} * 100 )) events)"
echo "429 queue full:    ${queue_full:-0} requests (body read, then refused)"
echo "429 over budget:   ${budget%.*} requests (refused from the header)"
echo "peak RSS:          $(rss VmHWM)"
while [ "$(sample micrometrics_queue_depth | cut -d. -f1)" != 0 ]; do sleep 0.5; done
sleep 10
echo "RSS 10 s after:    $(rss VmRSS)"
