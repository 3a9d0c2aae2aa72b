// apiKeys.* as a client reaches it over HTTP: only a signed-in session may create, list or revoke
// keys (specs/contracts/api-keys.md). Without credentials each is 401 UNAUTHORIZED; with a key,
// even one holding every scope, 403 FORBIDDEN; and neither changes anything.
import { randomInt, randomUUID } from 'node:crypto';

import type { FastifyInstance } from 'fastify';
import { afterEach, expect, it } from 'vitest';

import { API_KEY_SCOPES } from '@tasklane/api/contract';
import { describeEachDatabase } from '@tasklane/db/testing';

import { buildTestApp } from './testing/test-app';
import { injectTrpc, type InjectCall } from './testing/trpc-inject';

interface CreatedKey {
  apiKey: { id: string };
  secret: string;
}

function isCreatedKey(value: unknown): value is CreatedKey {
  return (
    typeof value === 'object' &&
    value !== null &&
    'secret' in value &&
    typeof value.secret === 'string' &&
    'apiKey' in value &&
    typeof value.apiKey === 'object' &&
    value.apiKey !== null &&
    'id' in value.apiKey &&
    typeof value.apiKey.id === 'string'
  );
}

describeEachDatabase('apiKeys.* over HTTP', (database) => {
  const apps: FastifyInstance[] = [];
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });

  it('is UNAUTHORIZED without credentials and FORBIDDEN with a key holding every scope, and changes nothing', async () => {
    const app = await buildTestApp(database());
    apps.push(app);
    const remoteAddress = `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
    const call = (request: InjectCall) => injectTrpc(app, { remoteAddress, ...request });

    const signedUp = await call({
      path: 'auth.signUp',
      kind: 'mutation',
      input: {
        email: `keys-${randomUUID()}@example.com`,
        password: 'correct horse battery staple',
        name: 'Key owner',
        tokenDelivery: 'body',
      },
    });
    expect(signedUp.status).toBe(200);
    const { accessToken } = signedUp.data as { accessToken: string };
    const created = await call({
      path: 'apiKeys.create',
      kind: 'mutation',
      input: { name: 'Everything', scopes: [...API_KEY_SCOPES], expiresInDays: null },
      token: accessToken,
    });
    expect(created.status).toBe(200);
    if (!isCreatedKey(created.data)) throw new Error(`no key in ${created.text}`);
    const key = created.data;

    const procedures: Omit<InjectCall, 'token'>[] = [
      {
        path: 'apiKeys.create',
        kind: 'mutation',
        input: { name: 'Another', scopes: ['tasks:read'], expiresInDays: 30 },
      },
      { path: 'apiKeys.list', kind: 'query' },
      // The key's own id: were revoke allowed, the key would be gone.
      { path: 'apiKeys.revoke', kind: 'mutation', input: { id: key.apiKey.id } },
    ];
    const expected = [
      { token: undefined, status: 401, code: 'UNAUTHORIZED' },
      { token: key.secret, status: 403, code: 'FORBIDDEN' },
    ];
    for (const procedure of procedures) {
      for (const { token, status, code } of expected) {
        const answer = await call({ ...procedure, token });
        const who = token === undefined ? 'no credentials' : 'a key';
        expect([procedure.path, who, answer.status, answer.error?.data.code]).toEqual([
          procedure.path,
          who,
          status,
          code,
        ]);
      }
    }

    // Nothing was created or revoked: the session sees the one key, and it still works.
    const listed = await call({ path: 'apiKeys.list', kind: 'query', token: accessToken });
    expect(listed.status).toBe(200);
    expect((listed.data as { id: string }[]).map((listedKey) => listedKey.id)).toEqual([
      key.apiKey.id,
    ]);
    const used = await call({ path: 'tasks.list', kind: 'query', input: {}, token: key.secret });
    expect(used.status).toBe(200);
  });
});
