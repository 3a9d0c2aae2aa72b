import { defineConfig } from 'vitest/config';

// One topology (PgBouncer, HAProxy, three server processes) for the whole suite.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
