import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The Node-RED soak (10 minutes) runs with core's in `npm run test:soak`, not in `npm test`.
    exclude: [...configDefaults.exclude, ...(process.env.NODE_RED_SOAK === '1' ? [] : ['test/soak/**'])],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Each file starts its own Node-RED runtime (or test helper) and simulator: run files one by one.
    fileParallelism: false,
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
