import { randomBytes, randomUUID } from 'node:crypto';

import type { FastifyInstance } from 'fastify';
import { afterEach, expect, it } from 'vitest';

import { describeEachDatabase } from '@tasklane/db/testing';

import { buildTestApp } from './testing/test-app';
import { injectTrpc } from './testing/trpc-inject';

const PASSWORD = 'correct horse battery staple';

describeEachDatabase('revocation across two server instances', (database) => {
  const apps: FastifyInstance[] = [];
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });

  /** Two apps on one database, sharing the secret, each with its own cache and subscription. */
  async function twoInstances() {
    const authSecret = randomBytes(32);
    const a = await buildTestApp(database(), { authSecret });
    const b = await buildTestApp(database(), { authSecret });
    apps.push(a, b);
    return { a, b };
  }

  async function signIn(app: FastifyInstance, email: string) {
    const answer = await injectTrpc(app, {
      path: 'auth.signIn',
      kind: 'mutation',
      input: { email, password: PASSWORD, tokenDelivery: 'body' },
    });
    return (answer.data as { accessToken: string }).accessToken;
  }

  const me = (app: FastifyInstance, token: string) =>
    injectTrpc(app, { path: 'auth.me', kind: 'query', token });

  it('refuses on B, at once, a session signed out on A; B had it cached', async () => {
    const { a, b } = await twoInstances();
    const email = `twice-${randomUUID()}@example.com`;
    const signUp = await injectTrpc(a, {
      path: 'auth.signUp',
      kind: 'mutation',
      input: { email, password: PASSWORD, name: 'Two Instances' },
    });
    const token = (signUp.data as { accessToken: string }).accessToken;
    const other = await signIn(a, email);

    expect((await me(b, token)).status).toBe(200);
    const hitsBefore = b.apiServices.sessions.stats().hits;
    expect((await me(b, token)).status).toBe(200);
    expect(b.apiServices.sessions.stats()).toMatchObject({ mode: 'cached', hits: hitsBefore + 1 });
    expect((await me(b, other)).status).toBe(200);

    expect((await injectTrpc(a, { path: 'auth.signOut', kind: 'mutation', token })).status).toBe(
      200,
    );
    expect((await me(b, token)).status).toBe(401);
    expect((await me(b, other)).status).toBe(200);

    const everywhere = await injectTrpc(a, {
      path: 'auth.signOutEverywhere',
      kind: 'mutation',
      token: other,
    });
    expect(everywhere.data).toEqual({ revoked: 1 });
    expect((await me(b, other)).status).toBe(401);
  });
});
