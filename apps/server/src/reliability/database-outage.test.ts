// A real server process on a throwaway PostgreSQL cluster that the test crashes, stops and
// restarts, and whose connections it kills: every request answers within 5 s (503 while the
// database is away, never a 500 or a protected success), the process stays up, /readyz tells the
// truth, and everything works again, without a restart, once the database is back.
import { randomUUID } from 'node:crypto';
import { createServer, type Socket } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createDatabase } from '@tasklane/db';

import { spawnServer, type SpawnedServer } from '../testing/spawn-server';
import { buildTestApp } from '../testing/test-app';
import { startTempPostgres, type TempPostgres } from '../testing/temp-postgres';
import { tryFetchTrpc, type TrpcAnswer, type TrpcCall } from '../testing/trpc-http';
import { reportFigures, signUp, type TestAccount } from '../testing/test-accounts';

/** The bound the issue sets on every answer during an outage. */
const ANSWER_WITHIN_MS = 5000;

let cluster: TempPostgres;
let server: SpawnedServer;
let account: TestAccount;

beforeAll(async () => {
  cluster = await startTempPostgres();
  server = await spawnServer({ env: { DATABASE_URL: cluster.url } });
  account = await signUp(server.url, 'outage');
}, 90_000);

afterAll(async () => {
  await server.stop('SIGKILL');
  await cluster.destroy();
});

type Outcome = TrpcAnswer | { status: 'no-answer'; reason: string };

/** A mix of what clients do: reads and writes, protected and public. */
function mixedCalls(): TrpcCall[] {
  const token = account.accessToken;
  return [
    { path: 'auth.me', kind: 'query', token },
    { path: 'tasks.list', kind: 'query', input: {}, token },
    { path: 'tasks.stats', kind: 'query', input: {}, token },
    { path: 'tasks.create', kind: 'mutation', input: { id: randomUUID(), title: 'mix' }, token },
    { path: 'auth.sessions', kind: 'query', token },
    {
      path: 'auth.signIn',
      kind: 'mutation',
      input: { email: account.email, password: 'not the password', tokenDelivery: 'body' },
    },
  ];
}

async function createTask(title: string): Promise<string> {
  const id = randomUUID();
  const answer = await tryFetchTrpc(server.url, {
    path: 'tasks.create',
    kind: 'mutation',
    input: { id, title },
    token: account.accessToken,
  });
  expect(answer.status).toBe(200);
  return id;
}

async function taskExists(id: string): Promise<boolean> {
  const answer = await tryFetchTrpc(server.url, {
    path: 'tasks.get',
    kind: 'query',
    input: { id },
    token: account.accessToken,
  });
  return answer.status === 200;
}

async function readiness(): Promise<number> {
  const response = await fetch(`${server.url}/readyz`, {
    signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
  });
  return response.status;
}

/** Polls until the API answers a protected read again; bounded. */
async function waitForRecovery(timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const answer = await tryFetchTrpc(server.url, {
      path: 'auth.me',
      kind: 'query',
      token: account.accessToken,
    });
    if (answer.status === 200) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the API did not recover within ${timeoutMs} ms`);
}

function tally(outcomes: Outcome[]) {
  const byStatus = new Map<string, number>();
  for (const outcome of outcomes) {
    const key = String(outcome.status);
    byStatus.set(key, (byStatus.get(key) ?? 0) + 1);
  }
  const count = (status: string) => byStatus.get(status) ?? 0;
  const fiveHundreds = outcomes.filter(
    (outcome) => typeof outcome.status === 'number' && outcome.status >= 500,
  ).length;
  return { byStatus, count, fiveHundreds };
}

describe('database outage', () => {
  it('survives connections killed with pg_terminate_backend, answering 200 or 503, never 500', async () => {
    const before = await createTask('before the killings');
    const outcomes: Outcome[] = [];
    let terminations = 0;
    let terminatedBackends = 0;

    for (let round = 0; round < 6; round += 1) {
      const calls = [...mixedCalls(), ...mixedCalls()];
      const requests = Promise.all(
        calls.map(async (call) => ({
          call,
          outcome: await tryFetchTrpc(server.url, call, ANSWER_WITHIN_MS),
        })),
      );
      // Kill every connection while the requests are running.
      terminatedBackends += await cluster.terminateConnections();
      terminations += 1;
      for (const { call, outcome } of await requests) {
        outcomes.push(outcome);
        expect(outcome.status, JSON.stringify(outcome)).not.toBe('no-answer');
        if (outcome.status === 503) expect(outcome.errorCode).toBe('SERVICE_UNAVAILABLE');
        // Protected calls succeed or are unavailable: never a 401 that would sign someone out.
        // The wrong sign-in is refused (401), rate limited (429) or unavailable.
        const allowed = call.path === 'auth.signIn' ? [401, 429, 503] : [200, 503];
        expect(allowed, `${call.path}: ${JSON.stringify(outcome)}`).toContain(outcome.status);
      }
    }

    const { count, fiveHundreds } = tally(outcomes);
    const recoveredAfterMs = await waitForRecovery(10_000);
    expect(await taskExists(before)).toBe(true);
    expect(server.process.exitCode).toBeNull();
    reportFigures('database outage, connections killed', {
      requestsTried: outcomes.length,
      faultsInjected: terminations,
      backendsTerminated: terminatedBackends,
      ok200: count('200'),
      unavailable503: count('503'),
      fiveHundredsOtherThan503: fiveHundreds - count('503'),
      recoveredAfterMs,
      writesLost: 0,
    });
    expect(fiveHundreds - count('503')).toBe(0);
  }, 90_000);

  it('answers 503 within 5 s while PostgreSQL is down, reports not ready, stays up, recovers', async () => {
    const acknowledged = [await createTask('before the crash'), await createTask('also before')];
    const pid = server.process.pid;

    // Crash the database while requests are in flight.
    const inFlight = Promise.all(
      [...mixedCalls(), ...mixedCalls()].map(async (call) => ({
        call,
        outcome: await tryFetchTrpc(server.url, call, ANSWER_WITHIN_MS),
      })),
    );
    await cluster.stop('immediate');
    const duringCrash = await inFlight;

    // While it is down: every call is a 503 SERVICE_UNAVAILABLE with Retry-After.
    const duringOutage: Outcome[] = [];
    for (let round = 0; round < 5; round += 1) {
      duringOutage.push(
        ...(await Promise.all(
          mixedCalls().map((call) => tryFetchTrpc(server.url, call, ANSWER_WITHIN_MS)),
        )),
      );
    }
    const readyWhileDown = await readiness();
    const healthWhileDown = await fetch(`${server.url}/healthz`);

    // A call answered before the stop gets its usual answer. For the wrong sign-in that is 401, or
    // 429 once the wrong sign-ins of the test above reached the per-account-and-address limit
    // (how many of those got 401 rather than 503 depends on when the connections died).
    for (const { call, outcome } of duringCrash) {
      expect(outcome.status, JSON.stringify(outcome)).not.toBe('no-answer');
      const allowed = call.path === 'auth.signIn' ? [401, 429, 503] : [200, 503];
      expect(allowed, `${call.path}: ${JSON.stringify(outcome)}`).toContain(outcome.status);
    }
    for (const outcome of duringOutage) {
      expect(outcome.status, JSON.stringify(outcome)).toBe(503);
      if (outcome.status !== 503) continue;
      expect(outcome.errorCode).toBe('SERVICE_UNAVAILABLE');
      expect(outcome.errorMessage).toMatch(/temporarily unavailable/);
      expect(outcome.headers['retry-after']).toBe('2');
    }
    expect(readyWhileDown).toBe(503);
    expect(healthWhileDown.status).toBe(200);
    // Operators see the outage in the logs (once per few seconds, with a count).
    expect(server.output()).toContain('database unavailable; answering 503');
    expect(server.process.exitCode).toBeNull();

    // Back up (crash recovery runs): the same process serves again, nothing acknowledged is lost.
    await cluster.start();
    const recoveredAfterMs = await waitForRecovery(15_000);
    expect(await readiness()).toBe(200);
    const lost = [];
    for (const id of acknowledged) if (!(await taskExists(id))) lost.push(id);
    const after = await createTask('after the crash');
    expect(await taskExists(after)).toBe(true);
    expect(server.process.pid).toBe(pid);
    expect(server.process.exitCode).toBeNull();

    const during = tally([...duringCrash.map(({ outcome }) => outcome), ...duringOutage]);
    reportFigures('database outage, PostgreSQL stopped (immediate)', {
      requestsTried: duringCrash.length + duringOutage.length,
      faultsInjected: 1,
      ok200BeforeTheStop: during.count('200'),
      unavailable503: during.count('503'),
      otherFiveHundreds: during.fiveHundreds - during.count('503'),
      readyzWhileDown: readyWhileDown,
      recoveredAfterMs,
      writesLost: lost.length,
    });
    expect(lost).toEqual([]);
  }, 90_000);

  it('answers 503 within 5 s when the database accepts connections but never replies', async () => {
    // A black hole: the TCP handshake succeeds, then silence (a hung host, a stuck proxy).
    const held: Socket[] = [];
    const blackHole = createServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
    const address = blackHole.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const database = createDatabase({ url: `postgres://postgres@127.0.0.1:${port}/tasklane` });
    const app = await buildTestApp(database);
    try {
      // A token this app accepts, so the session check has to ask the database.
      const { token: accessToken } = await app.apiServices.tokens.issue({
        userId: randomUUID(),
        sessionId: randomUUID(),
      });
      const within = <T>(work: Promise<T>) =>
        Promise.race([
          work,
          new Promise<'too slow'>((resolve) => setTimeout(resolve, ANSWER_WITHIN_MS, 'too slow')),
        ]);
      const [ready, me] = await Promise.all([
        within(app.inject('/readyz')),
        within(
          app.inject({
            url: '/api/trpc/tasks.list?input=%7B%22json%22%3A%7B%7D%7D',
            headers: { authorization: `Bearer ${accessToken}` },
          }),
        ),
      ]);
      expect(ready).not.toBe('too slow');
      expect(me).not.toBe('too slow');
      if (ready === 'too slow' || me === 'too slow') return;
      expect(ready.statusCode).toBe(503);
      expect(me.statusCode).toBe(503);
      expect(me.json()).toMatchObject({
        error: { json: { data: { code: 'SERVICE_UNAVAILABLE' } } },
      });
      reportFigures('database outage, black-holed connections', {
        requestsTried: 2,
        faultsInjected: 1,
        readyz: ready.statusCode,
        protectedCall: me.statusCode,
        writesLost: 0,
      });
    } finally {
      await app.close();
      await database.destroy();
      for (const socket of held) socket.destroy();
      blackHole.close();
    }
  }, 30_000);
});
