#!/usr/bin/env bash
# What a judge metric costs ingest (issue 16):
#   1. throughput: the default pack on one worker at saturation (the daemon
#      on core 0, wrk on core 1), with and without a judge metric sampling
#      1% of the events against a local OpenAI-compatible stub that answers
#      after $JUDGE_MS ms; $ROUNDS alternating runs of each, the medians of
#      events/s and of the daemon's CPU per event;
#   2. the judge endpoint down (a port that accepts and never answers) for
#      $SOAK under a steady $RATE events/s: RSS each minute, the judge's
#      queue, drops and breaker.
# Target: (1) within 5% of without; (2) memory flat.
#   bash bench/judge.sh                      # DURATION=10s SOAK=10m
#   SOAK=0 bash bench/judge.sh               # throughput only
#   THROUGHPUT=0 bash bench/judge.sh         # the endpoint down only
set -euo pipefail
cd "$(dirname "$0")/.."
SOAK=${SOAK:-10m}
ROUNDS=${ROUNDS:-5}
RATE=${RATE:-2000}
JUDGE_MS=${JUDGE_MS:-300}
[ "$(nproc)" -ge 2 ] || { echo "needs 2 cores" >&2; exit 2; }
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
work=$(mktemp -d)
pid=""
stub=""
trap 'kill $pid $stub 2>/dev/null || true; rm -rf "$work"' EXIT
source bench/lib.sh
cmake --build "$BUILD_DIR" --target micrometricsd >/dev/null

make_batch 100 600 1400 "$work/batch"
one_core_config "" "$work/plain.yaml"

# A stub judge on core 1: ThreadingHTTPServer, a verdict after JUDGE_MS ms.
# With HANG set it accepts and never answers (a judge that is down).
cat > "$work/stub.py" <<'PY'
import http.server, json, os, sys, time
delay = float(os.environ.get("JUDGE_MS", "300")) / 1000
hang = os.environ.get("HANG") == "1"
body = json.dumps({"choices": [{"message": {"role": "assistant",
        "content": json.dumps({"verdict": "pass", "reason": "It answers."})}}],
        "usage": {"prompt_tokens": 400, "completion_tokens": 15}}).encode()
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("content-length", 0)))
        if hang:
            time.sleep(3600)
        time.sleep(delay)
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a):
        pass
s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
s.daemon_threads = True
print(s.server_address[1], flush=True)
s.serve_forever()
PY
start_stub() {  # HANG -> $stub_port
  HANG=$1 JUDGE_MS=$JUDGE_MS taskset -c 1 python3 "$work/stub.py" > "$work/stub.port" &
  stub=$!
  for _ in $(seq 50); do [ -s "$work/stub.port" ] && break; sleep 0.1; done
  stub_port=$(cat "$work/stub.port")
}
judge_config() {  # port -> $work/judge.yaml: the plain config plus a judge
  python3 - "$work/plain.yaml" "$1" > "$work/judge.yaml" <<'PY'
import sys, yaml
c = yaml.safe_load(open(sys.argv[1]))
c["metrics"].append({"name": "answered", "type": "judge", "params": {
    "endpoint": {"url": f"http://127.0.0.1:{sys.argv[2]}/v1/chat/completions",
                 "model": "qwen2.5-7b-instruct", "timeout": "20s"},
    "rubric": "Does the reply answer the question the user asked?",
    "rubric_version": "answered-v1",
    "sample": {"rate": 0.01},
    "queue": {"capacity": 1000, "concurrency": 4},
    "cache": {"entries": 10000}}})
yaml.safe_dump(c, sys.stdout, sort_keys=False)
PY
}
sample() { curl -s "127.0.0.1:$port/metrics" | awk -v s="$1" '$1==s {print $2}'; }

if [ "${THROUGHPUT:-1}" = 1 ]; then
echo "== 1. saturation, one worker, $DURATION per run (judge answers after ${JUDGE_MS} ms)"
start_stub 0
judge_config "$stub_port"
declare -a plain_rates judge_rates plain_cpu judge_cpu
for round in $(seq "$ROUNDS"); do
  for kind in plain judge; do
    start_daemon "$work/$kind.yaml"
    read -r events cpu_us seconds _ _ _ <<< "$(drive "$work/batch.json" application/json 4 0)"
    rate=$(python3 -c "print(round($events / $seconds))")
    per=$(python3 -c "print(f'{$cpu_us / $events:.1f}')")
    echo "round $round $kind: $rate events/s, $per CPU us/event"
    if [ $kind = plain ]; then plain_rates+=("$rate"); plain_cpu+=("$per")
    else judge_rates+=("$rate"); judge_cpu+=("$per"); fi
  done
done
median() { printf '%s\n' "$@" | sort -n | sed -n "$(( (ROUNDS + 1) / 2 ))p"; }
p=$(median "${plain_rates[@]}"); j=$(median "${judge_rates[@]}")
pc=$(median "${plain_cpu[@]}"); jc=$(median "${judge_cpu[@]}")
echo "median: without $p events/s ($pc CPU us/event), with the judge $j events/s ($jc CPU us/event): $(python3 -c "print(f'{($j - $p) / $p * 100:+.1f}% throughput, {($jc - $pc) / $pc * 100:+.1f}% CPU per event')")"
kill $stub; wait $stub 2>/dev/null || true
fi

[ "$SOAK" = 0 ] && exit 0
echo "== 2. the judge down (accepts, never answers) for $SOAK at $RATE events/s"
start_stub 1
judge_config "$stub_port"
start_daemon "$work/judge.yaml"
# RATE events/s: 4 connections, 100 events each, pausing between batches.
delay=$(( 4 * 100 * 1000 / RATE ))
BODY_FILE="$work/batch.json" CONTENT_TYPE=application/json DELAY_MS=$delay \
  taskset -c 1 wrk -t1 -c4 -d"$SOAK" -s bench/wrk_report.lua \
  "http://127.0.0.1:$port/v1/events" > /dev/null &
load=$!
minutes=$(( ${SOAK%m} ))
for m in $(seq 0 "$minutes"); do
  rss=$(awk '/VmRSS/ {printf "%.1f", $2 / 1024}' /proc/$pid/status)
  echo "minute $m: RSS ${rss} MB, events $(sample micrometrics_events_processed_total)," \
    "judge queue $(sample 'micrometrics_judge_queue_depth{metric="answered"}')," \
    "in flight $(sample 'micrometrics_judge_in_flight{metric="answered"}')," \
    "queue_full $(sample 'micrometrics_judge_dropped_total{metric="answered",reason="queue_full"}')," \
    "breaker_open $(sample 'micrometrics_judge_dropped_total{metric="answered",reason="breaker_open"}')," \
    "failed $(sample 'micrometrics_judge_requests_total{metric="answered",result="failed"}')"
  [ "$m" = "$minutes" ] || sleep 60
done
wait $load 2>/dev/null || true
echo "peak RSS $(awk '/VmHWM/ {printf "%.1f MB", $2 / 1024}' /proc/$pid/status)"
