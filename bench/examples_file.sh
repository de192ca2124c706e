#!/usr/bin/env bash
# The examples file (examples.file) under the two faults of issue 15:
#
#  1. start-up with a large file left by an older version (which appended
#     every failing event): time from spawn to /readyz 200, time until the
#     examples are back in /api/v1/examples, and the file's size after the
#     first write;
#  2. a 100% fail rate: wrk POSTs batches of 100 events whose replies all
#     hold an e-mail address (pii_in_reply fails every one) for $DURATION;
#     the bytes written to the file per second against the events' rate.
#
#   bash bench/examples_file.sh                  # 83 MB file, 20 s of load
#   FILE_MB=200 DURATION=30s bash bench/examples_file.sh
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${BUILD_DIR:-build}
DURATION=${DURATION:-20s}
FILE_MB=${FILE_MB:-83}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
cmake --build "$BUILD_DIR" -j2 --target micrometricsd >/dev/null

work=$(mktemp -d)
pid=""
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
source bench/lib.sh

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
sample() { curl -s "127.0.0.1:$port/metrics" | awk -v s="$1" '$1==s {printf "%d", $2}'; }

# The default pack, keeping its examples in $work/examples.jsonl.
"$BUILD_DIR/daemon/micrometricsd" --print-default-config |
  sed "s|^examples:|examples:\n  file: $work/examples.jsonl\n  file_write_interval: 1s|" \
  > "$work/config.yaml"
grep -q "file: $work/examples.jsonl" "$work/config.yaml" ||
  printf 'examples: {file: %s, file_write_interval: 1s}\n' "$work/examples.jsonl" >> "$work/config.yaml"

echo "== 1. start-up with a ${FILE_MB} MB examples file of an older version"
python3 - "$work/examples.jsonl" "$FILE_MB" <<'PY'
import json, sys
path, mb = sys.argv[1], int(sys.argv[2])
text = "Please write to jane.doe@example.com, I will forward it. " * 5
with open(path, "w") as out:
    i = 0
    while out.tell() < mb * 1000 * 1000:
        out.write(json.dumps({
            "metric": "pii_in_reply", "event_id": f"old-{i}",
            "conversation_id": f"c-{i}", "time": "2026-11-30T10:00:00Z",
            "labels": {"model": "gpt-4o", "prompt_version": "v1"},
            "reason": "email", "text": text}) + "\n")
        i += 1
PY
echo "file: $(( $(stat -c %s "$work/examples.jsonl") / 1000000 )) MB"
t0=$(now_ms)
start_daemon "$work/config.yaml"
until [ "$(curl -s -o /dev/null -w '%{http_code}' "127.0.0.1:$port/readyz")" = 200 ]; do sleep 0.01; done
t_ready=$(now_ms)
until [ "$(curl -s "127.0.0.1:$port/api/v1/examples?metric=pii_in_reply" |
          python3 -c 'import json,sys; print(len(json.load(sys.stdin)["examples"]))')" -ge 20 ]; do
  sleep 0.01
done
t_back=$(now_ms)
until [ "$(sample 'micrometrics_examples_file_writes_total{result="written"}')" -ge 1 ]; do sleep 0.1; done
echo "ready (/readyz 200) after:      $(( t_ready - t0 )) ms"
echo "examples back after:            $(( t_back - t0 )) ms"
echo "file after the first write:     $(stat -c %s "$work/examples.jsonl") bytes"
kill $pid; wait $pid 2>/dev/null || true

echo "== 2. every event fails pii_in_reply, $DURATION of wrk"
python3 - > "$work/body.json" <<'PY'
import json
print(json.dumps([{
    "id": f"fail-{i}", "model": "gpt-4o", "prompt_version": "support-v42",
    "route": "billing", "turn": 1, "locale": "en-US",
    "input": "Who do I contact about my invoice?",
    "output": "Please write to jane.doe@example.com or call our billing team, "
              "they will sort out the invoice for you within two days.",
    "latency_ms": 900, "ttft_ms": 200, "finish_reason": "stop",
    "status": "ok"} for i in range(100)]))
PY
start_daemon "$work/config.yaml"
until [ "$(curl -s -o /dev/null -w '%{http_code}' "127.0.0.1:$port/readyz")" = 200 ]; do sleep 0.01; done
written0=$(sample 'micrometrics_examples_file_writes_total{result="written"}')
BODY_FILE="$work/body.json" taskset -c 1 wrk -t1 -c8 -d"$DURATION" \
  -s bench/post_events.lua "http://127.0.0.1:$port/v1/events" > "$work/wrk.txt"
last=-1
while [ "$(processed)" != "$last" ]; do last=$(processed); sleep 1.2; done
fails=$(curl -s "127.0.0.1:$port/metrics" |
  awk '$1 ~ /^micrometrics_checks_total\{/ && /metric="pii_in_reply"/ && /outcome="fail"/ {s += $2} END {printf "%d", s}')
written=$(( $(sample 'micrometrics_examples_file_writes_total{result="written"}') - written0 ))
size=$(stat -c %s "$work/examples.jsonl")
secs=${DURATION%s}
echo "events processed:               $last ($(( last / secs )) /s), failing pii_in_reply: $fails"
echo "file writes:                    $written of at most $size bytes each"
echo "written to disk:                $(( written * size / secs / 1000 )) KB/s (was: every failing event appended)"
echo "lines in the file:              $(wc -l < "$work/examples.jsonl")"
