#!/usr/bin/env bash
# The whole test run, as CI runs it: install what is missing, build, static checks, then every test
# (unit, conformance, integration and end-to-end against real SQLite and PostgreSQL).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "== build"
npx tsc -p .
echo "== checks: types, lint, format, schema, codegen"
npm run --silent check
echo "== tests"
node scripts/run-tests.mjs "$@"
