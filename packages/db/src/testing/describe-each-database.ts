// Runs one suite per test database target; an unavailable target is reported as skipped with why.
import { afterAll, beforeAll, describe } from 'vitest';

import { testDatabaseTargets, type TestDatabase, type TestDatabaseTarget } from './test-databases';

export function describeEachDatabase(
  title: string,
  suite: (database: () => TestDatabase, target: TestDatabaseTarget) => void,
): void {
  for (const target of testDatabaseTargets()) {
    const label = `${title} [${target.name}]`;
    if (target.skipReason !== undefined) {
      describe.skip(`${label} (skipped: ${target.skipReason})`, () => {
        suite(() => {
          throw new Error(target.skipReason);
        }, target);
      });
      continue;
    }
    describe(label, () => {
      let current: TestDatabase | undefined;
      beforeAll(async () => {
        current = await target.create();
      }, 60_000);
      afterAll(async () => {
        await current?.destroy();
      });
      suite(() => {
        if (current === undefined) throw new Error('The test database is not ready yet');
        return current;
      }, target);
    });
  }
}
