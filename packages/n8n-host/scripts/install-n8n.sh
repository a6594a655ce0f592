#!/usr/bin/env bash
# Installs the real n8n that the end-to-end tests, the demo and the benchmarks run, once, into a cache outside
# the repository, and reuses it afterwards. The install is big (about 2.9 GB) and slow (about 5 minutes), so
# it is never repeated when a complete copy is already there. Two runs starting together are safe: the
# second waits on the lock file and reuses the first one's install.
#   usage: install-n8n.sh              prints the cache folder on stdout when n8n is ready
#   ECOSTRUXURE_N8N_CACHE=<folder>     where to keep it (default ~/.cache/ecostruxure-connector/n8n-<version>)
#   ECOSTRUXURE_N8N_VERSION=<version>  set by src/install.ts (N8N_VERSION); this default matches it
set -euo pipefail

N8N_VERSION="${ECOSTRUXURE_N8N_VERSION:-2.41.1}"
cache="${ECOSTRUXURE_N8N_CACHE:-$HOME/.cache/ecostruxure-connector/n8n-$N8N_VERSION}"
ready_mark="$cache/.ready"

if [ -f "$ready_mark" ]; then
  echo "$cache"
  exit 0
fi

# One installer at a time: a second test run waits for the first instead of installing over it.
mkdir -p "$(dirname "$cache")"
exec 9>"$cache.lock"
flock 9
if [ -f "$ready_mark" ]; then
  echo "$cache"
  exit 0
fi

started=$(date +%s)
work="$cache.partial"
echo "install-n8n: installing n8n $N8N_VERSION into $cache (first run only, about 5 minutes)" >&2
# A run that stopped after the package install resumes at the native builds.
if [ ! -f "$work/.packages-installed" ]; then
  rm -rf "$work"
  mkdir -p "$work"
  # xlsx: n8n-nodes-base names a tarball hosted outside the npm registry; the registry's 0.18.5 is the same
  # library. linkedom: pinned to a version the registry serves for this n8n release.
  cat >"$work/package.json" <<JSON
{
  "name": "ecostruxure-n8n-cache",
  "private": true,
  "dependencies": { "n8n": "$N8N_VERSION" },
  "overrides": { "xlsx": "0.18.5", "linkedom": "0.18.14" }
}
JSON

  # --ignore-scripts: a Kafka client's install script downloads a binary from outside the registry.
  # The two native modules n8n needs are rebuilt below instead.
  (cd "$work" && npm install --no-audit --no-fund --ignore-scripts --loglevel=error >&2)
  touch "$work/.packages-installed"
fi
echo "install-n8n: packages installed after $(($(date +%s) - started)) s; building sqlite3 and isolated-vm" >&2

# The native builds need make, a C++ compiler and Python 3, installed through the repository's one serialized
# installer when missing (it says what to install where it cannot, and a rerun resumes here).
if ! command -v make >/dev/null 2>&1 || ! command -v g++ >/dev/null 2>&1 || ! command -v python3 >/dev/null 2>&1; then
  bash "$(dirname "${BASH_SOURCE[0]}")/../../../scripts/system-packages.sh" --no-recommends build-essential python3
fi

# The native builds need the running Node's headers. An official Node layout has them next to bin/; the
# registry's `node` package keeps them in its platform package; otherwise that package is installed here.
node_version="$(node -p 'process.versions.node')"
platform_package="node-$(node -p 'process.platform')-$(node -p 'process.arch')"
node_dir=""
for candidate in \
  "$(node -p 'require("path").resolve(process.execPath, "..", "..")')" \
  "$(node -p 'require("path").resolve(require("fs").realpathSync(process.execPath), "..", "..")')" \
  "$(node -p 'require("path").resolve(process.execPath, "..", "..")')/node_modules/$platform_package" \
  "$work/.node-headers/node_modules/node/node_modules/$platform_package"; do
  if [ -f "$candidate/include/node/node.h" ]; then
    node_dir="$candidate"
    break
  fi
done
if [ -z "$node_dir" ]; then
  mkdir -p "$work/.node-headers"
  echo '{"name":"node-headers","private":true}' >"$work/.node-headers/package.json"
  (cd "$work/.node-headers" && npm install --no-audit --no-fund --loglevel=error "node@$node_version" >&2)
  node_dir="$work/.node-headers/node_modules/node/node_modules/$platform_package"
fi
(cd "$work" && npm_config_nodedir="$node_dir" npm rebuild sqlite3 isolated-vm --loglevel=error >&2)

touch "$work/.ready"
rm -rf "$cache"
mv "$work" "$cache"
echo "install-n8n: n8n $N8N_VERSION ready in $cache after $(($(date +%s) - started)) s" >&2
echo "$cache"
