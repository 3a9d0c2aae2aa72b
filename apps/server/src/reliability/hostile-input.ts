// What the fuzz tests throw at the API: random and hostile procedure inputs, raw request bodies,
// content types, paths and tokens, plus the check every answer must pass.
import fc from 'fast-check';
import superjson from 'superjson';

import { appRouter } from '@tasklane/api';

import { trpcErrorOf } from '../testing/trpc-http';

export interface Procedure {
  path: string;
  kind: 'query' | 'mutation';
}

/** Every procedure of the router, read from the router itself so a new one is fuzzed too. */
export function allProcedures(): Procedure[] {
  const procedures: Record<string, unknown> = appRouter._def.procedures;
  return Object.entries(procedures).flatMap(([path, procedure]) => {
    const def: unknown =
      typeof procedure === 'function' || typeof procedure === 'object'
        ? (procedure as { _def?: unknown })._def
        : undefined;
    const type = typeof def === 'object' && def !== null && 'type' in def ? def.type : undefined;
    return type === 'query' || type === 'mutation' ? [{ path, kind: type }] : [];
  });
}

export interface RawRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

export interface RawAnswer {
  status: number;
  body: string;
}

/** Strings that have broken servers: NULs, lone surrogates, SQL and LIKE syntax, huge ones. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\ud800',
    '\udfff\ud800',
    "'; drop table tasks; --",
    '%_\\\'"',
    '../../etc/passwd',
    '\u202etxt.exe',
    '🙂'.repeat(50),
    'null',
    'undefined',
    '__proto__',
    'constructor',
  ),
  fc.integer({ min: 200, max: 70_000 }).map((length) => 'x'.repeat(length)),
);

const hostileNumber: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -1, 2 ** 31, 2 ** 53, Number.MAX_VALUE, Number.NaN, Infinity, -Infinity),
  fc.bigInt(),
);

/**
 * A nested object or array deep enough to trouble a recursive validator. Kept under 1,000 levels
 * because superjson's serializer (the test's side) is quadratic in depth; deeper raw JSON bodies,
 * up to the body limit, are among `malformedBody`.
 */
export const deepValue: fc.Arbitrary<unknown> = fc
  .record({ depth: fc.integer({ min: 20, max: 1000 }), array: fc.boolean() })
  .map(({ depth, array }) => {
    let value: unknown = 'bottom';
    for (let i = 0; i < depth; i += 1) value = array ? [value] : { a: value };
    return value;
  });

const fieldValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  hostileNumber,
  fc.constantFrom(null, undefined, true, false, {}, [], new Date(Number.NaN)),
  fc.date({ noInvalidDate: false }),
  fc.array(hostileString, { maxLength: 30 }),
  fc.uuid(),
  deepValue,
);

/** Inputs shaped like the real ones (known field names) with wrong or hostile values. */
const nearlyValidInput: fc.Arbitrary<unknown> = fc.record(
  {
    id: fieldValue,
    version: fieldValue,
    title: fieldValue,
    description: fieldValue,
    priority: fc.oneof(fc.constantFrom('low', 'medium', 'high', 'urgent'), fieldValue),
    dueAt: fieldValue,
    tags: fieldValue,
    completed: fieldValue,
    status: fieldValue,
    search: fieldValue,
    tag: fieldValue,
    due: fieldValue,
    sort: fieldValue,
    order: fieldValue,
    limit: fieldValue,
    cursor: fieldValue,
    timeZone: fieldValue,
    email: fieldValue,
    password: fieldValue,
    name: fieldValue,
    tokenDelivery: fieldValue,
    refreshToken: fieldValue,
    sessionId: fieldValue,
    currentPassword: fieldValue,
    newPassword: fieldValue,
    userId: fieldValue,
  },
  { requiredKeys: [] },
);

export const hostileInput: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({
    maxDepth: 4,
    withBigInt: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withNullPrototype: true,
    withSparseArray: true,
    withTypedArray: true,
    stringUnit: 'binary',
  }),
  nearlyValidInput,
  deepValue,
  hostileString,
  fc.constant(undefined),
);

/** No header, a given header value, or a fresh valid token of a stranger (the attacker). */
export type Authorization =
  { kind: 'none' } | { kind: 'header'; value: string } | { kind: 'attacker' };

/**
 * Authorization headers: none, random, truncated or tampered tokens of the victim (never the
 * victim's real token), oversized ones, other schemes, or the attacker's own valid token.
 */
export function authorizationHeader(victimToken: string): fc.Arbitrary<Authorization> {
  const printable = fc
    .string({ unit: 'binary-ascii', maxLength: 200 })
    .map((text) => text.replace(/[^\x20-\x7e]/g, 'x'));
  const header = fc.oneof(
    printable.map((text) => `Bearer ${text}`),
    printable,
    fc
      .integer({ min: 1, max: victimToken.length - 1 })
      .map((n) => `Bearer ${victimToken.slice(0, n)}`),
    fc
      .record({
        at: fc.nat({ max: victimToken.length - 1 }),
        char: fc.constantFrom('A', 'b', '0', '_', '-'),
      })
      .filter(({ at, char }) => victimToken[at] !== char)
      .map(
        ({ at, char }) => `Bearer ${victimToken.slice(0, at)}${char}${victimToken.slice(at + 1)}`,
      ),
    fc.constantFrom(
      'Bearer',
      'Bearer ',
      `bearer ${victimToken.slice(0, -1)}`,
      `Basic ${Buffer.from('a:b').toString('base64')}`,
      `Bearer ${'a'.repeat(9000)}`,
      `Bearer ${victimToken.split('.').slice(0, 2).join('.')}.`,
      `Bearer eyJhbGciOiJub25lIn0.${victimToken.split('.')[1] ?? ''}.`,
    ),
  );
  return fc.oneof(
    fc.constant<Authorization>({ kind: 'none' }),
    // Most calls carry a valid token, so validation and the handlers are reached, not only auth.
    { arbitrary: fc.constant<Authorization>({ kind: 'attacker' }), weight: 6 },
    { arbitrary: header.map((value): Authorization => ({ kind: 'header', value })), weight: 6 },
  );
}

const malformedBody: fc.Arbitrary<string | Buffer> = fc.oneof(
  fc.constantFrom(
    '',
    '{',
    '{"json":',
    'null',
    '[]',
    '[1,2,3]',
    '"string"',
    '{"json":{"title":"x"}',
    '{"json":{"title":"a\\u0000b"}}',
    '{"json":{"title":"\\ud800"}}',
    '{"0":{"json":null}}',
    '{"json":{"title":"x"},"meta":{"values":{"__proto__.polluted":["Date"]}}}',
    '{"json":{"__proto__":{"polluted":"yes"},"title":"x"}}',
    '{"json":{"constructor":{"prototype":{"polluted":"yes"}},"title":"x"}}',
    '{"json":{"title":"x"},"meta":{"values":{"constructor.prototype.polluted":["undefined"]}}}',
    '{"json":{"title":"x"},"meta":{"values":{"title":["custom","nope"]}}}',
    '{"json":{"title":"x"},"meta":{"values":[["map"]]}}',
    '{"json":{"a":{}},"meta":{"referentialEqualities":{"a":["a.a","a.a.a"]}}}',
    '{"json":{"dueAt":"not a date","title":"x"},"meta":{"values":{"dueAt":["Date"]}}}',
    '{"json":{"version":"1e400","title":"x"},"meta":{"values":{"version":["bigint"]}}}',
    `{"json":${'['.repeat(30_000)}${']'.repeat(30_000)}}`,
    `{"json":{"title":"${'x'.repeat(70_000)}"}}`,
  ),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
  fc
    .record({ json: hostileInput, meta: fc.anything({ maxDepth: 3 }) })
    .map((envelope) =>
      JSON.stringify(envelope, (_key, value: unknown) =>
        typeof value === 'bigint' ? String(value) : value,
      ),
    ),
  hostileInput.map((input) => JSON.stringify(superjson.serialize(input))),
  fc
    .uint8Array({ minLength: 1, maxLength: 64 })
    .map((bytes) =>
      Buffer.concat([Buffer.from('{"json":{"title":"'), Buffer.from(bytes), Buffer.from('"}}')]),
    ),
);

const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'APPLICATION/JSON',
  'text/plain',
  'text/html',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'multipart/form-data',
  'application/octet-stream',
  'application/xml',
  'application/superjson',
  '*/*',
  'garbage',
);

/** Raw HTTP requests at /api/trpc: odd methods, paths, batches, query strings and bodies. */
export function hostileRequest(
  procedures: readonly Procedure[],
  victimToken: string,
): fc.Arbitrary<{ request: RawRequest; authorization: Authorization }> {
  const paths = procedures.map((procedure) => procedure.path);
  const path = fc.oneof(
    fc.constantFrom(...paths),
    fc
      .array(fc.constantFrom(...paths), { minLength: 2, maxLength: 30 })
      .map((list) => list.join(',')),
    fc.constantFrom(
      'nope',
      'auth',
      'tasks.',
      '.',
      '%E0%A4%A',
      '..%2F..%2Fetc',
      'tasks.list%00',
      'a'.repeat(6000),
    ),
  );
  const query = fc.oneof(
    fc.constant(''),
    fc.constant('?batch=1'),
    fc.constant('?input=%ZZ'),
    fc.constant('?batch=1&input=%7B%7D'),
    hostileInput.map(
      (input) => `?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`,
    ),
    fc.string({ maxLength: 100 }).map((text) => `?input=${encodeURIComponent(text)}`),
    fc.string({ maxLength: 100 }).map((text) => `?batch=1&input=${encodeURIComponent(text)}`),
  );
  return fc
    .record({
      method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'),
      path,
      query,
      contentType: fc.option(
        fc.oneof({ arbitrary: fc.constant('application/json'), weight: 3 }, contentType),
      ),
      body: fc.option(malformedBody),
      authorization: authorizationHeader(victimToken),
    })
    .map(({ method, path: target, query: search, contentType: type, body, authorization }) => {
      const headers: Record<string, string> = {};
      if (type !== null) headers['content-type'] = type;
      const request: RawRequest = { method, url: `/api/trpc/${target}${search}`, headers };
      if (body !== null && method !== 'GET') request.body = body;
      return { request, authorization };
    });
}

// Internals (paths, stacks, SQL) and the words of parsers and libraries (JSON.parse, superjson,
// V8's TypeErrors): a client only ever reads messages we wrote.
const LEAKS =
  /node_modules|\/work\/|\n\s+at\s|\.ts:\d+|\bERROR:|SQLSTATE|superjson|github\.com|destructure|JSON input|Unexpected token|not valid JSON|TypeError|SyntaxError|Cannot read prop|is not allowed as a property|deserialize/;

/** Why an answer breaks the rules (a 5xx, an untyped error, a leak), or undefined if it is fine. */
export function answerProblem(answer: RawAnswer): string | undefined {
  if (answer.status >= 500) return `answered ${answer.status}`;
  if (answer.status < 400 && answer.status !== 207) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(answer.body);
  } catch {
    return `a ${answer.status} whose body is not JSON`;
  }
  const items: unknown[] = Array.isArray(body) ? body : [body];
  for (const item of items) {
    const isResult = typeof item === 'object' && item !== null && 'result' in item;
    if (isResult) continue;
    const error = trpcErrorOf(item);
    if (error === undefined) return `a ${answer.status} without a typed tRPC error`;
    if (LEAKS.test(error.message)) return `a message that leaks internals: ${error.message}`;
  }
  return undefined;
}
