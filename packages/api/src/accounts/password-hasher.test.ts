import { hash } from '@node-rs/argon2';
import { describe, expect, it } from 'vitest';

import { isCommonPassword } from './common-passwords';
import { createPasswordHasher, PASSWORD_HASH_PARAMETERS } from './password-hasher';
import { WorkLimiterBusyError } from '../limits/work-limiter';

describe('password hashing', () => {
  it('uses argon2id with at least OWASP’s minimum parameters', async () => {
    expect(PASSWORD_HASH_PARAMETERS.memoryCost).toBeGreaterThanOrEqual(19_456);
    expect(PASSWORD_HASH_PARAMETERS.timeCost).toBeGreaterThanOrEqual(2);
    const hasher = createPasswordHasher();
    const stored = await hasher.hash('correct horse battery staple');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await hasher.verify(stored, 'correct horse battery staple')).toEqual({
      valid: true,
      needsRehash: false,
    });
    expect(await hasher.verify(stored, 'correct horse battery stapl')).toEqual({
      valid: false,
      needsRehash: false,
    });
  });

  it('asks for a rehash of a hash made with other parameters, only once the password is right', async () => {
    const hasher = createPasswordHasher();
    const old = await hash('correct horse battery staple', { memoryCost: 8192, timeCost: 1 });
    expect(await hasher.verify(old, 'correct horse battery staple')).toEqual({
      valid: true,
      needsRehash: true,
    });
    expect((await hasher.verify(old, 'wrong')).needsRehash).toBe(false);
  });

  it('treats an unreadable stored hash as a wrong password', async () => {
    const hasher = createPasswordHasher();
    expect((await hasher.verify('$argon2id$garbage', 'anything')).valid).toBe(false);
  });

  it('refuses work past its queue at once', async () => {
    const hasher = createPasswordHasher({ limits: { concurrency: 1, maxQueue: 0 } });
    const first = hasher.hash('first password');
    await expect(hasher.hash('second password')).rejects.toBeInstanceOf(WorkLimiterBusyError);
    await expect(hasher.verifyNothing('third password')).rejects.toBeInstanceOf(
      WorkLimiterBusyError,
    );
    expect(await first).toMatch(/^\$argon2id\$/);
  });
});

describe('common passwords', () => {
  it('knows the most common passwords, whatever their case', async () => {
    for (const common of [
      'password',
      '12345678',
      'iloveyou',
      'Sunshine',
      'QWERTYUIOP',
      'trustno1',
    ]) {
      expect(await isCommonPassword(common)).toBe(true);
    }
    for (const uncommon of ['correct horse battery staple', 'analytical engine 1843']) {
      expect(await isCommonPassword(uncommon)).toBe(false);
    }
  });

  it('holds well over 10,000 passwords long enough to pass the length rule', async () => {
    const { dictionary } = await import('@zxcvbn-ts/language-common');
    const eligible = dictionary['passwords-common'].filter((password) => password.length >= 8);
    expect(eligible.length).toBeGreaterThan(10_000);
    // Spot-check the tail of the list too, not just its head.
    expect(await isCommonPassword(eligible.at(-1) ?? '')).toBe(true);
  });
});

describe('verifying for an unknown email', () => {
  it('does a real argon2 verification through the same bounded path', async () => {
    const hasher = createPasswordHasher();
    const pending = hasher.verifyNothing('');
    // Holding a hashing slot like any real check (timing is the benchmark's business).
    expect(hasher.load().running).toBe(1);
    await pending;
    expect(hasher.load().running).toBe(0);
  });
});
