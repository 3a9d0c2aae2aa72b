// SIGTERM/SIGINT on a real server process: work in flight finishes and is acknowledged, new work
// is refused with 503 + Connection: close, the process exits 0, and no task is committed without
// its create having been acknowledged (nor acknowledged without being committed).
import { randomUUID } from 'node:crypto';

import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { spawnServer, type SpawnedServer } from '../testing/spawn-server';
import { connectionRefused, openRawConnection, rawRequest } from '../testing/raw-http';
import { tryFetchTrpc } from '../testing/trpc-http';
import { serverDatabaseTargets, type ServerDatabase } from './server-databases';
import { reportFigures, signUp, type TestAccount } from '../testing/test-accounts';

async function waitUntil(condition: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return false;
}

function createRequest(account: TestAccount, id: string) {
  return rawRequest({
    method: 'POST',
    path: '/api/trpc/tasks.create',
    headers: { authorization: `Bearer ${account.accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(superjson.serialize({ id, title: `task ${id}` })),
  });
}

async function taskIdsOf(database: ServerDatabase, userId: string): Promise<Set<string>> {
  const rows = await database.read((db) =>
    db.selectFrom('tasks').select('id').where('user_id', '=', userId).execute(),
  );
  return new Set(rows.map((row) => row.id));
}

for (const target of serverDatabaseTargets()) {
  const title = `graceful shutdown [${target.name}]`;
  if (target.skipReason !== undefined) {
    describe.skip(`${title} (skipped: ${target.skipReason})`, () => {
      it('needs its database', () => undefined);
    });
    continue;
  }

  describe(title, () => {
    let database: ServerDatabase;
    beforeAll(async () => {
      database = await target.create();
    });
    afterAll(async () => {
      await database.destroy();
    });

    async function start(env: Record<string, string> = {}): Promise<SpawnedServer> {
      return spawnServer({ env: { ...database.env, SHUTDOWN_GRACE_MS: '10000', ...env } });
    }

    it('finishes the request in flight, refuses a new one with 503 + Connection: close, exits 0', async () => {
      const server = await start();
      let exitCode: number | null = null;
      try {
        const account = await signUp(server.url, 'drain');
        const inFlightId = randomUUID();
        const lateId = randomUUID();

        // In flight: headers and half the body are sent, so the handler is waiting for the rest.
        const inFlight = createRequest(account, inFlightId);
        const first = await openRawConnection(server.port);
        await first.write(inFlight.head + inFlight.body.slice(0, 10));
        // A second connection that has begun a request line is busy, not idle, so closing the
        // server does not drop it; the rest of its request arrives after the signal.
        const late = createRequest(account, lateId);
        const second = await openRawConnection(server.port);
        await second.write(late.head.slice(0, 12));
        await new Promise((resolve) => setTimeout(resolve, 200));

        const exited = server.stop('SIGTERM');
        expect(await waitUntil(() => connectionRefused(server.port), 5000)).toBe(true);

        await second.write(late.head.slice(12) + late.body);
        const [refused, ...extra] = await second.responsesUntilClosed(5000);
        expect(extra).toEqual([]);
        expect(refused?.status).toBe(503);
        expect(refused?.headers.connection).toBe('close');

        await first.write(inFlight.body.slice(10));
        const [finished] = await first.responsesUntilClosed(5000);
        expect(finished?.status).toBe(200);
        expect(finished?.headers.connection).toBe('close');
        expect(finished?.body).toContain(inFlightId);

        exitCode = await exited;
        expect(exitCode).toBe(0);
        const committed = await taskIdsOf(database, account.userId);
        expect(committed.has(inFlightId)).toBe(true);
        expect(committed.has(lateId)).toBe(false);
        reportFigures(`graceful shutdown, one in flight [${target.name}]`, {
          requestsTried: 2,
          faultsInjected: 1,
          acknowledged: 1,
          refused503: 1,
          writesLost: 0,
          exitCode: String(exitCode),
        });
      } finally {
        if (exitCode === null) await server.stop('SIGKILL');
      }
    }, 60_000);

    it('never commits a create it did not acknowledge, under concurrent creates at SIGTERM', async () => {
      const server = await start();
      let exitCode: number | null = null;
      try {
        const account = await signUp(server.url, 'storm');
        const workers = 8;
        const perWorker = 40;
        const acknowledged = new Set<string>();
        const outcomes = { tried: 0, acknowledged: 0, refused: 0, noAnswer: 0, other5xx: 0 };
        let inFlight = 0;
        let inFlightAtSignal = -1;
        let signalled = false;

        const worker = async (): Promise<void> => {
          let failuresInARow = 0;
          for (let i = 0; i < perWorker && failuresInARow < 3; i += 1) {
            const id = randomUUID();
            outcomes.tried += 1;
            inFlight += 1;
            const answer = await tryFetchTrpc(server.url, {
              path: 'tasks.create',
              kind: 'mutation',
              input: { id, title: `storm ${i}` },
              token: account.accessToken,
            });
            inFlight -= 1;
            if (answer.status === 200) {
              acknowledged.add(id);
              outcomes.acknowledged += 1;
              failuresInARow = 0;
            } else {
              failuresInARow += 1;
              if (answer.status === 'no-answer') outcomes.noAnswer += 1;
              else if (answer.status === 503) outcomes.refused += 1;
              else outcomes.other5xx += 1;
            }
          }
        };
        const signal = (async () => {
          // Once the storm is under way, with creates in flight, ask the server to stop.
          await waitUntil(() => Promise.resolve(outcomes.acknowledged >= 20), 20_000);
          inFlightAtSignal = inFlight;
          signalled = true;
          return server.stop('SIGTERM');
        })();
        await Promise.all(Array.from({ length: workers }, worker));
        exitCode = await signal;
        expect(signalled).toBe(true);
        expect(exitCode).toBe(0);

        const committed = await taskIdsOf(database, account.userId);
        const lost = [...acknowledged].filter((id) => !committed.has(id));
        const committedUnacknowledged = [...committed].filter((id) => !acknowledged.has(id));
        reportFigures(`graceful shutdown, concurrent creates [${target.name}]`, {
          requestsTried: outcomes.tried,
          faultsInjected: 1,
          inFlightAtSignal,
          acknowledged: outcomes.acknowledged,
          refused503: outcomes.refused,
          noAnswer: outcomes.noAnswer,
          otherErrors: outcomes.other5xx,
          committed: committed.size,
          writesLost: lost.length,
          committedButUnacknowledged: committedUnacknowledged.length,
        });
        expect(outcomes.other5xx).toBe(0);
        expect(lost).toEqual([]);
        expect(committedUnacknowledged).toEqual([]);
      } finally {
        if (exitCode === null) await server.stop('SIGKILL');
      }
    }, 90_000);

    it('cuts requests still in flight when the grace period ends, and exits 1', async () => {
      const server = await start({ SHUTDOWN_GRACE_MS: '1000' });
      let exitCode: number | null = null;
      try {
        const account = await signUp(server.url, 'stuck');
        const stuckId = randomUUID();
        const stuck = createRequest(account, stuckId);
        const connection = await openRawConnection(server.port);
        // The body never completes: this request would hold the shutdown forever.
        await connection.write(stuck.head + stuck.body.slice(0, 10));
        await new Promise((resolve) => setTimeout(resolve, 200));

        exitCode = await server.stop('SIGTERM');
        expect(exitCode).toBe(1);
        expect(await connection.responsesUntilClosed(5000)).toEqual([]);
        expect((await taskIdsOf(database, account.userId)).has(stuckId)).toBe(false);
        reportFigures(`graceful shutdown, grace period elapsed [${target.name}]`, {
          requestsTried: 1,
          faultsInjected: 1,
          cut: 1,
          writesLost: 0,
          exitCode: String(exitCode),
        });
      } finally {
        if (exitCode === null) await server.stop('SIGKILL');
      }
    }, 60_000);
  });
}
