import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { browserOpener, openInBrowser } from './browser-opener';
import { clientName } from './commands/login';

describe('opening the device login page', () => {
  let bin: string;
  beforeAll(async () => {
    bin = await mkdtemp(join(tmpdir(), 'tasklane-opener-'));
    for (const name of ['xdg-open', 'open']) {
      await writeFile(join(bin, name), '#!/bin/sh\nexit 0\n');
      await chmod(join(bin, name), 0o755);
    }
  });
  afterAll(async () => {
    await rm(bin, { recursive: true, force: true });
  });

  it('opens only when standard output is a terminal', () => {
    expect(
      browserOpener({ platform: 'linux', terminal: false, graphical: true, path: bin }),
    ).toBeUndefined();
    expect(
      openInBrowser('http://127.0.0.1:3000/device?code=WDJB-MJHT', {
        platform: 'linux',
        terminal: false,
        graphical: true,
        path: bin,
      }),
    ).toBe(false);
  });

  it('on Linux, needs a display and xdg-open on the PATH', () => {
    expect(
      browserOpener({ platform: 'linux', terminal: true, graphical: false, path: bin }),
    ).toBeUndefined();
    expect(
      browserOpener({ platform: 'linux', terminal: true, graphical: true, path: '/nonexistent' }),
    ).toBeUndefined();
    expect(
      browserOpener({ platform: 'linux', terminal: true, graphical: true, path: bin }),
    ).toMatchObject({ command: join(bin, 'xdg-open') });
  });

  it('uses open on macOS and never a shell on Windows', () => {
    const mac = browserOpener({ platform: 'darwin', terminal: true, graphical: false, path: bin });
    expect(mac?.command).toBe(join(bin, 'open'));
    const windows = browserOpener({
      platform: 'win32',
      terminal: true,
      graphical: false,
      path: undefined,
    });
    expect(windows?.args('https://t.example/device?code=A&b')).toEqual([
      'url.dll,FileProtocolHandler',
      'https://t.example/device?code=A&b',
    ]);
  });

  it('opens nothing but http and https addresses', () => {
    expect(
      openInBrowser('file:///etc/passwd', {
        platform: 'linux',
        terminal: true,
        graphical: true,
        path: bin,
      }),
    ).toBe(false);
  });
});

describe('the client name a device login sends', () => {
  it('names the machine, within 100 characters', () => {
    expect(clientName('build-box')).toBe('Tasklane CLI on build-box');
    expect(clientName('  ')).toBe('Tasklane CLI');
    expect(clientName('h'.repeat(200))).toHaveLength(100);
  });
});
