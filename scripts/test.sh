#!/usr/bin/env bash
# The test command: system packages (Chromium for the browser tests), npm dependencies, type checks for every
# environment, the import rules, a full build, the Electron security scan, the packaging configuration, then
# every test (unit, integration, end-to-end) inside a D-Bus session with gnome-keyring.
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
echo "== Electron security scan (electronegativity; fails on a high-severity finding)"
mkdir -p test-output
node scripts/electronegativity.mjs --output test-output/electronegativity.csv
echo "== packaging configuration (electron-builder.yml)"
node scripts/check-packaging.mjs
echo "== tests"
# Inside a private D-Bus session with an unlocked gnome-keyring, so the keychain tests run against a real Secret
# Service (they report themselves skipped where none is reachable, e.g. without these two programs).
if command -v dbus-run-session >/dev/null && command -v gnome-keyring-daemon >/dev/null; then
  dbus-run-session -- sh -c 'printf %s pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec npx vitest run "$@"' sh "$@"
else
  echo "dbus-run-session or gnome-keyring-daemon is missing: the keychain tests will be skipped" >&2
  npx vitest run "$@"
fi
