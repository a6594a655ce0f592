#!/usr/bin/env bash
# Sourced by the project's entry scripts: makes sure `node` is Node.js 24 (or newer) and `pnpm` is the
# pinned version, installing them from the npm registry into .toolchain/ only when the machine lacks them.
# A machine that already has Node >= 24 keeps its own node untouched.

REQUIRED_NODE_MAJOR=24
NODE_PACKAGE_VERSION=24.21.0
PNPM_VERSION=10.34.8

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
toolchain_dir="${ECOSTRUXURE_TOOLCHAIN_DIR:-$repo_root/.toolchain}"
toolchain_bin="$toolchain_dir/node_modules/.bin"

node_major() {
  command -v node >/dev/null 2>&1 || { echo 0; return; }
  node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0
}

# npm finds its global settings (a machine's certificate authority or proxy, say) next to the node that
# runs it, or below --prefix; under the toolchain's node, or installing into .toolchain/, it would look
# there and lose them. So it keeps reading the machine's own file.
if [ -z "${npm_config_globalconfig:-}" ] && command -v npm >/dev/null 2>&1; then
  machine_npmrc="$(npm config get globalconfig 2>/dev/null || true)"
  if [ -f "$machine_npmrc" ]; then export npm_config_globalconfig="$machine_npmrc"; fi
fi

wanted=()
if [ "$(node_major)" -lt "$REQUIRED_NODE_MAJOR" ]; then
  [ "$("$toolchain_bin/node" -v 2>/dev/null)" = "v$NODE_PACKAGE_VERSION" ] || wanted+=("node@$NODE_PACKAGE_VERSION")
  use_toolchain=1
fi
if [ "$(pnpm --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
  [ "$("$toolchain_bin/pnpm" --version 2>/dev/null)" = "$PNPM_VERSION" ] || wanted+=("pnpm@$PNPM_VERSION")
  use_toolchain=1
fi

if [ "${#wanted[@]}" -gt 0 ]; then
  mkdir -p "$toolchain_dir"
  [ -f "$toolchain_dir/package.json" ] || echo '{"name":"toolchain","private":true}' >"$toolchain_dir/package.json"
  echo "toolchain: installing ${wanted[*]} into $toolchain_dir" >&2
  # Saved to the toolchain's own package.json so a later install does not prune the other tool.
  npm install --prefix "$toolchain_dir" --no-audit --no-fund --loglevel=error "${wanted[@]}" >&2
fi
if [ -n "${use_toolchain:-}" ]; then
  export PATH="$toolchain_bin:$PATH"
fi

if [ "$(node_major)" -lt "$REQUIRED_NODE_MAJOR" ]; then
  echo "toolchain: could not provide Node.js $REQUIRED_NODE_MAJOR (found $(node -v 2>/dev/null || echo none))" >&2
  return 1 2>/dev/null || exit 1
fi
