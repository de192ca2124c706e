#!/usr/bin/env bash
# What exporting evaluation results (otlp.evaluation_results, issue 19)
# costs ingest: the default pack on one worker at saturation (the daemon on
# core 0, wrk on core 1), without the export and with it sending every fail
# and $PASS_SHARE of the passes as OTLP/HTTP protobuf to a local receiver
# that answers 2xx (bench/trivial_server, on core 1); $ROUNDS alternating
# runs of each, the medians of events/s and of the daemon's CPU per event,
# and how many records were sent and dropped.
#   bash bench/evaluation_results.sh       # DURATION=10s ROUNDS=5 PASS_SHARE=0.01
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-5}
PASS_SHARE=${PASS_SHARE:-0.01}
[ "$(nproc)" -ge 2 ] || { echo "needs 2 cores" >&2; exit 2; }
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
work=$(mktemp -d)
pid=""
receiver=""
trap 'kill $pid $receiver 2>/dev/null || true; rm -rf "$work"' EXIT
source bench/lib.sh
cmake --build "$BUILD_DIR" --target micrometricsd trivial_server >/dev/null

make_batch 100 600 1400 "$work/batch"
one_core_config "" "$work/plain.yaml"
taskset -c 1 "$BUILD_DIR/bench/trivial_server" 1 > "$work/receiver.port" &
receiver=$!
for _ in $(seq 50); do [ -s "$work/receiver.port" ] && break; sleep 0.1; done
receiver_port=$(grep -o '[0-9]*$' "$work/receiver.port")
{
  cat "$work/plain.yaml"
  cat <<YAML
otlp:
  evaluation_results:
    endpoint: http://127.0.0.1:$receiver_port/v1/logs
    encoding: protobuf
    sample: {fail: 1, error: 1, pass: $PASS_SHARE, skipped: 0}
YAML
} > "$work/export.yaml"

# The export's own counters, read before drive() stops the daemon.
counts() {
  curl -s "127.0.0.1:$port/metrics" | awk '
    $1 == "micrometrics_evaluation_results_total{result=\"sent\"}" {s = $2}
    $1 == "micrometrics_evaluation_results_total{result=\"dropped\"}" {d = $2}
    END {printf "%d %d", s, d}'
}

declare -a plain_rates export_rates plain_cpu export_cpu
for round in $(seq "$ROUNDS"); do
  for kind in plain export; do
    start_daemon "$work/$kind.yaml"
    # drive() stops the daemon when the queue is drained; sample the
    # export's counters from a poller just before.
    ( sleep "$(( ${DURATION%s} + 1 ))"; counts > "$work/counts" ) &
    poller=$!
    read -r events cpu_us seconds _ _ _ <<< "$(drive "$work/batch.json" application/json 4 0)"
    wait $poller 2>/dev/null || true
    rate=$(python3 -c "print(round($events / $seconds))")
    per=$(python3 -c "print(f'{$cpu_us / $events:.1f}')")
    extra=""
    [ $kind = export ] && extra=", records sent/dropped $(tr ' ' / < "$work/counts")"
    echo "round $round $kind: $rate events/s, $per CPU us/event$extra"
    if [ $kind = plain ]; then plain_rates+=("$rate"); plain_cpu+=("$per")
    else export_rates+=("$rate"); export_cpu+=("$per"); fi
  done
done
median() { printf '%s\n' "$@" | sort -n | sed -n "$(( (ROUNDS + 1) / 2 ))p"; }
p=$(median "${plain_rates[@]}"); e=$(median "${export_rates[@]}")
pc=$(median "${plain_cpu[@]}"); ec=$(median "${export_cpu[@]}")
echo "median: without $p events/s ($pc CPU us/event), exporting $e events/s ($ec CPU us/event): $(python3 -c "print(f'{($e - $p) / $p * 100:+.1f}% throughput, {($ec - $pc) / $pc * 100:+.1f}% CPU per event')")"
