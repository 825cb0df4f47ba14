#!/usr/bin/env bash
# The run command: installs what is needed, builds, and starts the workstation in demo mode.
# In Electron where its binary is (or can be) installed; otherwise as the headless host, which prints a
# loopback URL with a one-time token. Extra arguments go to the host (e.g. --port 0, --data-dir DIR).
# WORKSTATION_HEADLESS=1 forces the headless host.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install.sh
node scripts/build.mjs

electron_binary() {
  node -e "try { const p = require('electron'); require('fs').accessSync(p); console.log(p) } catch { process.exit(1) }" 2>/dev/null
}

if [ "${WORKSTATION_HEADLESS:-0}" != "1" ]; then
  if ! electron_binary >/dev/null; then
    # On a machine with the network this fetches Electron's binary; offline it fails within a second.
    echo "fetching the Electron binary…"
    node node_modules/electron/install.js >/dev/null 2>&1 || echo "no Electron binary available: starting the headless host instead"
  fi
  if electron_binary >/dev/null; then
    node scripts/electron-native.mjs
    exec npx electron . "$@"
  fi
fi
exec node dist/main/cli.mjs host "$@"
