#!/usr/bin/env bash
# Memory with many label sets: N distinct (prompt_version, route) pairs
# through the default pack, then the daemon's peak RSS and series count.
#   LABEL_SETS=10000 bash bench/labelsets.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
N=${LABEL_SETS:-10000}
work=$(mktemp -d)
pid=""
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
# The default pack's labels, with room for the values this run makes.
"$BUILD_DIR/daemon/micrometricsd" --print-default-config |
  sed "s/label_limits: {max_values: 200}/label_limits: {max_values: 1000, max_sets: $N}/" > "$work/config.yaml"
"$BUILD_DIR/daemon/micrometricsd" serve --config "$work/config.yaml" \
  --listen 127.0.0.1:0 2> "$work/log" &
pid=$!
for _ in $(seq 100); do
  port=$(grep -o 'listening on 127.0.0.1:[0-9]*' "$work/log" | cut -d: -f2 || true)
  [ -n "$port" ] && break; sleep 0.05
done
idle=$(awk '/VmRSS/ {printf "%.1f", $2 / 1024}' /proc/$pid/status)
python3 - "$N" "$work" <<'PY'
import json, math, sys
n, work = int(sys.argv[1]), sys.argv[2]
side = math.ceil(math.sqrt(n))
events = []
for i in range(n):
    events.append({"id": f"e{i}", "model": "gpt-4o-mini",
                   "prompt_version": f"v{i // side}", "route": f"route-{i % side}",
                   "turn": 1 + i % 3, "locale": "de",
                   "input": "Wie kündige ich mein Abo?",
                   "output": "Sie können Ihr Abo jederzeit in den Kontoeinstellungen kündigen.",
                   "latency_ms": 800 + i % 500, "ttft_ms": 120,
                   "usage": {"input_tokens": 100, "output_tokens": 40}})
for b in range(0, n, 1000):
    with open(f"{work}/batch{b // 1000:04d}.json", "w") as f:
        json.dump(events[b:b + 1000], f)
PY
for f in "$work"/batch*.json; do
  curl -sf -o /dev/null -H 'content-type: application/json' --data-binary @"$f" \
    "127.0.0.1:$port/v1/events"
done
# Wait for the workers without scraping /metrics (a scrape is measured below).
processed() {
  curl -s "127.0.0.1:$port/api/v1/metrics" | python3 -c '
import json, sys
c = json.load(sys.stdin)["metrics"][0]["counts"]
print(c["pass"] + c["fail"] + c["skipped"] + c["error"])'
}
until [ "$(processed)" -ge "$N" ]; do sleep 0.2; done
rss() { awk "/$1/ {printf \"%.1f\", \$2 / 1024}" /proc/$pid/status; }
before_scrape=$(rss VmRSS)
before_peak=$(rss VmHWM)
# As Prometheus scrapes: gzip.
gzip_bytes=$(curl -s -H 'Accept-Encoding: gzip' "127.0.0.1:$port/metrics" | wc -c)
gzip_peak=$(rss VmHWM)
read -r plain_bytes seconds < <(curl -s -o "$work/scrape.txt" \
  -w '%{size_download} %{time_total}\n' "127.0.0.1:$port/metrics")
series=$(grep -vc '^#' "$work/scrape.txt")
echo "label sets:        $N (distinct prompt_version x route, turn buckets on top)"
echo "series exposed:    $series"
awk -v p="$plain_bytes" -v g="$gzip_bytes" -v s="$seconds" \
  'BEGIN {printf "scrape size:       %.1f MiB plain (%.2f s), %.2f MiB gzip\n", p / 1048576, s, g / 1048576}'
echo "RSS idle:          $idle MB"
echo "RSS before scrape: $before_scrape MB (peak so far $before_peak MB)"
echo "peak RSS:          $gzip_peak MB after a gzip scrape, $(rss VmHWM) MB after a plain one"
echo "RSS after:         $(rss VmRSS) MB"
