#!/usr/bin/env bash
# Installs the Debian 12 packages chibo needs to build, test and run.
# Idempotent: checks with dpkg-query first and only calls apt when something
# is missing (a fresh machine has no package lists, hence the update).
set -euo pipefail

PKGS=(
  g++ cmake make pkg-config ccache
  libboost1.81-dev libboost-json1.81-dev
  libsqlite3-dev libssl-dev catch2
  libzip-dev libpango1.0-dev libcairo2-dev fonts-liberation2 poppler-utils unzip
  chromium sqlite3 ca-certificates openssl
  libreoffice-writer-nogui
)
# Browser tests need node and npm. Some images ship a node build that already
# bundles npm (and conflicts with Debian's npm package): only ask Debian for
# them when the commands are absent.
command -v node >/dev/null 2>&1 || PKGS+=(nodejs)
command -v npm >/dev/null 2>&1 || PKGS+=(npm)

missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages: ${missing[*]}" >&2
  echo "install-deps: run as root (or: sudo $0)" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
