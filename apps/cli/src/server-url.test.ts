import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';

import { afterAll, describe, expect, it } from 'vitest';

import { EXIT_USAGE } from './cli-errors';
import { credentialsPath, writeStoredSession } from './credentials-store';
import type { CliEnv } from './env';
import { runCli } from './run';
import { refusePlainHttp } from './server-url';

const homes: string[] = [];
afterAll(() => Promise.all(homes.map((home) => rm(home, { recursive: true, force: true }))));

async function cli(argv: string[], env: Partial<CliEnv> = {}) {
  const configHome = await mkdtemp(join(tmpdir(), 'tasklane-cli-url-'));
  homes.push(configHome);
  let stderr = '';
  const stdin = new PassThrough();
  stdin.end();
  const io = {
    stdin,
    stdout: new Writable({
      write(_chunk, _encoding, done) {
        done();
      },
    }),
    stderr: new Writable({
      write(chunk: Buffer, _encoding, done) {
        stderr += chunk.toString();
        done();
      },
    }),
  };
  const fullEnv: CliEnv = {
    url: undefined,
    password: 'a password nobody should ever see',
    configHome,
    debug: false,
    path: undefined,
    graphical: false,
    ...env,
  };
  return { run: () => runCli(argv, fullEnv, io), stderr: () => stderr, configHome };
}

describe('plain http:// servers (issue 16, finding 9)', () => {
  it('refuses a remote http:// server before asking for or sending anything', async () => {
    for (const argv of [
      ['login', '--email', 'a@example.com', '--url', 'http://tasks.example.com'],
      ['ls', '--url', 'http://10.1.2.3:3000'],
    ]) {
      const { run, stderr } = await cli(argv);
      expect(await run()).toBe(EXIT_USAGE);
      expect(stderr()).toContain('Refusing to send a password or token in the clear');
      expect(stderr()).toContain('--insecure');
    }
    const fromEnv = await cli(['ls'], { url: 'http://tasks.example.com' });
    expect(await fromEnv.run()).toBe(EXIT_USAGE);
    expect(fromEnv.stderr()).toContain('in the clear to http://tasks.example.com');
  });

  it('refuses the saved session of a remote http:// server too', async () => {
    const { run, stderr, configHome } = await cli(['ls']);
    await writeStoredSession(credentialsPath(configHome), {
      url: 'http://tasks.invalid',
      email: 'a@example.com',
      refreshToken: 'r',
    });
    expect(await run()).toBe(EXIT_USAGE);
    expect(stderr()).toContain('in the clear to http://tasks.invalid');
  });

  it('goes on with --insecure', async () => {
    const { run, stderr } = await cli(['ls', '--insecure', '--url', 'http://tasks.invalid']);
    expect(await run()).toBe(1);
    expect(stderr()).toBe('tasklane: Not logged in. Run `tasklane login` first.\n');
  });

  it('allows https:// anywhere and http:// on this machine', () => {
    for (const url of [
      'https://tasks.example.com',
      'http://localhost:3000',
      'http://127.0.0.1:3000',
      'http://127.1.2.3',
      'http://[::1]:3000',
    ]) {
      expect(() => {
        refusePlainHttp(url, false);
      }).not.toThrow();
    }
    for (const url of ['http://localhost.example.com', 'http://127.0.0.1.nip.io', 'http://[::2]']) {
      expect(() => {
        refusePlainHttp(url, false);
      }).toThrow('in the clear');
    }
  });
});
