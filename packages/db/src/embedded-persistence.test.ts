import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, expect, it } from 'vitest';

import { createDatabase } from './create-database';
import { migrateToLatest } from './migrator';

const dataDir = mkdtempSync(join(tmpdir(), 'tasklane-embedded-'));
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

it('keeps the embedded database on disk across a restart', async () => {
  const first = createDatabase({ dataDir });
  expect(first.kind).toBe('pglite');
  await migrateToLatest(first.db);
  await first.db
    .insertInto('users')
    .values({ email: 'persist@example.com', name: 'Persist', password_hash: '$argon2id$v=19$x' })
    .execute();
  await first.destroy();

  const second = createDatabase({ dataDir });
  expect(await migrateToLatest(second.db)).toEqual([]);
  const users = await second.db.selectFrom('users').select(['email', 'name']).execute();
  expect(users).toEqual([{ email: 'persist@example.com', name: 'Persist' }]);
  await second.destroy();
}, 60_000);
