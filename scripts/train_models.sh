#!/usr/bin/env bash
# Retrains the classifiers compiled into the binary (metrics/models/) from
# the dev half of the labelled data in ../shared/data, the same half the
# accuracy harness lets one tune on; the held-out half is never seen.
#
#   scripts/train_models.sh [--check] [BUILD_DIR]
#
# --check writes nothing: it trains and compares with the committed models
# (the test trained_models_reproducible). They must be identical, or, where
# this CPU's floating point differs from the one that trained them, agree
# on the label of at least 99.5% of the training rows; exit 1 otherwise.
#
# Needs Debian's fasttext command (scripts/setup.sh installs it) and a built
# bench/accuracy. Training runs on one thread with a fixed seed, so the same
# data gives the same model byte for byte. Afterwards: rebuild, run
# build/bench/accuracy, and update docs/METRICS.md with the new figures.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
check=0
if [[ "${1:-}" == --check ]]; then
  check=1
  shift
fi
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

# refusal: refusal vs answer, on one-voice replies and everyday assistant
# turns. Asked only about replies the rules found a hint of a lecture in;
# scripts/refusal_cv.py measures it on questions it was not trained on.
refusal_args=(-dim 4 -epoch 25 -lr 0.5 -wordNgrams 2 -bucket 20000
  -minCount 2 -thread 1 -seed 1 -verbose 0)
fasttext supervised -input "$work/refusal.txt" -output "$work/refusal" \
  "${refusal_args[@]}"
TRAIN_EXTRA="$work/refusal_everyday.txt" \
  python3 "$root/scripts/refusal_cv.py" "$work/refusal_rows.tsv" \
  "${refusal_args[@]}"

models="$root/metrics/models"
status=0
for model in prompt_injection refusal; do
  if ((check)); then
    if cmp -s "$work/$model.bin" "$models/$model.bin"; then
      echo "train_models: $model.bin: identical to the committed model"
      continue
    fi
    sed 's/^__label__[^ ]* //' "$work/$model.txt" >"$work/$model.texts"
    total=$(wc -l <"$work/$model.texts")
    differ=$(diff <(fasttext predict "$work/$model.bin" "$work/$model.texts") \
      <(fasttext predict "$models/$model.bin" "$work/$model.texts") |
      grep -c '^<' || true)
    echo "train_models: $model.bin: not identical; labels differ on" \
      "$differ of $total training rows"
    if ((differ * 200 > total)); then
      echo "train_models: $model.bin is not what this script trains:" \
        "retrain and commit it" >&2
      status=1
    fi
    continue
  fi
  install -m 644 "$work/$model.bin" "$models/$model.bin"
  echo "train_models: wrote metrics/models/$model.bin" \
    "($(stat -c %s "$models/$model.bin") bytes)"
done
exit "$status"
