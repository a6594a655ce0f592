#!/usr/bin/env bash
# Makes sure the queue-mode suite finds Redis and PostgreSQL from the Debian packages, installing them with
# apt-get when they are missing (as root; otherwise it says what to install). Nothing is started here: the
# suite starts its own servers on loopback and stops them after.
#   usage: install-queue-services.sh   prints the PostgreSQL bin folder on stdout
set -euo pipefail

pg_bin() {
  # Debian keeps initdb and pg_ctl out of PATH, in /usr/lib/postgresql/<major>/bin; the newest wins.
  find /usr/lib/postgresql -maxdepth 3 -name pg_ctl -path '*/bin/*' 2>/dev/null | sort -V | tail -1 | xargs -r dirname
}

missing=()
command -v redis-server >/dev/null || missing+=(redis-server)
[ -n "$(pg_bin)" ] || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  # The repository's one serialized installer: waits for any other install instead of failing on dpkg's lock.
  bash "$(dirname "${BASH_SOURCE[0]}")/../../../scripts/system-packages.sh" --no-recommends "${missing[@]}"
fi
pg_bin
