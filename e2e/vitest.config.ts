import { defineConfig } from 'vitest/config';

// One browser and one server per file; files run one after another (2 cores, and each starts a
// server and Chromium).
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
