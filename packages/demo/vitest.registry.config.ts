import { defineConfig } from 'vitest/config';

/**
 * Both packages published to a local registry with the release workflow's steps, then installed and
 * upgraded the way users do: n8n's community packages and Node-RED's palette manager.
 */
export default defineConfig({
  test: {
    include: ['test/registry/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 600_000,
    // Each file starts its own registry, runtime and simulator: one at a time on a small machine.
    fileParallelism: false,
    reporters: ['default', ['json', { outputFile: 'test-results/vitest-registry.json' }]],
  },
});
