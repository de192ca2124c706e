#!/usr/bin/env bash
# The daemon against the Python sidecar a careful team would write instead
# (bench/python_peer/sidecar.py: aiohttp, prometheus_client, fastText's
# lid.176 through Debian's python3-fasttext, one process per core), side by
# side: the same three checks (reply language against the input's, refusal,
# e-mail and Luhn-valid cards), the same events (batches of 50, replies of
# 1-1.5 KB in the corpus's 28 languages), the same machine, one after the
# other in the same minute, ROUNDS times.
#
# Two layouts:
#   per core:  the server on core 0 (the daemon with one I/O thread and one
#              worker, the sidecar with one process), wrk on core 1
#   machine:   the server on both cores (two I/O threads and two workers;
#              two processes), wrk beside it
# Reported: events evaluated per second (from each server's
# micrometrics_events_processed_total, after the daemon's queue drained)
# in each round, their medians, and the median of the rounds' ratios (each
# round runs both servers back to back, so its ratio is the least noisy
# figure on a shared machine).
#
#   bash bench/python_peer.sh              DURATION=10s ROUNDS=3
#   FAST_PATH=false bash bench/python_peer.sh   the daemon as before the
#                                               language check's fast path
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-8}
PY=/usr/bin/python3
[ "$(nproc)" -ge 2 ] || { echo "needs 2 cores" >&2; exit 2; }
need=""
command -v wrk >/dev/null || need="$need wrk"
$PY -c "import fasttext, aiohttp, prometheus_client" 2>/dev/null ||
  need="$need python3-fasttext python3-aiohttp python3-prometheus-client"
if [ -n "$need" ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >/dev/null
fi
bash scripts/fetch_lid_model.sh >/dev/null
model=$PWD/.cache/models/lid.176.ftz
cmake --build "$BUILD_DIR" --target micrometricsd >/dev/null

work=$(mktemp -d)
pid=""
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT

# 40 batches of 50 events.
python3 bench/make_events.py --events 2000 --seed 7 --bad 0 \
  --min-bytes 1000 --max-bytes 1500 > "$work/events.jsonl"
python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
events = [json.loads(l) for l in open(f"{work}/events.jsonl")]
with open(f"{work}/batches", "w") as listing:
    for i in range(0, len(events), 50):
        path = f"{work}/batch{i // 50}.json"
        with open(path, "w") as f:
            json.dump(events[i:i + 50], f, ensure_ascii=False)
        listing.write(path + "\n")
PY

config() {  # threads -> the daemon's config: the sidecar's three checks
  cat <<YAML
server: {threads: $1}
pipeline: {workers: $1}
metrics:
  - {name: reply_language, type: language_match, params: {fast_path: ${FAST_PATH:-true}}}
  - {name: refusal, type: refusal}
  - {name: pii_in_reply, type: pii, params: {categories: [email, card]}}
YAML
}

start() {  # server cores threads
  local log=$work/$1.log
  if [ "$1" = daemon ]; then
    config "$3" > "$work/daemon.yaml"
    taskset -c "$2" "$BUILD_DIR/daemon/micrometricsd" serve \
      --config "$work/daemon.yaml" --listen 127.0.0.1:0 2> "$log" &
  else
    taskset -c "$2" $PY bench/python_peer/sidecar.py --model "$model" \
      --processes "$3" 2> "$log" &
  fi
  pid=$!
  port=""
  for _ in $(seq 200); do
    port=$(grep -o 'listening on 127.0.0.1:[0-9]*' "$log" | cut -d: -f2 || true)
    [ -n "$port" ] && curl -sf "127.0.0.1:$port/metrics" >/dev/null && return
    sleep 0.05
  done
  echo "$1 did not start: $(cat "$log")" >&2
  exit 1
}

processed() {
  curl -s "127.0.0.1:$port/metrics" |
    awk '$1=="micrometrics_events_processed_total" {printf "%d", $2}'
}

run() {  # server server_cores threads wrk_cores -> events/s
  start "$1" "$2" "$3"
  local before t0 t1 last
  before=$(processed)
  t0=$(date +%s%N)
  BODY_LIST=$work/batches taskset -c "$4" wrk -t1 -c"$CONNECTIONS" \
    -d"$DURATION" -s bench/post_batches.lua "http://127.0.0.1:$port/v1/events" \
    > "$work/wrk.out"
  last=-1
  while [ "$(processed)" != "$last" ]; do last=$(processed); sleep 0.3; done
  t1=$(( $(date +%s%N) - 300000000 ))
  kill "$pid"; wait "$pid" 2>/dev/null || true
  pid=""
  grep -q 'non2xx=0 ' "$work/wrk.out" || echo "note: $1 refused some batches: $(grep RESULT "$work/wrk.out")" >&2
  python3 -c "print(round(($last - $before) / max(($t1 - $t0) / 1e9, ${DURATION%s})))"
}

median() { tr ' ' '\n' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

printf '%-8s %-44s %12s %12s %14s\n' layout "rounds (daemon; python)" \
  "daemon ev/s" "python ev/s" "median ratio"
for layout in core machine; do
  d="" p=""
  for _ in $(seq "$ROUNDS"); do
    if [ $layout = core ]; then
      d="$d $(run daemon 0 1 1)"
      p="$p $(run python 0 1 1)"
    else
      d="$d $(run daemon 0,1 2 0,1)"
      p="$p $(run python 0,1 2 0,1)"
    fi
  done
  dm=$(echo $d | median)
  pm=$(echo $p | median)
  ratio=$(python3 -c "
import statistics, sys
d, p = [float(x) for x in '$d'.split()], [float(x) for x in '$p'.split()]
print(f'{statistics.median(a / b for a, b in zip(d, p)):.1f}x')")
  printf '%-8s %-44s %12s %12s %14s\n' "$layout" "${d# };${p}" "$dm" "$pm" "$ratio"
done
