import { defineConfig } from 'vitest/config';

// One browser and one server per file; files run one after another (2 cores, and each starts a
// server and Chromium).
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // expect.poll waits for the page the way Playwright's own waits do (30 s): its 1 s default
    // was a speed assertion in disguise, and a CPU-starved machine once took longer to show a
    // signed-in person's list. How fast pages are is measured in the bench, not asserted here.
    expect: { poll: { timeout: 15_000, interval: 50 } },
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
