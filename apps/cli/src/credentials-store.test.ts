import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { CliError } from './cli-errors';
import {
  credentialsPath,
  readStoredSession,
  removeStoredSession,
  writeStoredSession,
} from './credentials-store';

describe('the credentials file', () => {
  let home: string;
  let path: string;

  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'tasklane-credentials-'));
    path = credentialsPath(join(home, 'config'));
  });

  afterEach(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it('is written for the user alone, whatever the umask, and read back', async () => {
    const previous = process.umask(0);
    try {
      await writeStoredSession(path, {
        url: 'http://h',
        email: 'a@example.com',
        refreshToken: 'r1',
      });
    } finally {
      process.umask(previous);
    }
    expect(path).toBe(join(home, 'config', 'tasklane', 'credentials.json'));
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(home, 'config', 'tasklane'))).mode & 0o777).toBe(0o700);
    expect(await readStoredSession(path)).toEqual({
      url: 'http://h',
      email: 'a@example.com',
      refreshToken: 'r1',
    });

    await writeStoredSession(path, { url: 'http://h', email: 'a@example.com', refreshToken: 'r2' });
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ refreshToken: 'r2' });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('is absent before login and after removal; a damaged one is a clear error', async () => {
    expect(await readStoredSession(path)).toBeUndefined();
    expect(await removeStoredSession(path)).toBe(false);
    await writeStoredSession(path, { url: 'http://h', email: 'a@example.com', refreshToken: 'r' });
    expect(await removeStoredSession(path)).toBe(true);

    await writeStoredSession(path, { url: 'http://h', email: 'a@example.com', refreshToken: 'r' });
    await writeFile(path, '{"url": 1');
    await expect(readStoredSession(path)).rejects.toThrow(CliError);
    await expect(readStoredSession(path)).rejects.toThrow(/damaged/);
  });
});
