import { randomBytes } from 'node:crypto';

import { base64url, SignJWT } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { createAccessTokens, MAX_ACCESS_TOKEN_LENGTH } from './access-token';

const secret = randomBytes(32);
const config = { secret, issuer: 'tasklane', audience: 'tasklane-api', ttlSeconds: 900 };
const subject = {
  userId: '00000000-0000-4000-8000-000000000001',
  sessionId: '00000000-0000-4000-8000-000000000002',
};

describe('access tokens', () => {
  it('round-trips the subject and session', async () => {
    const tokens = await createAccessTokens(config);
    const { token, expiresAt } = await tokens.issue(subject);
    const claims = await tokens.verify(token);
    expect(claims).toEqual({ ...subject, expiresAt });
  });

  it('refuses a secret shorter than 32 bytes', async () => {
    await expect(createAccessTokens({ ...config, secret: randomBytes(31) })).rejects.toThrow(
      /32 bytes/,
    );
  });

  it('refuses a token older than the access lifetime even when its exp is far away', async () => {
    const tokens = await createAccessTokens(config);
    const now = Math.floor(Date.now() / 1000);
    const signed = (iat: number) =>
      new SignJWT({ sid: subject.sessionId })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer(config.issuer)
        .setAudience(config.audience)
        .setSubject(subject.userId)
        .setJti('j')
        .setIssuedAt(iat)
        .setExpirationTime(now + 24 * 3600)
        .sign(secret);
    expect(await tokens.verify(await signed(now - config.ttlSeconds - 60))).toBeNull();
    // Within the lifetime it is accepted: the refusal is the age, not the exp.
    expect(await tokens.verify(await signed(now - config.ttlSeconds + 60))).not.toBeNull();
  });

  it('rejects alg none, a wrong key, tampering, expiry, future iat/nbf, wrong iss/aud and huge tokens', async () => {
    const tokens = await createAccessTokens(config);
    const { token } = await tokens.issue(subject);
    const [header = '', payload = '', signature = ''] = token.split('.');
    const now = Math.floor(Date.now() / 1000);
    const sign = (claims: Record<string, unknown>, key: Uint8Array = secret) =>
      new SignJWT({ sid: subject.sessionId, ...claims })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(subject.userId)
        .setJti('j')
        .sign(key);
    const base = { iss: config.issuer, aud: config.audience, iat: now, exp: now + 60 };

    const noneHeader = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }));
    const tampered = JSON.parse(new TextDecoder().decode(base64url.decode(payload))) as Record<
      string,
      unknown
    >;
    tampered.sub = '00000000-0000-4000-8000-000000000099';

    const attacks = [
      `${noneHeader}.${payload}.`,
      `${header}.${base64url.encode(JSON.stringify(tampered))}.${signature}`,
      await sign(base, randomBytes(32)),
      await sign({ ...base, exp: now - 10 }),
      await sign({ ...base, nbf: now + 3600 }),
      await sign({ ...base, iat: now + 3600, exp: now + 7200 }),
      await sign({ ...base, iss: 'someone-else' }),
      await sign({ ...base, aud: 'another-api' }),
      await sign({ iss: base.iss, aud: base.aud, iat: now }),
      `${base64url.encode(JSON.stringify({ alg: 'HS256', pad: 'x'.repeat(MAX_ACCESS_TOKEN_LENGTH) }))}.${payload}.${signature}`,
      'not-a-jwt',
      '',
    ];
    for (const attack of attacks) {
      expect(await tokens.verify(attack)).toBeNull();
    }
  });
});

describe('the verified-token cache', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  /** Counts HMAC verifications done by WebCrypto, i.e. tokens not answered from the cache. */
  const countVerifications = () => vi.spyOn(crypto.subtle, 'verify');

  it('answers a token it verified before without verifying it again', async () => {
    const tokens = await createAccessTokens(config);
    const { token, expiresAt } = await tokens.issue(subject);
    const verifications = countVerifications();
    expect(await tokens.verify(token)).toEqual({ ...subject, expiresAt });
    expect(await tokens.verify(token)).toEqual({ ...subject, expiresAt });
    expect(verifications).toHaveBeenCalledTimes(1);
  });

  it('stops accepting a remembered token once it expires', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-11-24T08:00:00.000Z') });
    const tokens = await createAccessTokens({ ...config, ttlSeconds: 60 });
    const { token, expiresAt } = await tokens.issue(subject);
    const verifications = countVerifications();
    expect(await tokens.verify(token)).toEqual({ ...subject, expiresAt });

    vi.setSystemTime(expiresAt.getTime() - 1);
    expect(await tokens.verify(token)).toEqual({ ...subject, expiresAt });
    vi.setSystemTime(expiresAt);
    expect(await tokens.verify(token)).toBeNull();
    expect(await tokens.verify(token)).toBeNull();
    // The first null came from the cache's own expiry check; the second from jose.
    expect(verifications).toHaveBeenCalledTimes(2);
  });

  it('never answers a tampered copy of a remembered token from the cache', async () => {
    const tokens = await createAccessTokens(config);
    const { token } = await tokens.issue(subject);
    expect(await tokens.verify(token)).not.toBeNull();

    const [header = '', payload = '', signature = ''] = token.split('.');
    const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload))) as Record<
      string,
      unknown
    >;
    const otherUser = base64url.encode(
      JSON.stringify({ ...claims, sub: '00000000-0000-4000-8000-000000000099' }),
    );
    // The first character carries 6 bits of the MAC (the last one partly padding).
    const flipped = `${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    for (const tampered of [
      `${header}.${otherUser}.${signature}`,
      `${header}.${payload}.${flipped}`,
      `${header}.${payload}.`,
    ]) {
      expect(await tokens.verify(tampered)).toBeNull();
      expect(await tokens.verify(tampered)).toBeNull();
    }
    expect((await tokens.verify(token))?.userId).toBe(subject.userId);
  });

  it('remembers at most verifiedCacheSize tokens, forgetting the oldest first', async () => {
    const tokens = await createAccessTokens({ ...config, verifiedCacheSize: 2 });
    const [first, second, third] = await Promise.all(
      [1, 2, 3].map(async () => (await tokens.issue(subject)).token),
    );
    const verifications = countVerifications();
    for (const token of [first, second, third])
      expect(await tokens.verify(token ?? '')).not.toBeNull();
    expect(verifications).toHaveBeenCalledTimes(3);

    // The two newest are remembered; the first was forgotten and is verified again (and stays valid).
    expect(await tokens.verify(third ?? '')).not.toBeNull();
    expect(await tokens.verify(second ?? '')).not.toBeNull();
    expect(verifications).toHaveBeenCalledTimes(3);
    expect(await tokens.verify(first ?? '')).not.toBeNull();
    expect(verifications).toHaveBeenCalledTimes(4);
  });

  it('verifies every time with a cache size of 0', async () => {
    const tokens = await createAccessTokens({ ...config, verifiedCacheSize: 0 });
    const { token } = await tokens.issue(subject);
    const verifications = countVerifications();
    await tokens.verify(token);
    await tokens.verify(token);
    expect(verifications).toHaveBeenCalledTimes(2);
  });
});
