#!/usr/bin/env bash
# Playwright drives Debian's Chromium (never a downloaded browser). Installs it when
# missing and we are root; otherwise says how. CHROMIUM_PATH overrides the location.
set -euo pipefail
path="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$path" ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium for the end-to-end tests…"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "Chromium not found at $path. Install it (sudo apt-get install chromium) or set CHROMIUM_PATH." >&2
exit 1
