#!/usr/bin/env bash
# The status page (GET /) with 200 metrics: server-side time to gather and
# render it, from the daemon's own micrometrics_http_request_duration_seconds
# {handler="status"}, and the page's size.
#   bash bench/status_page.sh            # METRICS=200 REQUESTS=200
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
M=${METRICS:-200}
R=${REQUESTS:-200}
work=$(mktemp -d)
pid=""
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
python3 - "$M" "$work" <<'PY'
import json, sys
m, work = int(sys.argv[1]), sys.argv[2]
lines = ["labels: [prompt_version, route]", "alerting: {evaluation_interval: 1s}",
         "metrics:"]
for i in range(m):
    kind = i % 4
    if kind == 0:
        lines.append(f"  - {{name: cut_{i}, type: truncation, owner: team-{i % 7}, review_by: 2026-06-01}}")
    elif kind == 1:
        lines.append(f"  - {{name: empty_{i}, type: empty_output, owner: team-{i % 7}}}")
    elif kind == 2:
        lines.append(f"  - {{name: words_{i}, type: length, params: {{unit: words, max: 12}}}}")
    else:
        lines.append(f"  - {{name: json_{i}, type: json_valid, stage: shadow}}")
lines.append("alerts:")
for i in range(0, m, 10):
    name = ["cut", "empty", "words", "json"][i % 4]
    lines.append(f"  - {{name: Rule{i}, metric: {name}_{i}, condition: 'fail_count > 0', window: 5m, group_by: [route]}}")
open(f"{work}/config.yaml", "w").write("\n".join(lines) + "\n")
text = "Die Antwort ist leider abgeschnitten worden, weil das Token-Limit " * 16
events = [{"id": f"e{i}", "prompt_version": f"v{i % 5}", "route": f"route-{i % 20}",
           "input": "{\"q\": 1}", "output": text if i % 3 else "",
           "finish_reason": "length" if i % 4 == 0 else "stop"} for i in range(5000)]
for b in range(0, len(events), 1000):
    json.dump(events[b:b + 1000], open(f"{work}/batch{b // 1000}.json", "w"))
PY
"$BUILD_DIR/daemon/micrometricsd" serve --config "$work/config.yaml" \
  --listen 127.0.0.1:0 2> "$work/log" &
pid=$!
for _ in $(seq 100); do
  port=$(grep -o 'listening on 127.0.0.1:[0-9]*' "$work/log" | cut -d: -f2 || true)
  [ -n "$port" ] && break; sleep 0.05
done
for f in "$work"/batch*.json; do
  curl -sf -o /dev/null -H 'content-type: application/json' --data-binary @"$f" \
    "127.0.0.1:$port/v1/events"
done
sample() { curl -s "127.0.0.1:$port/metrics" | awk -v s="$1" '$1 == s {print $2}'; }
until [ "$(sample micrometrics_events_processed_total)" = "5000" ]; do sleep 0.2; done
sleep 1.5  # one alert evaluation: the page lists firing alerts too
bytes=$(curl -s "127.0.0.1:$port/" | wc -c)
for _ in $(seq "$R"); do curl -s -o /dev/null "127.0.0.1:$port/"; done
sum=$(sample 'micrometrics_http_request_duration_seconds_sum{handler="status"}')
count=$(sample 'micrometrics_http_request_duration_seconds_count{handler="status"}')
alerts=$(curl -s "127.0.0.1:$port/" | grep -o 'class="alert firing"' | wc -l)
echo "metrics:           $M (5000 events, 100 label sets, $alerts firing alerts)"
echo "page:              $bytes bytes"
awk -v s="$sum" -v c="$count" 'BEGIN {printf "server-side time:  %.2f ms per page (mean of %d)\n", 1000 * s / c, c}'
echo "RSS:               $(awk '/VmRSS/ {printf "%.1f", $2 / 1024}' /proc/$pid/status) MB"
