import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.mts'],
    // Queue mode (a main, two workers, Redis, PostgreSQL) runs on its own: `pnpm test:queue`.
    // The real n8n process (about 5 minutes of once-a-minute polls) runs on its own: `pnpm test:e2e`.
    exclude: [
      ...configDefaults.exclude,
      'test/queue/**',
      ...(process.env.N8N_E2E === '1' ? [] : ['test/e2e/**']),
    ],
    setupFiles: ['test/engine/harness/env.mts'],
    testTimeout: 60_000,
    // The end-to-end suite installs n8n on its first run (about 5 minutes) and starts it (about 20 s).
    hookTimeout: 900_000,
    fileParallelism: false,
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
