#!/usr/bin/env bash
# Installs the npm packages from the committed lock file when node_modules is missing or older than
# package-lock.json; does nothing otherwise (a few milliseconds). Run by `npm start` and `npm test`.
# Needs no root and installs nothing outside the checkout.
set -euo pipefail
cd "$(dirname "$0")/.."

# npm ci writes node_modules/.package-lock.json last: when it is missing, the install did not finish.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm packages (npm ci)"
  npm ci --no-audit --no-fund
fi
