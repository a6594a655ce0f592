#!/usr/bin/env bash
# The editor test drives Debian's chromium through playwright-core (never a browser download). Installs
# it with apt-get when it is missing and this machine can (root with apt); otherwise says what to do and
# leaves the decision to the test, which skips with the same hint.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: installing Debian's chromium for the editor test" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  # With its recommended packages (fonts among them), so pages render as users see them.
  apt-get install -y -qq chromium >&2
  exit 0
fi
echo "ensure-chromium: chromium is not installed; install it (e.g. sudo apt-get install chromium) to run the editor test" >&2
