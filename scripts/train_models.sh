#!/usr/bin/env bash
# Retrains the classifiers compiled into the binary (metrics/models/) from
# the dev half of the labelled data in ../shared/data, the same half the
# accuracy harness lets one tune on; the held-out half is never seen.
#
#   scripts/train_models.sh [BUILD_DIR]
#
# Needs Debian's fasttext command (scripts/setup.sh installs it) and a built
# bench/accuracy. Training runs on one thread with a fixed seed, so the same
# data gives the same model byte for byte. Afterwards: rebuild, run
# build/bench/accuracy, and update docs/METRICS.md with the new figures.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build}"
command -v fasttext >/dev/null || {
  echo "train_models: needs the fasttext command (apt-get install fasttext)" >&2
  exit 2
}
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$build/bench/accuracy" --export-training "$work"

# prompt_injection: jailbreak vs benign. Small on purpose (4 dimensions,
# 20k bigram buckets: about 0.5 MB); larger models measured no better in
# 5-fold cross-validation on the dev half (docs/METRICS.md).
fasttext supervised -input "$work/prompt_injection.txt" \
  -output "$work/prompt_injection" -dim 4 -epoch 25 -lr 0.5 -wordNgrams 2 \
  -bucket 20000 -minCount 2 -thread 1 -seed 1 -verbose 0

for model in prompt_injection; do
  install -m 644 "$work/$model.bin" "$root/metrics/models/$model.bin"
  echo "train_models: wrote metrics/models/$model.bin" \
    "($(stat -c %s "$root/metrics/models/$model.bin") bytes)"
done
