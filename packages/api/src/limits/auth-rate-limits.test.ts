import { createHash, randomBytes } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { createRateLimitKeys } from './auth-rate-limits';

const email = 'Ada.Lovelace@example.com';
const ip = '203.0.113.9';

describe('rate-limit keys (issue 16, finding 9)', () => {
  it('hold neither the email, the address, nor an unsalted hash an email list could reverse', () => {
    const keys = createRateLimitKeys(randomBytes(32));
    const unsalted = createHash('sha256').update(email.toLowerCase()).digest('base64url');
    for (const key of [
      keys.signInFailuresAccountAddress(email, ip),
      keys.signInFailuresAccount(email),
      keys.signInAddress(ip),
      keys.signUpAddress(ip),
    ]) {
      expect(key).not.toContain(email.toLowerCase());
      expect(key).not.toContain(ip);
      expect(key).not.toContain(unsalted);
    }
  });

  it('depend on the server secret, and count one email whatever its case', () => {
    const secret = randomBytes(32);
    const keys = createRateLimitKeys(secret);
    expect(keys.signInFailuresAccount(email)).toBe(
      createRateLimitKeys(Buffer.from(secret)).signInFailuresAccount(email.toUpperCase()),
    );
    expect(keys.signInFailuresAccount(email)).not.toBe(
      createRateLimitKeys(randomBytes(32)).signInFailuresAccount(email),
    );
  });

  it('count one IPv6 /64 as one address', () => {
    const keys = createRateLimitKeys(randomBytes(32));
    expect(keys.signInAddress('2001:db8:1:2::1')).toBe(keys.signInAddress('2001:db8:1:2::ffff'));
    expect(keys.signInAddress('2001:db8:1:2::1')).not.toBe(keys.signInAddress('2001:db8:1:3::1'));
  });
});
