#!/usr/bin/env bash
# Installs what is missing, builds, and starts idgate (embedded SQLite at ./data/idgate.db unless DATABASE_URL says otherwise).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npx tsc -p .
exec node dist/src/index.js
