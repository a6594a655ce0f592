#!/usr/bin/env bash
# The editor tests drive Debian's chromium through playwright-core (never a browser download). Installs
# it when it is missing and this machine can (root with apt), through the repository's one serialized
# installer: the demo's and this package's tests run side by side and may both get here first. Where it
# cannot be installed, the installer says what to run and the tests skip with the same hint.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
# With its recommended packages (fonts among them), so pages render as users see them.
# Exit 3 is "cannot install here" (the tests then skip with the installer's hint); any other failure is real.
bash "$repo_root/scripts/system-packages.sh" chromium || [ "$?" = 3 ]
