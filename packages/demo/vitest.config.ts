import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The installs from a local registry run in `npm run test:registry` (vitest.registry.config.ts).
    exclude: [...configDefaults.exclude, 'test/registry/**'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
