import { randomBytes } from 'node:crypto';

import { base64url, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';

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
