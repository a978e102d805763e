#!/usr/bin/env bash
# Installs the Debian packages only the tests need, when missing, through apt-get (as root): OpenLDAP's
# slapd and ldap-utils (the LDAP tests start their own slapd) and Chromium (the browser test of the
# GraphQL IDE). Run by `npm test` and `npm run bench`; `npm start` never runs it.
set -euo pipefail

apt_packages=()
[ -x /usr/sbin/slapd ] || command -v slapd >/dev/null 2>&1 || apt_packages+=(slapd)
command -v ldapsearch >/dev/null 2>&1 || apt_packages+=(ldap-utils)
[ -x /usr/bin/chromium ] || apt_packages+=(chromium)
if [ ${#apt_packages[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "setup: ${apt_packages[*]} missing and not root: install them with apt-get" >&2
    exit 1
  fi
  echo "setup: installing ${apt_packages[*]} (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${apt_packages[@]}" >/dev/null
fi
