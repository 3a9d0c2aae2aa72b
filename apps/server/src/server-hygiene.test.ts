import { randomUUID } from 'node:crypto';

import { afterEach, expect, it } from 'vitest';

import { MAX_BATCH_SIZE } from '@tasklane/api/contract';
import { testAuthConfig } from '@tasklane/api/testing';
import { sql } from '@tasklane/db';
import { describeEachDatabase } from '@tasklane/db/testing';

import { BODY_LIMIT_BYTES } from './build-app';
import { PERMISSIONS_POLICY } from './permissions-policy';
import { buildTestApp } from './testing/test-app';
import { injectTrpc } from './testing/trpc-inject';

const WEB_ORIGIN = testAuthConfig.webOrigins[0] ?? '';

describeEachDatabase('server hygiene', (database) => {
  const apps: { close(): Promise<unknown> }[] = [];
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });
  async function app() {
    const built = await buildTestApp(database());
    apps.push(built);
    return built;
  }

  async function signedIn(server: Awaited<ReturnType<typeof app>>) {
    const answer = await injectTrpc(server, {
      path: 'auth.signUp',
      kind: 'mutation',
      input: {
        email: `hygiene-${randomUUID()}@example.com`,
        password: 'correct horse battery staple',
        name: 'Hygiene',
      },
    });
    return (answer.data as { accessToken: string }).accessToken;
  }

  it('sends security headers and no-store on API responses', async () => {
    const server = await app();
    const answer = await injectTrpc(server, { path: 'auth.me', kind: 'query' });
    expect(answer.status).toBe(401);
    expect(answer.headers).toMatchObject({
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'strict-transport-security': expect.stringContaining('max-age=') as string,
      'content-security-policy': expect.stringContaining("default-src 'self'") as string,
      'permissions-policy': PERMISSIONS_POLICY,
    });
    const health = await server.inject({ method: 'GET', url: '/healthz' });
    expect(health.headers['x-content-type-options']).toBe('nosniff');
  });

  it('allows exactly the configured web origins, with credentials', async () => {
    const server = await app();
    const preflight = (origin: string) =>
      server.inject({
        method: 'OPTIONS',
        url: '/api/trpc/auth.refresh',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,authorization',
        },
      });
    const allowed = await preflight(WEB_ORIGIN);
    expect(allowed.headers['access-control-allow-origin']).toBe(WEB_ORIGIN);
    expect(allowed.headers['access-control-allow-credentials']).toBe('true');
    for (const origin of ['https://evil.example', `${WEB_ORIGIN}.evil.example`, 'null']) {
      const refused = await preflight(origin);
      expect(refused.headers['access-control-allow-origin']).toBeUndefined();
    }
    const simple = await server.inject({
      method: 'GET',
      url: '/healthz',
      headers: { origin: 'https://evil.example' },
    });
    expect(simple.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers a body over 64 KiB with 413', async () => {
    const server = await app();
    const response = await server.inject({
      method: 'POST',
      url: '/api/trpc/auth.signIn',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({
        json: { email: 'x@example.com', password: 'x'.repeat(BODY_LIMIT_BYTES) },
      }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.body).not.toMatch(/\/work\/|node_modules|\bat\s/);
  });

  it('serves a legal batch of 10 calls and refuses one past the batch limit', async () => {
    const server = await app();
    const token = await signedIn(server);
    const batch = (size: number) => {
      const paths = Array.from({ length: size }, () => 'auth.me').join(',');
      const input = encodeURIComponent(
        JSON.stringify(Object.fromEntries(Array.from({ length: size }, (_, i) => [i, {}]))),
      );
      return server.inject({
        method: 'GET',
        url: `/api/trpc/${paths}?batch=1&input=${input}`,
        headers: { authorization: `Bearer ${token}` },
      });
    };
    const ten = await batch(10);
    expect(ten.statusCode).toBe(200);
    const results = ten.json<{ result?: { data: { json: { id: string } } } }[]>();
    expect(results).toHaveLength(10);
    expect(new Set(results.map((result) => result.result?.data.json.id)).size).toBe(1);

    const tooMany = await batch(MAX_BATCH_SIZE + 1);
    expect(tooMany.statusCode).toBeGreaterThanOrEqual(400);
    expect(tooMany.statusCode).toBeLessThan(500);
  });

  it('masks an internal error: no stack, SQL, constraint names or paths in the response', async () => {
    const server = await app();
    // A failure deep in the database, with details nobody outside should see.
    await sql`
      create function tasklane_test_explode() returns trigger language plpgsql as $$
      begin
        raise exception 'secret_internal_detail in /srv/tasklane/db.ts'
          using constraint = 'users_secret_constraint';
      end $$`.execute(database().db);
    await sql`
      create trigger tasklane_test_explode before insert on users
      for each row execute function tasklane_test_explode()`.execute(database().db);
    try {
      const answer = await injectTrpc(server, {
        path: 'auth.signUp',
        kind: 'mutation',
        input: {
          email: `boom-${randomUUID()}@example.com`,
          password: 'correct horse battery staple',
          name: 'Boom',
        },
      });
      expect(answer.status).toBe(500);
      expect(answer.error?.message).toBe('Something went wrong on our side. Please try again.');
      expect(answer.error?.data).not.toHaveProperty('stack');
      for (const leak of [
        'secret_internal_detail',
        'users_secret_constraint',
        '/srv/',
        'tasklane_test_explode',
        'insert into',
        'node_modules',
        '    at ',
      ]) {
        expect(answer.text).not.toContain(leak);
      }
    } finally {
      await sql`drop trigger tasklane_test_explode on users`.execute(database().db);
      await sql`drop function tasklane_test_explode()`.execute(database().db);
    }
  });
});
