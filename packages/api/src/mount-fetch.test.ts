// Another server mounting the router with its own database connection through tRPC's Fetch
// adapter, as the README's "Mount the API in your own server" shows: Fetch Request in, Response out.
import { randomBytes, randomUUID } from 'node:crypto';

import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import superjson from 'superjson';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { describeEachDatabase } from '@tasklane/db/testing';

import { MAX_BATCH_SIZE, TRPC_ENDPOINT_PATH } from './contract';
import { appRouter, createApiServices, createContext, type ApiServices } from './index';
import { testAuthConfig } from './testing';

describeEachDatabase('mounting the router on the Fetch API', (database) => {
  let services: ApiServices;

  beforeAll(async () => {
    services = await createApiServices({
      db: database().db,
      notifications: database(),
      authSecret: randomBytes(32),
      auth: testAuthConfig,
    });
  });

  afterAll(async () => {
    await services.close();
  });

  // The README's recipe.
  const handle = (request: Request, clientIp: string) =>
    fetchRequestHandler({
      endpoint: TRPC_ENDPOINT_PATH,
      req: request,
      router: appRouter,
      maxBatchSize: MAX_BATCH_SIZE,
      createContext: ({ req, resHeaders }) =>
        createContext(
          services,
          {
            authorization: req.headers.get('authorization') ?? undefined,
            cookies: {},
            ip: clientIp,
            userAgent: req.headers.get('user-agent') ?? undefined,
            origin: req.headers.get('origin') ?? undefined,
            secure: req.url.startsWith('https:'),
          },
          {
            setCookie: () => undefined,
            setHeader: (name, value) => {
              resHeaders.set(name, value);
            },
          },
        ),
    });

  const base = 'http://service.test/api/trpc';
  const post = (path: string, input: unknown, token?: string) =>
    new Request(`${base}/${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      },
      body: JSON.stringify(superjson.serialize(input)),
    });
  const get = (path: string, input: unknown, token?: string) =>
    new Request(
      `${base}/${path}?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`,
      { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } },
    );

  async function data(response: Response): Promise<unknown> {
    const body = (await response.json()) as {
      result: { data: Parameters<typeof superjson.deserialize>[0] };
    };
    return superjson.deserialize(body.result.data);
  }

  it('signs up, creates and lists tasks from plain Fetch requests', async () => {
    const email = `mounted-${randomUUID()}@example.com`;
    const signUp = await handle(
      post('auth.signUp', {
        email,
        password: 'a long and unusual passphrase 7',
        name: 'Mounted',
        tokenDelivery: 'body',
      }),
      '192.0.2.10',
    );
    expect(signUp.status).toBe(200);
    const session = (await data(signUp)) as { accessToken: string; accessTokenExpiresAt: unknown };
    expect(session.accessTokenExpiresAt).toBeInstanceOf(Date);

    const dueAt = new Date('2026-12-01T22:59:59.999Z');
    const created = await handle(
      post('tasks.create', { title: 'From another server', dueAt }, session.accessToken),
      '192.0.2.10',
    );
    expect(created.status).toBe(200);

    const listed = await handle(get('tasks.list', {}, session.accessToken), '192.0.2.10');
    expect(listed.status).toBe(200);
    const { items } = (await data(listed)) as { items: { title: string; dueAt: Date | null }[] };
    expect(items).toEqual([expect.objectContaining({ title: 'From another server', dueAt })]);
  });

  it('answers with tRPC status codes: 401 without a token, 400 with field errors', async () => {
    const anonymous = await handle(get('tasks.list', {}), '192.0.2.11');
    expect(anonymous.status).toBe(401);

    const invalid = await handle(
      post('auth.signUp', { email: 'not-an-email', password: 'x', name: '' }),
      '192.0.2.11',
    );
    expect(invalid.status).toBe(400);
    const body = (await invalid.json()) as {
      error: {
        json: { data: { code: string; zodError: { fieldErrors: Record<string, unknown> } } };
      };
    };
    expect(body.error.json.data.code).toBe('BAD_REQUEST');
    expect(Object.keys(body.error.json.data.zodError.fieldErrors).sort()).toEqual([
      'email',
      'name',
      'password',
    ]);
  });
});
