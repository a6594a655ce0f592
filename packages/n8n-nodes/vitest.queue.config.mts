import { defineConfig } from 'vitest/config';

// n8n in queue mode (a main, two workers, Redis and PostgreSQL): `pnpm test:queue`, outside `pnpm test`.
export default defineConfig({
  test: {
    include: ['test/queue/**/*.test.mts'],
    setupFiles: ['test/engine/harness/env.mts'],
    testTimeout: 300_000,
    // The first run installs n8n (about 5 minutes); starting the cluster takes about 30 s.
    hookTimeout: 900_000,
    fileParallelism: false,
  },
});
