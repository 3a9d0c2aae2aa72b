// A request the server cannot read (a null or truncated body, crafted superjson metadata) is a
// 400 "The request could not be read.": never a 500, never a parser's or a library's words.
// Our own refusals (zod field errors, an invalid cursor) keep their messages.
import { randomUUID } from 'node:crypto';

import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { describeEachDatabase } from '@tasklane/db/testing';

import { buildTestApp } from './testing/test-app';
import { injectTrpc, type TrpcErrorBody } from './testing/trpc-inject';

const UNREADABLE = 'The request could not be read.';

/** Words of JSON.parse, superjson, V8 and stack traces that once reached clients. */
const LIBRARY_TEXT =
  /superjson|github\.com|destructure|JSON input|Unexpected token|not valid JSON|TypeError|SyntaxError|Cannot read prop|is not allowed as a property|unknown (class|custom)|node_modules|\bat \S+:\d+:\d+/i;

/** Messages our procedures write on purpose (everything else must be a zod error or masked). */
const OUR_MESSAGES = [
  /^Invalid cursor: /,
  /^Unknown time zone$/,
  /^The task has an invalid field\.$/,
  /^This task id cannot be used\./,
  /^Task not found$/,
  /^This task was changed since you loaded it\./,
];

interface RawCall {
  method: 'GET' | 'POST';
  url: string;
  body?: string;
}

async function send(app: FastifyInstance, token: string, call: RawCall) {
  const response = await app.inject({
    method: call.method,
    url: call.url,
    headers: {
      authorization: `Bearer ${token}`,
      ...(call.method === 'POST' ? { 'content-type': 'application/json' } : {}),
    },
    ...(call.body === undefined ? {} : { payload: call.body }),
  });
  return { status: response.statusCode, text: response.body, errors: errorsOf(response.body) };
}

function errorsOf(text: string): TrpcErrorBody[] {
  const parsed: unknown = JSON.parse(text);
  const envelopes = Array.isArray(parsed) ? parsed : [parsed];
  return envelopes.flatMap((envelope: { error?: { json?: TrpcErrorBody } }) =>
    envelope.error?.json === undefined ? [] : [envelope.error.json],
  );
}

/** An error a client may see: masked, our validation, or one of our own messages. */
function expectReadableByPeople(error: TrpcErrorBody): void {
  expect(error.data.httpStatus).toBeLessThan(500);
  if (error.message === UNREADABLE || error.data.zodError !== null) return;
  expect(
    OUR_MESSAGES.some((pattern) => pattern.test(error.message)),
    error.message,
  ).toBe(true);
}

// superjson metadata: annotations (a type name, or [kind, name]) in trees over paths, and
// referential equalities between paths, including the prototype paths superjson refuses.
const pathKey = fc.constantFrom(
  'title',
  'tags',
  'dueAt',
  'description',
  '0',
  '1',
  '__proto__',
  'constructor',
  'prototype',
);
const annotation = fc.oneof(
  fc.constantFrom('undefined', 'bigint', 'Date', 'regexp', 'set', 'map', 'number', 'Error', 'URL'),
  fc.tuple(fc.constantFrom('class', 'symbol', 'custom', 'typed-array'), fc.string()),
  fc.jsonValue({ maxDepth: 1 }),
);
const { tree: annotationTree } = fc.letrec<{ tree: unknown }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small' },
    annotation,
    fc.dictionary(pathKey, tie('tree'), { maxKeys: 3 }),
    fc.tuple(annotation, fc.dictionary(pathKey, tie('tree'), { maxKeys: 3 })),
  ),
}));
const path = fc.array(pathKey, { minLength: 1, maxLength: 3 }).map((keys) => keys.join('.'));
const equalities = fc.oneof(
  fc.dictionary(path, fc.array(path, { maxLength: 3 }), { maxKeys: 3 }),
  fc.tuple(fc.array(path, { maxLength: 2 }), fc.dictionary(path, fc.array(path), { maxKeys: 2 })),
  fc.jsonValue({ maxDepth: 2 }),
);
const meta = fc.oneof(
  fc.record(
    { values: annotationTree, referentialEqualities: equalities, v: fc.jsonValue({ maxDepth: 0 }) },
    { requiredKeys: [] },
  ),
  fc.jsonValue({ maxDepth: 2 }),
);
const json = fc.oneof(
  fc.record(
    {
      title: fc.oneof(fc.string({ maxLength: 20 }), fc.jsonValue({ maxDepth: 1 })),
      tags: fc.oneof(fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }), fc.jsonValue()),
      dueAt: fc.oneof(fc.constant('2030-01-01T00:00:00.000Z'), fc.jsonValue({ maxDepth: 1 })),
    },
    { requiredKeys: [] },
  ),
  fc.jsonValue({ maxDepth: 2 }),
);
/** A transformer envelope with any metadata, a bare JSON value, or broken text. */
const envelope = fc.oneof(
  fc.record({ json, meta }, { requiredKeys: [] }).map((value) => JSON.stringify(value)),
  fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.stringify(value)),
  fc.record({ json, meta }).chain((value) => {
    const text = JSON.stringify(value);
    return fc.nat({ max: text.length }).map((end) => text.slice(0, end));
  }),
  fc.string({ unit: 'binary', maxLength: 30 }),
);
const call: fc.Arbitrary<RawCall> = fc.oneof(
  envelope.map((body) => ({ method: 'POST' as const, url: '/api/trpc/tasks.create', body })),
  envelope.map((body) => ({ method: 'POST' as const, url: '/api/trpc/tasks.update', body })),
  envelope.map((text) => ({
    method: 'GET' as const,
    url: `/api/trpc/tasks.list?input=${encodeURIComponent(text)}`,
  })),
  fc.tuple(envelope, envelope).map(([first, second]) => ({
    method: 'POST' as const,
    url: '/api/trpc/tasks.create,tasks.update?batch=1',
    body: `{"0":${first},"1":${second}}`,
  })),
);

describeEachDatabase('unreadable requests', (database) => {
  let app: FastifyInstance;
  let token = '';
  beforeAll(async () => {
    app = await buildTestApp(database());
    const signUp = await injectTrpc(app, {
      path: 'auth.signUp',
      kind: 'mutation',
      input: {
        email: `unreadable-${randomUUID()}@example.com`,
        password: 'a long and unusual passphrase 1843',
        name: 'Unreadable',
      },
    });
    expect(signUp.status).toBe(200);
    token = (signUp.data as { accessToken: string }).accessToken;
  });
  afterAll(async () => {
    await app.close();
  });

  it.each<[string, RawCall]>([
    ['a null body', { method: 'POST', url: '/api/trpc/tasks.create', body: 'null' }],
    [
      'a truncated body',
      { method: 'POST', url: '/api/trpc/tasks.create', body: '{"json":{"title":"x"}' },
    ],
    [
      'an unknown superjson class',
      {
        method: 'POST',
        url: '/api/trpc/tasks.create',
        body: '{"json":{"title":"x"},"meta":{"values":{"title":[["class","Foo"]]}}}',
      },
    ],
    [
      'a prototype path in superjson metadata',
      {
        method: 'POST',
        url: '/api/trpc/tasks.create',
        body: '{"json":{"title":"x"},"meta":{"referentialEqualities":{"title":["__proto__.x"]}}}',
      },
    ],
    ['unparsable query input', { method: 'GET', url: '/api/trpc/tasks.list?input=%7B%22json' }],
  ])('answers %s with 400 "The request could not be read."', async (_, raw) => {
    const answer = await send(app, token, raw);
    expect(answer.status).toBe(400);
    expect(answer.errors.map((error) => [error.data.code, error.message])).toEqual([
      ['BAD_REQUEST', UNREADABLE],
    ]);
    expect(answer.text).not.toMatch(LIBRARY_TEXT);
  });

  it('keeps the messages of our own validation and refusals', async () => {
    const invalid = await injectTrpc(app, {
      path: 'tasks.create',
      kind: 'mutation',
      input: { title: '   ' },
      token,
    });
    expect(invalid.status).toBe(400);
    expect(invalid.error?.data.zodError?.fieldErrors.title).toEqual(['Title is required']);

    const cursor = await injectTrpc(app, {
      path: 'tasks.list',
      kind: 'query',
      input: { cursor: 'garbage' },
      token,
    });
    expect(cursor.status).toBe(400);
    expect(cursor.error?.message).toMatch(/^Invalid cursor: /);
  });

  it('answers any body, query input or superjson metadata without a 5xx or library text', async () => {
    await fc.assert(
      fc.asyncProperty(call, async (raw) => {
        const answer = await send(app, token, raw);
        expect(answer.status, answer.text).toBeLessThan(500);
        expect(answer.text).not.toMatch(LIBRARY_TEXT);
        for (const error of answer.errors) expectReadableByPeople(error);
      }),
      { numRuns: 300 },
    );
  }, 120_000);
});
