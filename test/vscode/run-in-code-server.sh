#!/usr/bin/env bash
# The extension-host suite (test/vscode/suite) in code-server's extension host, on every `npm test`: the packaged
# .vsix and a small test-runner extension (runner-extension/, which runs the suite on startup and writes its results
# as JSON) are installed into an isolated extensions dir; a headless chromium opens the workbench (code-server starts
# the extension host only when a browser connects) and we wait for the results. Usage (after npm run package and
# node test/vscode/build.mjs): bash test/vscode/run-in-code-server.sh. Setup: test/e2e/setup.sh.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
ROOT=${LVS_E2E_ROOT:-${HOME}/.cache/vscode-e2e}
PORT=${LVS_E2E_PORT:-$((18900 + RANDOM % 800))}
bash "$HERE/../e2e/setup.sh" >/dev/null

VSIX=$REPO/dist/lvs-config.vsix
[ -f "$VSIX" ] || (cd "$REPO" && npm run -s package >/dev/null)
[ -f "$HERE/runner-extension/out/extension.js" ] || node "$HERE/build.mjs"
RUN=$(mktemp -d "${TMPDIR:-/tmp}/lvs-vscode.XXXXXX")
(cd "$HERE/runner-extension" && "$REPO/node_modules/.bin/vsce" package --no-dependencies --allow-missing-repository \
  --skip-license --out "$RUN/runner.vsix" >"$RUN/package.log" 2>&1) || { cat "$RUN/package.log"; exit 1; }
CS=("$ROOT/bin/node" "$ROOT/cs/node_modules/code-server/out/node/entry.js")
export XDG_CONFIG_HOME=$RUN/config XDG_DATA_HOME=$RUN/share
DATA=(--user-data-dir "$RUN/user" --extensions-dir "$RUN/extensions")
mkdir -p "$RUN/user/User" "$RUN/extensions" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME"
cat >"$RUN/user/User/settings.json" <<'JSON'
{
  "security.workspace.trust.enabled": false,
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "chat.disableAIFeatures": true,
  "git.enabled": false
}
JSON
for v in "$VSIX" "$RUN/runner.vsix"; do
  "${CS[@]}" "${DATA[@]}" --force --install-extension "$v" >>"$RUN/install.log" 2>&1 || { cat "$RUN/install.log"; exit 1; }
done

cp -r "$REPO/examples" "$RUN/ws"
export LVS_VSCODE_RESULTS=$RUN/results.json
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
E2E_URL="http://127.0.0.1:$PORT" E2E_WS="$RUN/ws" E2E_PW="$ROOT/pw" E2E_RESULTS="$LVS_VSCODE_RESULTS" node "$HERE/open-workbench.mjs" \
  || { echo "--- code-server log"; tail -40 "$RUN/server.log"; exit 1; }
