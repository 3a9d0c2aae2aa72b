import { randomBytes, randomInt, randomUUID } from 'node:crypto';

import { base64url, SignJWT } from 'jose';
import { afterEach, expect, it } from 'vitest';

import { REFRESH_COOKIE_NAME, SECURE_REFRESH_COOKIE_NAME } from '@tasklane/api';
import { testAuthConfig } from '@tasklane/api/testing';
import { describeEachDatabase } from '@tasklane/db/testing';

import type { AppConfig } from './build-app';
import { buildTestApp } from './testing/test-app';
import { findSetCookie, injectTrpc, type InjectCall } from './testing/trpc-inject';

const PASSWORD = 'correct horse battery staple';
const WEB_ORIGIN = testAuthConfig.webOrigins[0] ?? '';

/** A fresh client address per use, so rate limits of one test never touch another. */
function address(): string {
  return `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
}

interface SessionBody {
  user: { id: string; email: string };
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken?: string;
}

describeEachDatabase('auth over HTTP', (database) => {
  const apps: { close(): Promise<unknown> }[] = [];
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });

  async function app(overrides: Partial<AppConfig> = {}) {
    const built = await buildTestApp(database(), overrides);
    apps.push(built);
    return built;
  }

  function call(target: Awaited<ReturnType<typeof app>>, request: InjectCall) {
    return injectTrpc(target, request);
  }

  async function signUp(target: Awaited<ReturnType<typeof app>>, remoteAddress = address()) {
    const email = `http-${randomUUID()}@example.com`;
    const answer = await call(target, {
      path: 'auth.signUp',
      kind: 'mutation',
      input: { email, password: PASSWORD, name: 'Over HTTP' },
      remoteAddress,
    });
    expect(answer.status).toBe(200);
    const cookie = findSetCookie(answer.setCookies, REFRESH_COOKIE_NAME);
    return { email, session: answer.data as SessionBody, cookie: cookie?.value ?? '', answer };
  }

  it('sets the refresh token only as an HttpOnly, SameSite=Strict, Path=/ cookie', async () => {
    const server = await app();
    const { session, cookie, answer } = await signUp(server);
    expect(session.refreshToken).toBeUndefined();
    expect(answer.text).not.toContain(cookie);
    const attributes = findSetCookie(answer.setCookies, REFRESH_COOKIE_NAME)?.attributes ?? [];
    expect(attributes).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Path=/']));
    // The cookie lives as long as the session (30 days), give or take the second of the request.
    const maxAge = Number(attributes.find((part) => part.startsWith('Max-Age='))?.slice(8));
    expect(Math.abs(maxAge - 30 * 86_400)).toBeLessThanOrEqual(2);
    expect(attributes).not.toContain('Secure');
    expect(session.accessTokenExpiresAt).toBeInstanceOf(Date);
    const me = await call(server, { path: 'auth.me', kind: 'query', token: session.accessToken });
    expect(me.status).toBe(200);
    expect(me.data).toMatchObject({ id: session.user.id, createdAt: expect.any(Date) as Date });
  });

  it('uses Secure and the __Host- prefix when the request came over HTTPS', async () => {
    // Behind a trusted proxy that terminated TLS, as deployed.
    const server = await app({ trustProxy: true });
    const answer = await call(server, {
      path: 'auth.signUp',
      kind: 'mutation',
      input: { email: `tls-${randomUUID()}@example.com`, password: PASSWORD, name: 'TLS' },
      headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '198.51.100.20' },
    });
    expect(answer.status).toBe(200);
    expect(findSetCookie(answer.setCookies, REFRESH_COOKIE_NAME)).toBeUndefined();
    expect(findSetCookie(answer.setCookies, SECURE_REFRESH_COOKIE_NAME)?.attributes).toEqual(
      expect.arrayContaining(['Secure', 'HttpOnly', 'SameSite=Strict', 'Path=/']),
    );
  });

  it('refreshes with the cookie only from a web origin, and rotates it', async () => {
    const server = await app();
    const { cookie } = await signUp(server);
    const refresh = (headers: Record<string, string>) =>
      call(server, { path: 'auth.refresh', kind: 'mutation', headers });

    const forged = await refresh({
      cookie: `${REFRESH_COOKIE_NAME}=${cookie}`,
      origin: 'https://evil.example',
    });
    expect([forged.status, forged.error?.data.code]).toEqual([403, 'FORBIDDEN']);
    const noOrigin = await refresh({ cookie: `${REFRESH_COOKIE_NAME}=${cookie}` });
    expect(noOrigin.status).toBe(403);

    const ok = await refresh({ cookie: `${REFRESH_COOKIE_NAME}=${cookie}`, origin: WEB_ORIGIN });
    expect(ok.status).toBe(200);
    const rotated = findSetCookie(ok.setCookies, REFRESH_COOKIE_NAME)?.value;
    expect(rotated).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(rotated).not.toBe(cookie);
    expect((ok.data as SessionBody).refreshToken).toBeUndefined();

    // The old cookie again within the reuse window (a lost response): the same successor.
    // Reuse after the window revokes the session (packages/api/src/sessions/refresh.test.ts).
    const replay = await refresh({
      cookie: `${REFRESH_COOKIE_NAME}=${cookie}`,
      origin: WEB_ORIGIN,
    });
    expect(replay.status).toBe(200);
    expect(findSetCookie(replay.setCookies, REFRESH_COOKIE_NAME)?.value).toBe(rotated);
    const after = await refresh({
      cookie: `${REFRESH_COOKIE_NAME}=${rotated ?? ''}`,
      origin: WEB_ORIGIN,
    });
    expect(after.status).toBe(200);
  });

  it('answers an unknown email and a wrong password with byte-identical bodies', async () => {
    const server = await app();
    const { email } = await signUp(server);
    const remoteAddress = address();
    const wrong = await call(server, {
      path: 'auth.signIn',
      kind: 'mutation',
      input: { email, password: `${PASSWORD}?` },
      remoteAddress,
    });
    const unknown = await call(server, {
      path: 'auth.signIn',
      kind: 'mutation',
      input: { email: `x${email}`, password: PASSWORD },
      remoteAddress,
    });
    expect(wrong.status).toBe(401);
    expect(wrong.error?.message).toBe('Invalid email or password');
    expect(unknown.status).toBe(wrong.status);
    expect(unknown.text).toBe(wrong.text);
  });

  it('reports field errors in data.zodError and a taken email as CONFLICT', async () => {
    const server = await app();
    const { email } = await signUp(server);
    const signUpWith = (input: unknown) =>
      call(server, { path: 'auth.signUp', kind: 'mutation', input, remoteAddress: address() });

    const common = await signUpWith({ email: `c-${email}`, password: 'password123', name: 'C' });
    expect(common.status).toBe(400);
    expect(Object.keys(common.error?.data.zodError?.fieldErrors ?? {})).toEqual(['password']);
    expect(common.error?.data.zodError?.fieldErrors.password?.[0]).toMatch(/too common/);

    const invalid = await signUpWith({ email: 'nope', password: 'short', name: '', extra: 1 });
    expect(invalid.status).toBe(400);
    expect(invalid.error?.data.zodError?.fieldErrors).toMatchObject({
      email: [expect.any(String)],
      password: [expect.any(String)],
      name: [expect.any(String)],
    });

    const taken = await signUpWith({ email: email.toUpperCase(), password: PASSWORD, name: 'Dup' });
    expect([taken.status, taken.error?.data.code]).toEqual([409, 'CONFLICT']);
  });

  it('answers 429 with Retry-After and data.details, and a spoofed X-Forwarded-For changes nothing', async () => {
    const server = await app({
      apiOptions: { rateLimits: { signInPerAddress: { limit: 3, windowSeconds: 60 } } },
    });
    const remoteAddress = address();
    const statuses = [];
    let last;
    for (let attempt = 0; attempt < 5; attempt += 1) {
      last = await call(server, {
        path: 'auth.signIn',
        kind: 'mutation',
        input: { email: `spray-${attempt}@example.com`, password: 'guess guess' },
        headers: { 'x-forwarded-for': `203.0.113.${attempt + 1}` },
        remoteAddress,
      });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    const retryAfter = Number(last?.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(last?.error?.data.details).toEqual({ retryAfterSeconds: retryAfter });
    expect(last?.error?.data.code).toBe('TOO_MANY_REQUESTS');
  });

  it('believes X-Forwarded-For only from a trusted proxy', async () => {
    const server = await app({
      trustProxy: ['127.0.0.1'],
      apiOptions: { rateLimits: { signInPerAddress: { limit: 1, windowSeconds: 60 } } },
    });
    const statuses = [];
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const answer = await call(server, {
        path: 'auth.signIn',
        kind: 'mutation',
        input: { email: 'proxy@example.com', password: 'guess guess' },
        headers: { 'x-forwarded-for': `198.51.100.${attempt + 1}` },
        remoteAddress: '127.0.0.1',
      });
      statuses.push(answer.status);
    }
    // Three different clients behind the proxy: each has its own allowance.
    expect(statuses).toEqual([401, 401, 401]);
  });

  it('signs out with the refresh cookie alone (from a web origin) and clears it', async () => {
    const server = await app();
    const { session, cookie } = await signUp(server);
    const signOut = (headers: Record<string, string>) =>
      call(server, { path: 'auth.signOut', kind: 'mutation', headers });
    const cross = await signOut({
      cookie: `${REFRESH_COOKIE_NAME}=${cookie}`,
      origin: 'https://evil.example',
    });
    expect(cross.status).toBe(403);
    const ok = await signOut({ cookie: `${REFRESH_COOKIE_NAME}=${cookie}`, origin: WEB_ORIGIN });
    expect(ok.status).toBe(200);
    expect(findSetCookie(ok.setCookies, REFRESH_COOKIE_NAME)).toMatchObject({ value: '' });
    expect(findSetCookie(ok.setCookies, REFRESH_COOKIE_NAME)?.attributes).toContain('Max-Age=0');
    expect(ok.headers['clear-site-data']).toBe('"cookies", "storage"');
    const me = await call(server, { path: 'auth.me', kind: 'query', token: session.accessToken });
    expect(me.status).toBe(401);
  });

  it('refuses every forged, expired, oversized or revoked token with 401, never 500', async () => {
    const secret = randomBytes(32);
    const server = await app({ authSecret: secret });
    const { session } = await signUp(server);
    const claims = JSON.parse(
      new TextDecoder().decode(base64url.decode(session.accessToken.split('.')[1] ?? '')),
    ) as { sub: string; sid: string; iss: string; aud: string };
    const now = Math.floor(Date.now() / 1000);
    const sign = (payload: Record<string, unknown>, key: Uint8Array = secret) =>
      new SignJWT({ sid: claims.sid, ...payload })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(claims.sub)
        .setJti(randomUUID())
        .sign(key);
    const base = { iss: claims.iss, aud: claims.aud, iat: now, exp: now + 600 };
    const [header = '', payload = '', signature = ''] = session.accessToken.split('.');
    const tamperedPayload = base64url.encode(
      JSON.stringify({ ...claims, sub: randomUUID(), exp: now + 600 }),
    );

    const attacks: Record<string, string> = {
      'alg none': `${base64url.encode('{"alg":"none","typ":"JWT"}')}.${payload}.`,
      'alg none, no signature part': `${base64url.encode('{"alg":"none"}')}.${payload}`,
      'HS512 header': `${base64url.encode('{"alg":"HS512","typ":"JWT"}')}.${payload}.${signature}`,
      'wrong key': await sign(base, randomBytes(32)),
      'tampered payload': `${header}.${tamperedPayload}.${signature}`,
      expired: await sign({ ...base, iat: now - 1000, exp: now - 60 }),
      'not yet valid': await sign({ ...base, nbf: now + 3600 }),
      'issued in the future': await sign({ ...base, iat: now + 3600, exp: now + 7200 }),
      'no exp': await sign({ iss: base.iss, aud: base.aud, iat: now }),
      'wrong audience': await sign({ ...base, aud: 'someone-else' }),
      'wrong issuer': await sign({ ...base, iss: 'someone-else' }),
      'oversized header': `${base64url.encode(JSON.stringify({ alg: 'HS256', pad: 'x'.repeat(9000) }))}.${payload}.${signature}`,
      garbage: 'not.a.jwt',
    };
    for (const [name, token] of Object.entries(attacks)) {
      const answer = await call(server, { path: 'auth.me', kind: 'query', token });
      expect([name, answer.status, answer.error?.data.code]).toEqual([name, 401, 'UNAUTHORIZED']);
    }

    // A valid token whose session was revoked, and one whose user was deleted.
    const signOut = await call(server, {
      path: 'auth.signOut',
      kind: 'mutation',
      token: session.accessToken,
    });
    expect(signOut.status).toBe(200);
    expect(
      (await call(server, { path: 'auth.me', kind: 'query', token: session.accessToken })).status,
    ).toBe(401);

    const other = await signUp(server);
    const deleted = await call(server, {
      path: 'auth.deleteAccount',
      kind: 'mutation',
      input: { password: PASSWORD },
      token: other.session.accessToken,
    });
    expect(deleted.status).toBe(200);
    const ghost = await call(server, {
      path: 'auth.me',
      kind: 'query',
      token: other.session.accessToken,
    });
    expect(ghost.status).toBe(401);
  });

  it('logs auth events without passwords or tokens', async () => {
    const lines: string[] = [];
    const server = await app({
      logLevel: 'info',
      logStream: { write: (line) => lines.push(line) },
    });
    const { email, session, cookie } = await signUp(server);
    const signIn = await call(server, {
      path: 'auth.signIn',
      kind: 'mutation',
      input: { email, password: PASSWORD, tokenDelivery: 'body' },
      remoteAddress: address(),
    });
    const bodySession = signIn.data as SessionBody;
    await call(server, {
      path: 'auth.signIn',
      kind: 'mutation',
      input: { email, password: 'a wrong password' },
      remoteAddress: address(),
    });
    await call(server, { path: 'auth.signOut', kind: 'mutation', token: session.accessToken });

    const log = lines.join('\n');
    const events = lines.map((line) => (JSON.parse(line) as { event?: string }).event);
    expect(events).toEqual(
      expect.arrayContaining([
        'auth.sign_up',
        'auth.sign_in',
        'auth.sign_in_failed',
        'auth.sign_out',
      ]),
    );
    for (const secret of [
      PASSWORD,
      'a wrong password',
      session.accessToken,
      cookie,
      bodySession.accessToken,
      bodySession.refreshToken ?? 'missing',
    ]) {
      expect(log).not.toContain(secret);
    }
  });
});
