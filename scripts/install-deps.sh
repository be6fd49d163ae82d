#!/usr/bin/env bash
# Installs the Debian packages listed in scripts/debian-packages.txt that are
# not installed yet. Does nothing (and needs no network) when all are present.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
mapfile -t wanted < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$here/debian-packages.txt")
sudo_cmd=""
if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
missing=()
for pkg in "${wanted[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#wanted[@]} Debian packages present"
else
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
# Front-end packages (Leaflet for the reports, playwright-core for their
# tests) from package-lock.json, when node_modules is missing or stale.
root="$(cd "$here/.." && pwd)"
if ! command -v npm >/dev/null; then
  echo "install-deps: npm not found; installing Debian's nodejs and npm"
  $sudo_cmd apt-get install -y -qq --no-install-recommends nodejs npm
fi
if [ ! -d "$root/node_modules/leaflet" ] || [ "$root/package-lock.json" -nt "$root/node_modules/.package-lock.json" ]; then
  echo "install-deps: npm ci"
  (cd "$root" && npm ci --no-audit --no-fund --loglevel=error)
fi
