# Source this file to put Node 24 LTS first on PATH when the system Node is older than 22.
# Node comes from the npm registry's node-linux-<arch> package (the only registry reachable on
# intranet build machines); it carries the binary and the headers that native addons compile
# against, hence npm_config_nodedir. npm itself is the system's (the package ships only node).
qf_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(qf_node_major)" -lt 22 ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "[node-env] npm is missing: install it first (Debian: apt-get install -y npm)" >&2
    return 1 2>/dev/null || exit 1
  fi
  case "$(uname -m)" in
    aarch64|arm64) qf_arch=arm64 ;;
    *) qf_arch=x64 ;;
  esac
  QF_NODE_VERSION="${QF_NODE_VERSION:-24}"
  QF_NODE_HOME="${QF_NODE_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/qingfeng/node-$QF_NODE_VERSION-$qf_arch}"
  if [ ! -x "$QF_NODE_HOME/bin/node" ]; then
    echo "[node-env] fetching node-linux-$qf_arch@$QF_NODE_VERSION from the npm registry" >&2
    qf_tmp="$(mktemp -d)"
    if ! (cd "$qf_tmp" && npm pack --silent "node-linux-$qf_arch@$QF_NODE_VERSION" >/dev/null); then
      echo "[node-env] could not download node-linux-$qf_arch@$QF_NODE_VERSION" >&2
      rm -rf "$qf_tmp"
      return 1 2>/dev/null || exit 1
    fi
    mkdir -p "$QF_NODE_HOME"
    tar -xzf "$qf_tmp"/node-linux-*.tgz -C "$QF_NODE_HOME" --strip-components=1
    rm -rf "$qf_tmp"
  fi
  export PATH="$QF_NODE_HOME/bin:$PATH"
  export npm_config_nodedir="$QF_NODE_HOME"
fi
