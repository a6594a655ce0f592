#!/usr/bin/env bash
# Entry point behind the README's commands: provides the toolchain, installs dependencies once,
# builds, then runs the requested job.   usage: scripts/run.sh demo|test|faults|soak|n8n-queue|registry|bench|simulator|build|lint [args...]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
cd "$repo_root"
# turbo's first run would otherwise print a telemetry notice (and send usage data): off for every job here.
export TURBO_TELEMETRY_DISABLED=1

install_dependencies() {
  # Skip the install when the lockfile has not changed since the last one.
  local stamp="node_modules/.install-stamp"
  if [ ! -f "$stamp" ] || ! cmp -s pnpm-lock.yaml "$stamp"; then
    pnpm install --frozen-lockfile --reporter=append-only
    cp pnpm-lock.yaml "$stamp"
  fi
}

job="${1:-}"
shift || true
case "$job" in
  demo)
    install_dependencies
    pnpm exec turbo run build --output-logs=errors-only >&2
    # Run from the repository root so --out and other relative paths mean what the user expects.
    node packages/demo/dist/main.js "$@"
    ;;
  test)
    install_dependencies
    node scripts/test-summary.mjs --clean
    status=0
    pnpm exec prettier --check --log-level warn . || status=$?
    pnpm exec turbo run lint typecheck test --continue "$@" || status=$?
    node scripts/test-summary.mjs || status=$?
    exit "$status"
    ;;
  faults)
    # The fault matrices and the secret canaries of core, the n8n engine and Node-RED (about 2 minutes);
    # UPDATE_PROOF_DOCS=1 rewrites their sections of docs/fault-matrix.md and docs/secret-canary.md.
    install_dependencies
    pnpm exec turbo run build --output-logs=errors-only >&2
    status=0
    pnpm --filter @ecostruxure-connector/core exec vitest run test/fault-matrix.test.ts test/secrets-canary.test.ts "$@" || status=$?
    pnpm --filter n8n-nodes-ecostruxure exec vitest run test/engine/fault-matrix.test.mts "$@" || status=$?
    pnpm --filter @ecostruxure-connector/node-red-nodes exec vitest run test/integration/fault-matrix.test.ts "$@" || status=$?
    exit "$status"
    ;;
  soak)
    # The soaks alone: SOAK_MINUTES (default 10), SOAK_SEED; UPDATE_PROOF_DOCS=1 writes their figures.
    install_dependencies
    # Core's soak and the Node-RED runtime's run side by side, so the whole takes SOAK_MINUTES.
    pnpm exec turbo run build --filter @ecostruxure-connector/node-red-nodes... --output-logs=errors-only >&2
    pnpm --filter @ecostruxure-connector/core exec vitest run test/soak.test.ts "$@" &
    core=$!
    status=0
    NODE_RED_SOAK=1 pnpm --filter @ecostruxure-connector/node-red-nodes exec vitest run test/soak "$@" || status=$?
    wait "$core" || status=$?
    exit "$status"
    ;;
  n8n-queue)
    # n8n in queue mode with Redis and PostgreSQL: too heavy for every test run (see the n8n package README).
    install_dependencies
    pnpm exec turbo run build --filter n8n-nodes-ecostruxure... --output-logs=errors-only >&2
    pnpm --filter n8n-nodes-ecostruxure test:queue "$@"
    ;;
  registry)
    # Both packages published to a local registry with the release workflow's steps, then installed and
    # updated through n8n's community packages and Node-RED's palette manager (about 5 minutes; see docs/install.md).
    install_dependencies
    pnpm exec turbo run build --filter @ecostruxure-connector/demo... --output-logs=errors-only >&2
    pnpm --filter @ecostruxure-connector/demo test:registry "$@"
    ;;
  bench)
    install_dependencies
    pnpm exec turbo run build --output-logs=errors-only >&2
    node bench/dist/main.js "$@"
    ;;
  build)
    install_dependencies
    pnpm exec turbo run build "$@"
    ;;
  simulator)
    install_dependencies
    pnpm exec turbo run build --filter @ecostruxure-connector/simulator --output-logs=errors-only >&2
    exec node packages/simulator/dist/cli.js "$@"
    ;;
  lint)
    install_dependencies
    pnpm exec turbo run lint typecheck "$@"
    ;;
  *)
    echo "usage: npm run demo | npm test | npm run test:faults | npm run test:soak | npm run test:n8n-queue | npm run test:registry | npm run bench | npm run simulator | npm run build | npm run lint" >&2
    exit 64
    ;;
esac
