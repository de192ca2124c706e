#!/usr/bin/env bash
# Installs puppeteer-core (no browser download) into .cache/puppeteer for the
# status page test, which drives Debian's chromium with it. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=.cache/puppeteer
[ -d "$dir/node_modules/puppeteer-core" ] && exit 0
command -v npm >/dev/null || {
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm
}
mkdir -p "$dir"
(cd "$dir" && npm install --silent --no-audit --no-fund puppeteer-core@25)
echo "fetch_puppeteer: $dir"
