// Property-based fuzzing of every procedure over HTTP: random and hostile inputs, bodies, content
// types, paths, batches and tokens. Every answer is a success or a typed 4xx (never a 500, never
// a hang, nothing internal in it); another person's account and tasks never change; no prototype
// is polluted; and the server still answers afterwards. `inject` runs the bulk (same routing,
// parsing, hooks and handlers as a socket); a smaller run goes over a real socket.
import type { FastifyInstance, InjectOptions } from 'fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { signedInTestUser, type SignedInTestUser } from '@tasklane/api/testing';
import type { Database, Kysely } from '@tasklane/db';
import { createTestPglite, describeEachDatabase } from '@tasklane/db/testing';

import { buildTestApp } from '../testing/test-app';
import { trpcRequest } from '../testing/trpc-http';
import {
  allProcedures,
  answerProblem,
  authorizationHeader,
  type Authorization,
  hostileInput,
  hostileRequest,
  type Procedure,
  type RawAnswer,
  type RawRequest,
} from './hostile-input';
import { reportFigures } from '../testing/test-accounts';

const INJECT_RUNS = 300;
const SOCKET_RUNS = 60;
/** Each property stops early (successfully) after this long, to bound CI time on slow machines. */
const PROPERTY_TIME_LIMIT_MS = 25_000;
const ANSWER_WITHIN_MS = 5000;

const procedures = allProcedures();

type Send = (request: RawRequest) => Promise<RawAnswer>;

function injectSender(app: FastifyInstance): Send {
  return async (request) => {
    const response = await app.inject({
      method: request.method as InjectOptions['method'],
      url: request.url,
      headers: request.headers,
      ...(request.body === undefined ? {} : { payload: request.body }),
    });
    return { status: response.statusCode, body: response.body };
  };
}

function socketSender(baseUrl: string): Send {
  return async (request) => {
    const response = await fetch(`${baseUrl}${request.url}`, {
      method: request.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body }),
      signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
    });
    return { status: response.status, body: await response.text() };
  };
}

/** A hang is a failure too: every answer must come within the bound. */
async function answerOf(send: Send, request: RawRequest): Promise<RawAnswer> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<RawAnswer>((resolve) => {
    timer = setTimeout(resolve, ANSWER_WITHIN_MS, { status: 599, body: 'no answer in time' });
  });
  try {
    return await Promise.race([send(request), hang]);
  } finally {
    clearTimeout(timer);
  }
}

interface Figures {
  requests: number;
  success: number;
  clientErrors: number;
  fiveHundreds: number;
  byCode: Map<string, number>;
}

function newFigures(): Figures {
  return { requests: 0, success: 0, clientErrors: 0, fiveHundreds: 0, byCode: new Map() };
}

function count(figures: Figures, answer: RawAnswer): void {
  figures.requests += 1;
  if (answer.status >= 500) figures.fiveHundreds += 1;
  else if (answer.status >= 400) figures.clientErrors += 1;
  else figures.success += 1;
  const code = /"code":"([A-Z_]+)"/.exec(answer.body)?.[1] ?? String(answer.status);
  figures.byCode.set(code, (figures.byCode.get(code) ?? 0) + 1);
}

function print(test: string, figures: Figures, extra: Record<string, number> = {}): void {
  const top = [...figures.byCode.entries()]
    .sort((x, y) => y[1] - x[1])
    .slice(0, 8)
    .map(([code, n]) => `${code}:${n}`)
    .join(',');
  reportFigures(test, {
    requestsTried: figures.requests,
    faultsInjected: figures.requests,
    success2xx: figures.success,
    typed4xx: figures.clientErrors,
    fiveHundreds: figures.fiveHundreds,
    answers: top,
    ...extra,
  });
}

/** Everything that belongs to one person, as stored. */
async function stateOf(db: Kysely<Database>, userId: string): Promise<string> {
  const [user, sessions, tasks] = await Promise.all([
    db.selectFrom('users').selectAll().where('id', '=', userId).execute(),
    db.selectFrom('sessions').selectAll().where('user_id', '=', userId).orderBy('id').execute(),
    db.selectFrom('tasks').selectAll().where('user_id', '=', userId).orderBy('id').execute(),
  ]);
  return JSON.stringify({ user, sessions, tasks });
}

/** A procedure call with a random input, or undefined when superjson cannot encode the input. */
function procedureRequest(procedure: Procedure, input: unknown): RawRequest | undefined {
  try {
    const request = trpcRequest({ path: procedure.path, kind: procedure.kind, input });
    return { ...request, headers: { ...request.headers } };
  } catch {
    return undefined;
  }
}

interface FuzzTarget {
  send: Send;
  /**
   * Over a socket, Node refuses a request line and headers over 16 KiB (431) before any routing,
   * so nobody, tRPC included, can answer it in tRPC's shape; those requests are not sent there.
   */
  maxHeadLength: number;
  victim: SignedInTestUser;
  /** A new signed-in stranger per call: their token is valid, their data is not the victim's. */
  attackerAuthorization(): Promise<string>;
}

/** Bytes of the request line and headers, roughly: what Node's 16 KiB limit counts. */
function headLength(request: RawRequest): number {
  const headers = Object.entries(request.headers).map(
    ([name, value]) => name.length + value.length,
  );
  return request.url.length + headers.reduce((sum, length) => sum + length + 4, 0);
}

async function withAuthorization(
  target: FuzzTarget,
  request: RawRequest,
  authorization: Authorization,
): Promise<RawRequest> {
  if (authorization.kind === 'none') return request;
  const value =
    authorization.kind === 'attacker' ? await target.attackerAuthorization() : authorization.value;
  return { ...request, headers: { ...request.headers, authorization: value } };
}

async function fuzzProcedures(target: FuzzTarget, runs: number): Promise<Figures> {
  const figures = newFigures();
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...procedures),
      hostileInput,
      authorizationHeader(target.victim.accessToken),
      async (procedure, input, authorization) => {
        const base = procedureRequest(procedure, input);
        fc.pre(base !== undefined);
        const request = await withAuthorization(target, base, authorization);
        fc.pre(headLength(request) <= target.maxHeadLength);
        const answer = await answerOf(target.send, request);
        count(figures, answer);
        const shown = `${procedure.path} answered ${answer.body.slice(0, 500)}`;
        expect(answerProblem(answer), shown).toBeUndefined();
      },
    ),
    { numRuns: runs, plugins: [fc.interruptAfterTimeLimit(PROPERTY_TIME_LIMIT_MS)] },
  );
  return figures;
}

async function fuzzRawRequests(target: FuzzTarget, runs: number): Promise<Figures> {
  const figures = newFigures();
  await fc.assert(
    fc.asyncProperty(
      hostileRequest(procedures, target.victim.accessToken),
      async ({ request: base, authorization }) => {
        const request = await withAuthorization(target, base, authorization);
        fc.pre(headLength(request) <= target.maxHeadLength);
        const answer = await answerOf(target.send, request);
        count(figures, answer);
        const headers = JSON.stringify(request.headers).slice(0, 300);
        const shown = `${request.method} ${request.url.slice(0, 200)} ${headers}`;
        expect(
          answerProblem(answer),
          `${shown} answered ${answer.body.slice(0, 500)}`,
        ).toBeUndefined();
      },
    ),
    { numRuns: runs, plugins: [fc.interruptAfterTimeLimit(PROPERTY_TIME_LIMIT_MS)] },
  );
  return figures;
}

/** The victim's tasks, some of them completed, created through the API like anyone's. */
async function seedVictim(send: Send, victim: SignedInTestUser): Promise<void> {
  const authorization = `Bearer ${victim.accessToken}`;
  for (const [index, title] of ['groceries', 'taxes', 'call mum'].entries()) {
    const create = trpcRequest({
      path: 'tasks.create',
      kind: 'mutation',
      input: { title, tags: ['home'], dueAt: new Date(Date.UTC(2030, 0, index + 1)) },
    });
    const created = await send({ ...create, headers: { ...create.headers, authorization } });
    expect(created.status).toBe(200);
  }
}

const prototypeKeysBefore = Object.getOwnPropertyNames(Object.prototype).sort();

function expectNoPollution(): void {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeysBefore);
  expect(Object.getOwnPropertyNames(Array.prototype)).not.toContain('polluted');
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

async function expectStillAnswers(send: Send, victim: SignedInTestUser): Promise<void> {
  const list = trpcRequest({ path: 'tasks.list', kind: 'query', input: {} });
  const answer = await answerOf(send, {
    ...list,
    headers: { ...list.headers, authorization: `Bearer ${victim.accessToken}` },
  });
  expect(answer.status).toBe(200);
  expect(answer.body).toContain('groceries');
}

describeEachDatabase('fuzzed input over HTTP', (database, target) => {
  let app: FastifyInstance;
  let fuzz: FuzzTarget;
  let victimBefore: string;

  beforeAll(async () => {
    app = await buildTestApp(database());
    const send = injectSender(app);
    const victim = await signedInTestUser(app.apiServices, { name: 'Victim' });
    await seedVictim(send, victim);
    victimBefore = await stateOf(database().db, victim.userId);
    fuzz = {
      send,
      maxHeadLength: Number.POSITIVE_INFINITY,
      victim,
      attackerAuthorization: async () =>
        `Bearer ${(await signedInTestUser(app.apiServices)).accessToken}`,
    };
  });

  afterAll(async () => {
    await app.close();
  });

  it('answers random and hostile inputs to every procedure with a success or a typed 4xx', async () => {
    const figures = await fuzzProcedures(fuzz, INJECT_RUNS);
    print(`fuzz, procedure inputs via inject [${target.name}]`, figures, {
      procedures: procedures.length,
    });
    expect(figures.fiveHundreds).toBe(0);
  }, 60_000);

  it('answers hostile raw requests (bodies, content types, paths, batches, tokens) the same way', async () => {
    const figures = await fuzzRawRequests(fuzz, INJECT_RUNS);
    print(`fuzz, raw requests via inject [${target.name}]`, figures);
    expect(figures.fiveHundreds).toBe(0);
  }, 60_000);

  it("changed nothing of the victim's, polluted no prototype, and still answers", async () => {
    expect(await stateOf(database().db, fuzz.victim.userId)).toBe(victimBefore);
    expectNoPollution();
    await expectStillAnswers(fuzz.send, fuzz.victim);
    reportFigures(`fuzz, aftermath [${target.name}]`, { victimChanges: 0, writesLost: 0 });
  });
});

it('holds over a real socket too (a smaller run)', async () => {
  const database = await createTestPglite();
  const app = await buildTestApp(database);
  try {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const send = socketSender(`http://127.0.0.1:${port}`);
    const victim = await signedInTestUser(app.apiServices, { name: 'Victim' });
    await seedVictim(send, victim);
    const before = await stateOf(database.db, victim.userId);
    const target: FuzzTarget = {
      send,
      maxHeadLength: 12 * 1024,
      victim,
      attackerAuthorization: async () =>
        `Bearer ${(await signedInTestUser(app.apiServices)).accessToken}`,
    };
    const inputs = await fuzzProcedures(target, SOCKET_RUNS);
    const raw = await fuzzRawRequests(target, SOCKET_RUNS);
    print('fuzz, procedure inputs over a socket [pglite]', inputs);
    print('fuzz, raw requests over a socket [pglite]', raw);
    expect(await stateOf(database.db, victim.userId)).toBe(before);
    await expectStillAnswers(send, victim);
  } finally {
    await app.close();
    await database.destroy();
  }
}, 90_000);
