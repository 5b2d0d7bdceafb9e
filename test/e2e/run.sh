#!/usr/bin/env bash
# The extension in a real VS Code: code-server with the packaged .vsix, driven by playwright-core and Debian's
# chromium (test/e2e/editor.test.mjs). Usage: bash test/e2e/run.sh (after npm run package, which npm test does).
# Setup (cached outside the repository): test/e2e/setup.sh.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
ROOT=${LVS_E2E_ROOT:-${HOME}/.cache/vscode-e2e}
PORT=${LVS_E2E_PORT:-$((18100 + RANDOM % 800))}
bash "$HERE/setup.sh"

VSIX=$REPO/dist/lvs-config.vsix
[ -f "$VSIX" ] || (cd "$REPO" && npm run -s package >/dev/null)
RUN=$(mktemp -d "${TMPDIR:-/tmp}/lvs-e2e.XXXXXX")
CS=("$ROOT/bin/node" "$ROOT/cs/node_modules/code-server/out/node/entry.js")
export XDG_CONFIG_HOME=$RUN/config XDG_DATA_HOME=$RUN/share
DATA=(--user-data-dir "$RUN/user" --extensions-dir "$RUN/extensions")
mkdir -p "$RUN/user/User" "$RUN/extensions" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME"
cat >"$RUN/user/User/settings.json" <<'JSON'
{
  "security.workspace.trust.enabled": false,
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.welcomePage.walkthroughs.openOnInstall": false,
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "chat.disableAIFeatures": true,
  "git.enabled": false,
  "editor.hover.delay": 100
}
JSON
"${CS[@]}" "${DATA[@]}" --force --install-extension "$VSIX" >"$RUN/install.log" 2>&1 || { cat "$RUN/install.log"; exit 1; }

# The workspace: a copy of examples/ (the tests edit files).
cp -r "$REPO/examples" "$RUN/ws"
# A second workspace, opened by the last steps: the 2,000-service benchmark config (1.4 MB) alone.
mkdir -p "$RUN/bench"
node "$REPO/bench/gen.mjs" 2000 "$RUN/bench/keepalived.conf" >/dev/null

setsid "${CS[@]}" "${DATA[@]}" --auth none --bind-addr "127.0.0.1:$PORT" --disable-telemetry --disable-update-check \
  --disable-workspace-trust --disable-getting-started-override "$RUN/ws" >"$RUN/server.log" 2>&1 &
SERVER=$!
stop() {
  kill -- "-$SERVER" 2>/dev/null || true
  for _ in $(seq 1 50); do pgrep -g "$SERVER" >/dev/null || break; sleep 0.1; done
  kill -9 -- "-$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  [ -n "${LVS_E2E_KEEP:-}" ] || rm -rf "$RUN"
}
trap stop EXIT
for _ in $(seq 1 150); do
  node -e "fetch('http://127.0.0.1:$PORT/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))" && break
  kill -0 "$SERVER" 2>/dev/null || { cat "$RUN/server.log"; exit 1; }
  sleep 0.2
done
mkdir -p "$REPO/test/e2e/out"
E2E_URL="http://127.0.0.1:$PORT" E2E_WS="$RUN/ws" E2E_BENCH="$RUN/bench" E2E_PW="$ROOT/pw" E2E_SHOTS="$REPO/test/e2e/out" node "$HERE/editor.test.mjs"
