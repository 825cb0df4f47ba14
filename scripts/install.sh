#!/usr/bin/env bash
# Installs the npm dependencies when package.json or package-lock.json changed since the last install, then
# checks that the native modules really load. Safe to run offline against the npm registry alone:
# the Electron binary and onnxruntime's CUDA files are fetched separately (see scripts/run.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

stamp=node_modules/.install-stamp
want=$(cat package.json package-lock.json | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "installing npm dependencies (npm ci)…"
  ELECTRON_SKIP_BINARY_DOWNLOAD=1 ONNXRUNTIME_NODE_INSTALL=skip npm ci --no-audit --no-fund
  echo "$want" > "$stamp"
fi

# better-sqlite3 is built from source when no prebuilt binary can be fetched; prove it loads.
node -e "const D = require('better-sqlite3'); new D(':memory:').prepare('select 1').get();" || {
  echo "better-sqlite3 does not load: run 'npm rebuild better-sqlite3' (needs python3, make and g++)" >&2
  exit 1
}
