import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeEach, expect, it } from 'vitest';

import { createDatabase } from './create-database';
import { migrateToLatest } from './migrator';

const root = mkdtempSync(join(tmpdir(), 'tasklane-private-'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

beforeEach(() => {
  // The usual login umask, under which PGlite left the database readable by everyone.
  process.umask(0o022);
});

/** Every path under `dir` (itself included) whose mode lets group or others in, with the mode. */
function openToOthers(dir: string): string[] {
  const found: string[] = [];
  const visit = (path: string): void => {
    const stats = lstatSync(path);
    if (stats.isSymbolicLink()) return;
    if ((stats.mode & 0o077) !== 0) found.push(`${path} ${(stats.mode & 0o777).toString(8)}`);
    if (stats.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
  };
  visit(dir);
  return found;
}

function loosen(dir: string): void {
  chmodSync(dir, 0o755);
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (lstatSync(path).isDirectory()) loosen(path);
    else chmodSync(path, 0o666);
  }
}

async function openMigrateAndWrite(dataDir: string, email: string): Promise<void> {
  const database = createDatabase({ dataDir });
  await migrateToLatest(database.db);
  await database.db
    .insertInto('users')
    .values({ email, name: 'Private', password_hash: '$argon2id$v=19$x' })
    .execute();
  await database.destroy();
}

it('creates a new embedded database private to its owner (folder 0700, nothing open to others)', async () => {
  const dataDir = join(root, 'fresh', 'pglite');
  await openMigrateAndWrite(dataDir, 'fresh@example.com');

  expect(lstatSync(dataDir).mode & 0o777).toBe(0o700);
  expect(openToOthers(dataDir)).toEqual([]);
}, 120_000);

it('makes an existing database folder with loose modes private at start, keeping its data', async () => {
  const dataDir = join(root, 'existing', 'pglite');
  await openMigrateAndWrite(dataDir, 'first@example.com');
  loosen(dataDir);
  expect(openToOthers(dataDir).length).toBeGreaterThan(100);

  const database = createDatabase({ dataDir });
  expect(lstatSync(dataDir).mode & 0o777).toBe(0o700);
  const users = await database.db.selectFrom('users').select('email').execute();
  expect(users).toEqual([{ email: 'first@example.com' }]);
  expect(openToOthers(dataDir)).toEqual([]);
  await database.destroy();
}, 120_000);

it('creates missing parent folders private too', async () => {
  const dataDir = join(root, 'parents', 'deep', 'pglite');
  mkdirSync(join(root, 'parents'), { mode: 0o755 });
  const database = createDatabase({ dataDir });
  try {
    expect(lstatSync(join(root, 'parents', 'deep')).mode & 0o777).toBe(0o700);
    expect(lstatSync(dataDir).mode & 0o777).toBe(0o700);
    expect(lstatSync(join(root, 'parents')).mode & 0o777).toBe(0o755);
  } finally {
    await database.db.selectNoFrom((eb) => eb.val(1).as('one')).execute();
    await database.destroy();
  }
}, 120_000);
