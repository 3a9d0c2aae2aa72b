import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { expect, it } from 'vitest';

import { spawnServer } from './testing/spawn-server';

it('writes pretty lines instead of JSON with LOG_FORMAT=pretty, without colour under NO_COLOR', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tasklane-logs-'));
  try {
    const pretty = await spawnServer({
      env: { DATA_DIR: dataDir, LOG_LEVEL: 'info', LOG_FORMAT: 'pretty', NO_COLOR: '1' },
    });
    await fetch(`${pretty.url}/healthz`);
    expect(await pretty.stop('SIGTERM')).toBe(0);
    const lines = pretty.output();
    expect(lines).toMatch(
      /^\[\d\d:\d\d:\d\d\] INFO: Server listening at http:\/\/127\.0\.0\.1:\d+$/m,
    );
    expect(lines).toContain('INFO: incoming request');
    expect(lines).not.toContain('\u001b[');
    expect(lines).not.toContain('{"level"');
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 180_000);
