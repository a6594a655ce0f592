#!/usr/bin/env bash
# Installs the Debian packages named on the command line that are not installed yet, for the project's
# scripts (Chromium for the browser tests, build tools for n8n's native modules, Redis and PostgreSQL for
# the queue suite). turbo runs the packages' test scripts side by side, so two of them may want apt-get at
# the same moment: every install goes through one lock and waits for the one before it instead of failing
# on dpkg's lock. Packages already installed are left alone, so running it again does nothing.
#   usage: system-packages.sh [--no-recommends] PACKAGE...
#   exit 0: all installed; 3: missing and this machine cannot install them (the message says what to run);
#   anything else: apt-get itself failed
set -euo pipefail

recommends=()
if [ "${1:-}" = "--no-recommends" ]; then
  recommends=(--no-install-recommends)
  shift
fi
[ "$#" -gt 0 ] || { echo "usage: system-packages.sh [--no-recommends] PACKAGE..." >&2; exit 64; }

missing_packages() {
  local package
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || echo "$package"
  done
}

mapfile -t missing < <(missing_packages "$@")
[ "${#missing[@]}" -gt 0 ] || exit 0

if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "system-packages: missing ${missing[*]}; install them (e.g. sudo apt-get install -y ${missing[*]}) and run again" >&2
  exit 3
fi

# One installer at a time on this machine; the second one waits here, then finds the packages installed.
lock_file="${ECOSTRUXURE_APT_LOCK:-/var/lock/ecostruxure-connector-apt.lock}"
exec 9>"$lock_file"
if ! flock -n 9; then
  echo "system-packages: waiting for another install of the project's system packages to finish" >&2
  flock 9
fi
mapfile -t missing < <(missing_packages "${missing[@]}")
[ "${#missing[@]}" -gt 0 ] || exit 0

echo "system-packages: installing ${missing[*]} with apt-get" >&2
export DEBIAN_FRONTEND=noninteractive
# dpkg's own lock may still be held by something outside the project (an unattended upgrade, a person's
# apt-get): wait for it too, up to ten minutes, rather than stop on "Could not get lock".
apt_options=(-o DPkg::Lock::Timeout=600 -y -qq)
apt-get "${apt_options[@]}" update >&2
apt-get "${apt_options[@]}" install "${recommends[@]}" "${missing[@]}" >&2
mapfile -t still_missing < <(missing_packages "${missing[@]}")
if [ "${#still_missing[@]}" -gt 0 ]; then
  echo "system-packages: apt-get finished but ${still_missing[*]} is still not installed" >&2
  exit 1
fi
