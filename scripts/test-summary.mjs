// Sums the Vitest JSON reports the packages wrote and prints one "N passed, N failed" line.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// Every workspace package: apps/*, packages/*, tooling/*, the top-level bench and e2e, deploy/local.
const roots = ['apps', 'packages', 'tooling'].flatMap((dir) =>
  existsSync(dir) ? readdirSync(dir).map((name) => join(dir, name)) : [],
);
roots.push('bench', 'e2e', 'deploy/local');
let passed = 0;
let failed = 0;
let skipped = 0;
for (const root of new Set(roots)) {
  const report = join(root, 'test-results', 'vitest.json');
  if (!existsSync(report)) continue;
  const result = JSON.parse(readFileSync(report, 'utf8'));
  passed += result.numPassedTests;
  failed += result.numFailedTests;
  skipped += result.numPendingTests + result.numTodoTests;
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exitCode = failed > 0 ? 1 : 0;
