#!/usr/bin/env bash
# Everything a developer needs for the tests and the benchmark: the npm packages (setup-npm.sh) and
# the test tools, slapd, ldap-utils and Chromium (setup-test-tools.sh, apt-get as root).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-npm.sh
bash scripts/setup-test-tools.sh
