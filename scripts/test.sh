#!/usr/bin/env bash
# The test command: system packages (Chromium for the browser tests), npm dependencies, type checks for every
# environment, the import rules, a full build, then every test (unit, integration, end-to-end).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/system-deps.sh
bash scripts/install.sh

echo "== type check (shared, main, renderer, tests)"
npm run --silent typecheck
echo "== import rules"
npm run --silent lint:deps
echo "== build"
node scripts/build.mjs
echo "== tests"
mkdir -p test-output
npx vitest run "$@"
