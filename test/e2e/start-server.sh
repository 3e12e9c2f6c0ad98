#!/usr/bin/env bash
# Starts code-server on 127.0.0.1 with fresh user-data and extensions folders, after installing the packaged
# extension (.vsix) into them. Prints the URL. State: $ASYNC_LENS_E2E_HOME/run/ (server.pid, server.url, logs/).
#   ASYNC_LENS_E2E_VSIX  .vsix to install (default: <repo>/async-lens-linux-x64.vsix, built by `npm run package`)
#   ASYNC_LENS_E2E_PORT  port (default: a free one)
set -euo pipefail
. "$(dirname "$0")/env.sh"
[ -x "$CODE_SERVER" ] && [ -x "$NODE24" ] || { echo "code-server is not installed under $E2E_HOME: run test/e2e/install.sh" >&2; exit 1; }
export PATH=$NODE24_DIR/bin:$PATH
RUN=$E2E_HOME/run
VSIX=${ASYNC_LENS_E2E_VSIX:-$REPO_ROOT/async-lens-linux-x64.vsix}
[ -f "$VSIX" ] || { echo "no $VSIX: run 'npm run package' first" >&2; exit 1; }
if [ -s "$RUN/server.pid" ] && kill -0 "$(cat "$RUN/server.pid")" 2>/dev/null; then
  echo "a code-server from an earlier run is still up (pid $(cat "$RUN/server.pid")): run test/e2e/stop-server.sh" >&2; exit 1
fi
PORT=${ASYNC_LENS_E2E_PORT:-$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')}
URL=http://127.0.0.1:$PORT
if curl -sf -o /dev/null "$URL/healthz"; then echo "something already answers on $URL" >&2; exit 1; fi

rm -rf "$RUN"; mkdir -p "$RUN/user-data/User" "$RUN/extensions" "$RUN/logs"
cat > "$RUN/user-data/User/settings.json" <<'JSON'
{
  "workbench.startupEditor": "none",
  "workbench.welcomePage.walkthroughs.openOnInstall": false,
  "workbench.tips.enabled": false,
  "workbench.colorTheme": "Default Dark Modern",
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "git.enabled": false,
  "git.openRepositoryInParentFolders": "never",
  "chat.disableAIFeatures": true,
  "editor.minimap.enabled": false,
  "files.autoSave": "off",
  "window.restoreWindows": "none"
}
JSON
CS_ARGS=(--user-data-dir "$RUN/user-data" --extensions-dir "$RUN/extensions")
"$CODE_SERVER" "${CS_ARGS[@]}" --install-extension "$VSIX" --force > "$RUN/logs/install-extension.log" 2>&1 \
  || { cat "$RUN/logs/install-extension.log" >&2; exit 1; }
"$CODE_SERVER" "${CS_ARGS[@]}" --list-extensions --show-versions 2>/dev/null | grep -q '^async-lens\.async-lens@' \
  || { echo "the .vsix did not install:" >&2; cat "$RUN/logs/install-extension.log" >&2; exit 1; }

# In its own session (setsid), so stop-server.sh can end the whole process tree (extension host, language
# server, tsserver) by the group id. The PID is written from inside the session. A short reconnection grace
# time makes the extension host go away soon after the browser closes.
setsid bash -c 'echo $$ > "$0"; exec "$@"' "$RUN/server.pid" "$CODE_SERVER" "${CS_ARGS[@]}" \
  --bind-addr "127.0.0.1:$PORT" --auth none --disable-telemetry --disable-update-check --disable-workspace-trust \
  --disable-getting-started-override --reconnection-grace-time 10 \
  > "$RUN/logs/server.log" 2>&1 < /dev/null &
for _ in $(seq 1 240); do
  curl -sf -o /dev/null "$URL/healthz" && break
  [ -s "$RUN/server.pid" ] && ! kill -0 "$(cat "$RUN/server.pid")" 2>/dev/null && break
  sleep 0.25
done
if ! curl -sf -o /dev/null "$URL/healthz"; then
  echo "code-server did not come up on $URL:" >&2; tail -30 "$RUN/logs/server.log" >&2
  "$E2E_DIR/stop-server.sh" >/dev/null; exit 1
fi
echo "$URL" > "$RUN/server.url"
echo "code-server $E2E_CODE_SERVER_VERSION (pid $(cat "$RUN/server.pid")) on $URL with $(basename "$VSIX")"
