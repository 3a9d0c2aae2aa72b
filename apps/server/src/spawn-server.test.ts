import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { expect, it } from 'vitest';

import { spawnServer } from './testing/spawn-server';

it('starts on the embedded database in DATA_DIR, answers, and exits 0 on SIGTERM', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tasklane-spawn-'));
  try {
    const server = await spawnServer({ env: { DATA_DIR: dataDir } });
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await server.stop('SIGTERM')).toBe(0);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 60_000);
