#!/usr/bin/env bash
# How cost grows with event size, batch size, number of metrics and number of
# label sets. The daemon (one I/O thread, one worker) runs on core 0 and wrk
# on core 1 (bench/lib.sh), so CPU per event is the daemon's own.
#   DURATION=8s bash bench/growth.sh
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(nproc)" -ge 2 ] || { echo "needs 2 cores (daemon and load driver apart)" >&2; exit 2; }
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
DURATION=${DURATION:-8s}
work=$(mktemp -d)
pid=""
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
source bench/lib.sh
cmake --build "$BUILD_DIR" --target micrometricsd evaluators_bench >/dev/null

printf 'metrics: []\n' > "$work/none-src.yaml"
one_core_config "$work/none-src.yaml" "$work/none.yaml"
one_core_config "" "$work/default.yaml"
one_core_config deploy/micrometrics.example.yaml "$work/example.yaml"

row() {  # label, then drive's output
  python3 - "$@" <<'PY'
import sys
label = sys.argv[1]
events, cpu, secs, requests, refused, p99 = (float(a) for a in sys.argv[2:8])
print(f"| {label} | {events / secs:,.0f} | {refused:,.0f} | {cpu / events:.1f} | {p99 / 1000:.2f} |")
PY
}

echo "## Event size (batches of 100)"
echo
echo "| reply size | events/s (no metrics, saturated) | refused | CPU µs/event | p99 ms |"
echo "|---|---|---|---|---|"
for range in "150 300" "1000 1400" "3500 4000"; do
  read -r lo hi <<< "$range"
  make_batch 100 "$lo" "$hi" "$work/size"
  start_daemon "$work/none.yaml"
  row "$lo-$hi B, no metrics" $(drive "$work/size.json" application/json 4 0)
  eval=$(evaluator_cost "$work/size.jsonl")
  start_daemon "$work/default.yaml"
  out=$(drive "$work/size.json" application/json 4 40)
  row "$lo-$hi B, default pack at a steady rate (evaluators alone: $eval µs)" $out
done

echo
echo "## Batch size (no metrics, 1.0-1.4 KB replies, saturated)"
echo
echo "| events per request | events/s | refused | CPU µs/event | p99 ms |"
echo "|---|---|---|---|---|"
make_batch 1000 1000 1400 "$work/many"
for n in 1 10 100 1000; do
  head -"$n" "$work/many.jsonl" > "$work/b$n.jsonl"
  python3 -c "import json,sys; print(json.dumps([json.loads(l) for l in open(sys.argv[1])]))" \
    "$work/b$n.jsonl" > "$work/b$n.json"
  conns=$([ "$n" = 1 ] && echo 16 || echo 4)
  start_daemon "$work/none.yaml"
  row "$n" $(drive "$work/b$n.json" application/json "$conns" 0)
done

echo
echo "## Number of metrics (batches of 100, 1.0-1.4 KB replies, about 5,000 events/s)"
echo
echo "| config | events/s | refused | CPU µs/event | p99 ms |"
echo "|---|---|---|---|---|"
make_batch 100 1000 1400 "$work/batch"
for kind in none default example; do
  case $kind in
    none) label="no metrics" ;;
    default) label="default pack (8 metrics)" ;;
    example)
      label="example config ($(awk '/^[a-z]/ {s = $1} s == "metrics:" && /^  - name:/' \
        deploy/micrometrics.example.yaml | wc -l) metrics, $(awk '/^[a-z]/ {s = $1} \
        s == "alerts:" && /^  - name:/' deploy/micrometrics.example.yaml | wc -l) alert rules)" ;;
  esac
  start_daemon "$work/$kind.yaml"
  row "$label" $(drive "$work/batch.json" application/json 4 80)
done

echo
echo "## Label sets (default pack): bench/labelsets.sh"
echo
for n in 100 1000 10000; do
  echo "LABEL_SETS=$n"
  LABEL_SETS=$n bash bench/labelsets.sh | sed 's/^/    /'
done
