#!/usr/bin/env bash
# `npm run test:e2e`: install the e2e tools if needed, build the .vsix, start code-server with it installed,
# run the UI test and the extension-host suite, stop the server. Exits non-zero if anything failed.
#   ASYNC_LENS_E2E_VSIX=<file>  test this .vsix instead of building one with `npm run package`
#   ASYNC_LENS_E2E_HOME=<dir>   where the tools live (default ~/.cache/async-lens-e2e)
set -uo pipefail
E2E=$(cd "$(dirname "$0")" && pwd)
T0=$SECONDS
LAST=$SECONDS
timing=()
lap() { timing+=("$1 $((SECONDS - LAST))s"); LAST=$SECONDS; }

bash "$E2E/install.sh" || { echo "e2e: install failed" >&2; exit 1; }
lap "install"
if [ -z "${ASYNC_LENS_E2E_VSIX:-}" ]; then
  (cd "$E2E/../.." && npm run --silent package) || { echo "e2e: npm run package failed" >&2; exit 1; }
  lap "package"
fi
. "$E2E/env.sh"
rm -f "${ASYNC_LENS_E2E_SHOTS:-$E2E/shots}"/*.png "${ASYNC_LENS_E2E_SHOTS:-$E2E/shots}"/*.txt 2>/dev/null
"$E2E/start-server.sh" || exit 1
trap '"$E2E/stop-server.sh"' EXIT
trap 'exit 130' INT TERM
lap "server start"

rc=0
"$NODE24" "$E2E/ui.test.mjs" || rc=1
lap "UI test"
"$NODE24" "$E2E/explainer.test.mjs" || rc=1
lap "explainer UI test"
"$NODE24" "$E2E/ext-host.mjs" || rc=1
lap "extension-host suite"

echo "e2e: ${timing[*]}; total $((SECONDS - T0))s"
echo "e2e: screenshots in ${ASYNC_LENS_E2E_SHOTS:-$E2E/shots}, logs in $E2E_HOME/run"
[ $rc = 0 ] && echo "e2e: PASS" || echo "e2e: FAIL"
exit $rc
