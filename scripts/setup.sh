#!/usr/bin/env bash
# Installs what the tests and the demo need, idempotently: Debian packages, npm packages,
# and the code-server toolchain. Safe to run again; skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

debs=(bubblewrap chromium python3 python3-pytest libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config)
missing=()
for pkg in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
# python3 with pytest may come from elsewhere than Debian (e.g. pyenv): accept it.
if python3 -c 'import pytest' 2>/dev/null; then
  missing=("${missing[@]/python3-pytest}")
  missing=("${missing[@]/python3}")
fi
missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then sudo=sudo; else sudo=; fi
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}"
fi

stamp=node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund
fi

if [ -x scripts/setup-code-server.sh ] && [ "${BEST_OF_N_SKIP_CODE_SERVER:-}" != 1 ]; then
  scripts/setup-code-server.sh
fi
