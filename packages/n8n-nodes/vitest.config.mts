import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.mts'],
    // Queue mode (a main, two workers, Redis, PostgreSQL) runs on its own: `pnpm test:queue`. The real n8n
    // suite (test/e2e) runs here too; `pnpm test:e2e` runs it alone.
    exclude: [...configDefaults.exclude, 'test/queue/**'],
    setupFiles: ['test/engine/harness/env.mts'],
    testTimeout: 60_000,
    // The end-to-end suite installs n8n on its first run (about 5 minutes, more on a busy machine) and starts
    // it (about 10 s).
    hookTimeout: 1_200_000,
    fileParallelism: false,
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
