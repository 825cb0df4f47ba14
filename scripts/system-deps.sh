#!/usr/bin/env bash
# Debian packages the tests need: Chromium for the end-to-end tests; D-Bus and gnome-keyring for the keychain
# tests (a real Secret Service under dbus-run-session); libsecret's headers for building keytar from source;
# redis-server for the queue tests.
# Installed when missing and possible.
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v dbus-run-session >/dev/null || missing+=(dbus)
command -v dbus-launch >/dev/null || missing+=(dbus-x11)
command -v gnome-keyring-daemon >/dev/null || missing+=(gnome-keyring)
[ -f /usr/include/libsecret-1/libsecret/secret.h ] || missing+=(libsecret-1-dev)
# Redis for the distributed-worker tests (BullMQ); each test starts its own server on a free loopback port.
command -v redis-server >/dev/null || [ -x /usr/bin/redis-server ] || missing+=(redis-server)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
elif command -v sudo >/dev/null && command -v apt-get >/dev/null; then
  sudo apt-get update -qq
  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "missing system packages: ${missing[*]} (install them with your package manager)" >&2
  exit 1
fi
