#!/usr/bin/env bash
# `npm start`: installs the npm packages when missing or stale, builds when a source changed, and
# starts idgate (embedded SQLite at ./data/idgate.db unless DATABASE_URL says otherwise). Installs no
# test tool (slapd, Chromium) and needs no root. A start with nothing to install or build takes
# about a second more than the server itself. In production run `node dist/src/index.js` instead
# (docs/operations.md, "Deployment").
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-npm.sh

tsc=node_modules/typescript/bin/tsc
if [ -f "$tsc" ]; then
  # A build info without its output (dist/ partly deleted) would let tsc think nothing is to be done.
  [ -f dist/src/index.js ] || rm -f dist/tsconfig.tsbuildinfo
  # Build mode compares the sources with dist/tsconfig.tsbuildinfo and returns at once when nothing
  # changed; --incremental re-checks only the files that did change.
  node "$tsc" -b . --incremental
elif [ ! -f dist/src/index.js ]; then
  echo "start: dist/ is missing and TypeScript is not installed (npm ci --omit=dev): build dist/ first" >&2
  exit 1
fi
exec node dist/src/index.js
