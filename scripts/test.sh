#!/usr/bin/env bash
# The whole test run, as CI runs it: install what is missing (npm packages; slapd, ldap-utils and
# Chromium through apt-get as root), build, static checks, then every test (unit, conformance,
# integration and end-to-end against real SQLite and PostgreSQL).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-npm.sh
bash scripts/setup-test-tools.sh
echo "== build"
# The same incremental build as npm start: it leaves dist/tsconfig.tsbuildinfo up to date, so that
# the start-script test finds nothing to build.
node node_modules/typescript/bin/tsc -b . --incremental
echo "== checks: types, lint, format, schema, codegen"
npm run --silent check
echo "== tests"
node scripts/run-tests.mjs "$@"
