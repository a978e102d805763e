#!/usr/bin/env bash
# Installs what idgate and its tests need and is missing: npm packages from the committed lock file,
# and Debian packages through apt-get (run as root): Chromium for the browser test of the GraphQL IDE.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_UPDATED=0
# apt_install PACKAGE...: installs Debian packages, running `apt-get update` once per setup.
apt_install() {
  if [ "$APT_UPDATED" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

if [ ! -x /usr/bin/chromium ]; then
  echo "setup: installing Chromium (apt-get install chromium)"
  apt_install chromium
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm packages (npm ci)"
  npm ci --no-audit --no-fund
fi
