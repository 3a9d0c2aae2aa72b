import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { secretWeakness } from './auth-secret';
import { loadEnvFileIfExists, readEnv } from './env';
import { serverRoot } from './start-command';

const goodSecret = randomBytes(48).toString('base64');
const production = {
  NODE_ENV: 'production',
  AUTH_SECRET: goodSecret,
  WEB_ORIGIN: 'https://tasks.example.com',
  SMTP_URL: 'smtp://mailer:secret-password@smtp.example.com:587',
  APP_URL: 'https://tasks.example.com',
};

describe('AUTH_SECRET', () => {
  it.each([
    ['one character repeated (issue 16, finding 6)', 'a'.repeat(32), 'one character repeated'],
    ['a repeated block', 'ab'.repeat(32), 'repeats the same 2 characters'],
    ['a longer repeated block', 'abcdefghijklmnop'.repeat(2), 'repeats the same 16 characters'],
    ['a short alphabet', 'aabbaabbabababbbaaabbbabababaabbaaaaabbbbab', 'only 2 different'],
    ['too short', 'x7Qp2LmZ', 'at least 32 bytes (it has 8)'],
  ])('refuses %s, and says how to generate one', (_name, secret, reason) => {
    expect(() => readEnv({ ...production, AUTH_SECRET: secret })).toThrow(reason);
    expect(() => readEnv({ ...production, AUTH_SECRET: secret })).toThrow(
      'openssl rand -base64 48',
    );
    expect(() => readEnv({ NODE_ENV: 'development', AUTH_SECRET: secret })).toThrow(reason);
  });

  it.each([
    ['openssl rand -base64 48', randomBytes(48).toString('base64')],
    ['openssl rand -hex 32', randomBytes(32).toString('hex')],
    ['a passphrase', 'correct horse battery staple and a tin of paint'],
  ])('accepts %s', (_name, secret) => {
    expect(readEnv({ ...production, AUTH_SECRET: secret }).AUTH_SECRET).toBe(secret);
  });

  it('counts bytes, not characters', () => {
    expect(secretWeakness('é'.repeat(16) + 'ü'.repeat(15))).not.toContain('at least');
  });

  it('is required in production', () => {
    expect(() => readEnv({ ...production, AUTH_SECRET: undefined })).toThrow(
      'AUTH_SECRET: required in production',
    );
  });
});

describe('WEB_ORIGIN', () => {
  it('is required in production, where the development origins are not trusted (finding 5)', () => {
    expect(() => readEnv({ ...production, WEB_ORIGIN: undefined })).toThrow(
      'WEB_ORIGIN: required in production',
    );
    expect(() => readEnv({ ...production, WEB_ORIGIN: ' , ' })).toThrow(
      'WEB_ORIGIN: required in production',
    );
  });

  it('refuses plain http:// origins in production except loopback', () => {
    for (const origin of ['http://tasks.example.com', 'http://10.0.0.5:3000', 'http://127.evil']) {
      expect(() => readEnv({ ...production, WEB_ORIGIN: origin })).toThrow(
        `"${origin}" is refused in production`,
      );
    }
    const loopback = 'http://localhost:8080,http://127.0.0.1:8080,http://[::1]:8080';
    expect(readEnv({ ...production, WEB_ORIGIN: loopback }).WEB_ORIGIN).toEqual([
      'http://localhost:8080',
      'http://127.0.0.1:8080',
      'http://[::1]:8080',
    ]);
  });

  it('takes a comma-separated list of exact origins', () => {
    const env = readEnv({
      ...production,
      WEB_ORIGIN: ' https://a.example.com, https://b.example.com:8443 ',
    });
    expect(env.WEB_ORIGIN).toEqual(['https://a.example.com', 'https://b.example.com:8443']);
    expect(() => readEnv({ ...production, WEB_ORIGIN: 'https://a.example.com/' })).toThrow(
      'did you mean "https://a.example.com"?',
    );
    expect(() => readEnv({ ...production, WEB_ORIGIN: 'tasks.example.com' })).toThrow(
      'is not a URL',
    );
  });

  it('defaults to the local development origins outside production', () => {
    expect(readEnv({ NODE_ENV: 'development' }).WEB_ORIGIN).toEqual([
      'http://localhost:5173',
      'http://127.0.0.1:5173',
      'http://localhost:3000',
      'http://127.0.0.1:3000',
    ]);
  });
});

describe('mail settings', () => {
  it('SMTP_URL is required in production, with an example', () => {
    expect(() => readEnv({ ...production, SMTP_URL: undefined })).toThrow(
      'SMTP_URL: required in production',
    );
    expect(() => readEnv({ ...production, SMTP_URL: undefined })).toThrow('smtp://');
  });

  it('SMTP_URL accepts smtp:// with or without credentials and smtps://', () => {
    for (const url of [
      'smtp://127.0.0.1:2525',
      'smtp://user:pass@smtp.example.com:587',
      'smtps://smtp.example.com:465',
    ]) {
      expect(readEnv({ ...production, SMTP_URL: url }).SMTP_URL).toBe(url);
    }
  });

  it('a malformed SMTP_URL is refused without echoing it (it may hold a password)', () => {
    const url = 'http://user:hunter2-secret@smtp.example.com';
    expect(() => readEnv({ ...production, SMTP_URL: url })).toThrow('SMTP_URL: must look like');
    let message = '';
    try {
      readEnv({ ...production, SMTP_URL: url });
    } catch (error) {
      message = error instanceof Error ? error.message : '';
    }
    expect(message).not.toContain('hunter2');
  });

  it('APP_URL is required in production and defaults to http://localhost:3000 elsewhere', () => {
    expect(() => readEnv({ ...production, APP_URL: undefined })).toThrow(
      'APP_URL: required in production',
    );
    expect(readEnv({ NODE_ENV: 'development' }).APP_URL).toBe('http://localhost:3000');
    expect(readEnv({ ...production, APP_URL: 'https://tasks.example.com/' }).APP_URL).toBe(
      'https://tasks.example.com',
    );
  });

  it('development needs no mail setting; MAIL_FROM has a default', () => {
    const env = readEnv({ NODE_ENV: 'development' });
    expect(env.SMTP_URL).toBeUndefined();
    expect(env.MAIL_FROM).toBe('Tasklane <no-reply@localhost>');
    expect(() => readEnv({ NODE_ENV: 'development', MAIL_FROM: 'nobody' })).toThrow('MAIL_FROM');
  });
});

it('refuses to start in production without SMTP_URL, with the reason and no stack', () => {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(serverRoot, 'src', 'main.ts')],
    {
      cwd: serverRoot,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        AUTH_SECRET: goodSecret,
        WEB_ORIGIN: 'https://tasks.example.com',
        APP_URL: 'https://tasks.example.com',
      },
      encoding: 'utf8',
      timeout: 30_000,
    },
  );
  expect(result.status).toBe(1);
  expect(result.stderr).toContain('SMTP_URL: required in production');
  expect(result.stderr).not.toMatch(/\n\s+at /);
});

it('refuses to start in production without WEB_ORIGIN, with the reason and no stack', () => {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(serverRoot, 'src', 'main.ts')],
    {
      cwd: serverRoot,
      env: { PATH: process.env.PATH, NODE_ENV: 'production', AUTH_SECRET: goodSecret },
      encoding: 'utf8',
      timeout: 30_000,
    },
  );
  expect(result.status).toBe(1);
  expect(result.stderr).toContain('WEB_ORIGIN: required in production');
  expect(result.stderr).not.toMatch(/\n\s+at /);
});

describe('development settings', () => {
  it('trusts the Vite page on WEB_PORT and the server on PORT by default', () => {
    expect(readEnv({ NODE_ENV: 'development', PORT: '4100', WEB_PORT: '5200' }).WEB_ORIGIN).toEqual(
      [
        'http://localhost:5200',
        'http://127.0.0.1:5200',
        'http://localhost:4100',
        'http://127.0.0.1:4100',
      ],
    );
  });

  it('keeps pretty logs out of production', () => {
    expect(() => readEnv({ ...production, LOG_FORMAT: 'pretty' })).toThrow(
      'LOG_FORMAT: pretty is for development',
    );
    expect(readEnv({ ...production, LOG_FORMAT: 'json' }).LOG_FORMAT).toBe('json');
  });

  it('fills in variables from a .env file without overriding those already set', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tasklane-env-file-'));
    const file = join(dir, '.env');
    writeFileSync(file, 'TASKLANE_ENV_FILE_A=from-file\nTASKLANE_ENV_FILE_B=from-file\n');
    process.env.TASKLANE_ENV_FILE_A = 'from-shell';
    try {
      expect(loadEnvFileIfExists(file)).toBe(true);
      expect(process.env.TASKLANE_ENV_FILE_A).toBe('from-shell');
      expect(process.env.TASKLANE_ENV_FILE_B).toBe('from-file');
      expect(loadEnvFileIfExists(join(dir, 'missing.env'))).toBe(false);
    } finally {
      delete process.env.TASKLANE_ENV_FILE_A;
      delete process.env.TASKLANE_ENV_FILE_B;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('TEST_CLOCK', () => {
  it('is off by default and on with 1 or true outside production', () => {
    expect(readEnv({}).TEST_CLOCK).toBe(false);
    expect(readEnv({ TEST_CLOCK: '1' }).TEST_CLOCK).toBe(true);
    expect(readEnv({ NODE_ENV: 'test', TEST_CLOCK: 'true' }).TEST_CLOCK).toBe(true);
  });

  it('is refused in production, where anyone could move the clock', () => {
    expect(() => readEnv({ ...production, TEST_CLOCK: '1' })).toThrow(
      'TEST_CLOCK: refused in production',
    );
    expect(readEnv({ ...production, TEST_CLOCK: '0' }).TEST_CLOCK).toBe(false);
  });
});
