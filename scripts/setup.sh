#!/usr/bin/env bash
# Installs what idgate and its tests need and is missing: npm packages from the committed lock file.
# Later parts (slapd, Chromium) are installed here too, through apt-get, as the suites that need them land.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm packages (npm ci)"
  npm ci --no-audit --no-fund
fi
