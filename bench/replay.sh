#!/usr/bin/env bash
# Replay throughput and peak memory on a large generated file:
#   EVENTS=1000000 bash bench/replay.sh
# Writes the file once (bench/make_events.py, seeded) under .cache/bench/,
# then runs `micrometricsd replay` with the default pack under
# /usr/bin/time -v. Needs a build (bash scripts/test.sh or cmake --build).
set -euo pipefail
cd "$(dirname "$0")/.."
EVENTS="${EVENTS:-1000000}"
BUILD_DIR="${BUILD_DIR:-build}"
FILE=".cache/bench/events-${EVENTS}.jsonl"
mkdir -p .cache/bench
if [[ ! -s "$FILE" ]]; then
  echo "writing $FILE ($EVENTS events)..." >&2
  python3 bench/make_events.py --events "$EVENTS" --seed 3 --regression 0.1 > "$FILE.tmp"
  mv "$FILE.tmp" "$FILE"
fi
ls -l "$FILE" >&2
/usr/bin/time -v "$BUILD_DIR/daemon/micrometricsd" replay \
  --compare prompt_version=v41,v42 --fail-on regression --by model \
  ${WORKERS:+--workers "$WORKERS"} "$FILE" > .cache/bench/replay.txt 2> .cache/bench/replay.time || true
head -1 .cache/bench/replay.txt
grep -E "Elapsed|Maximum resident|Percent of CPU" .cache/bench/replay.time
