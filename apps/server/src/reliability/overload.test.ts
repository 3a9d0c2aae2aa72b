// A burst of sign-ins (argon2 is deliberately expensive) against a real server process: the excess
// is refused at once with 429/503 instead of queueing without bound, task reads and auth.me keep
// being answered meanwhile, nothing answers 500, and sign-in works again after the burst.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { spawnServer, type SpawnedServer } from '../testing/spawn-server';
import { tryFetchTrpc } from '../testing/trpc-http';
import { serverDatabaseTargets, type ServerDatabase } from './server-databases';
import { reportFigures, signUp, type TestAccount } from '../testing/test-accounts';

const BURST = 64;
const READERS = 2;

// One database is enough here: PostgreSQL when it is available (requests really run in
// parallel there), else the embedded one.
const targets = serverDatabaseTargets().filter((candidate) => candidate.skipReason === undefined);
const target = targets.find((candidate) => candidate.name === 'postgres') ?? targets[0];

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

describe(`overload: a sign-in burst [${target?.name ?? 'none'}]`, () => {
  let database: ServerDatabase;
  let server: SpawnedServer;
  let reader: TestAccount;
  let signer: TestAccount;

  beforeAll(async () => {
    if (target === undefined) throw new Error('no database target');
    database = await target.create();
    // Each sign-in of the burst comes from its own address (through the trusted proxy, this
    // test), so the per-address rate limit does not hide the hashing limit.
    server = await spawnServer({ env: { ...database.env, TRUST_PROXY: '127.0.0.1' } });
    reader = await signUp(server.url, 'reader', { 'x-forwarded-for': '203.0.113.1' });
    signer = await signUp(server.url, 'signer', { 'x-forwarded-for': '203.0.113.2' });
    for (let i = 0; i < 10; i += 1) {
      const created = await tryFetchTrpc(server.url, {
        path: 'tasks.create',
        kind: 'mutation',
        input: { title: `read me ${i}` },
        token: reader.accessToken,
      });
      expect(created.status).toBe(200);
    }
  }, 90_000);

  afterAll(async () => {
    await server.stop('SIGTERM');
    await database.destroy();
  });

  it('refuses the excess quickly, keeps answering reads, and never answers 500', async () => {
    let bursting = true;
    const reads: { status: number | 'no-answer'; ms: number }[] = [];
    const healthMs: number[] = [];

    const readLoop = async (): Promise<void> => {
      // Bounded: the burst ends long before this many rounds.
      for (let round = 0; bursting && round < 2000; round += 1) {
        for (const path of ['tasks.list', 'auth.me'] as const) {
          const started = Date.now();
          const answer = await tryFetchTrpc(
            server.url,
            {
              path,
              kind: 'query',
              ...(path === 'tasks.list' ? { input: { limit: 10 } } : {}),
              token: reader.accessToken,
            },
            10_000,
          );
          reads.push({ status: answer.status, ms: Date.now() - started });
        }
        const started = Date.now();
        await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(10_000) });
        healthMs.push(Date.now() - started);
      }
    };

    const signIns = async () => {
      const results = await Promise.all(
        Array.from({ length: BURST }, async (_, i) => {
          const started = Date.now();
          const answer = await tryFetchTrpc(
            server.url,
            {
              path: 'auth.signIn',
              kind: 'mutation',
              input: { email: signer.email, password: signer.password, tokenDelivery: 'body' },
              headers: { 'x-forwarded-for': `198.18.${Math.floor(i / 250)}.${(i % 250) + 1}` },
            },
            30_000,
          );
          return { answer, ms: Date.now() - started };
        }),
      );
      bursting = false;
      return results;
    };

    const readers = Array.from({ length: READERS }, readLoop);
    const burst = await signIns();
    await Promise.all(readers);

    const accepted = burst.filter(({ answer }) => answer.status === 200);
    const refused = burst.filter(({ answer }) => answer.status === 429 || answer.status === 503);
    const fiveHundreds = burst.filter(
      ({ answer }) =>
        typeof answer.status === 'number' && answer.status >= 500 && answer.status !== 503,
    );
    const readFailures = reads.filter((read) => read.status !== 200);

    // After the burst, sign-in works again.
    const after = await tryFetchTrpc(server.url, {
      path: 'auth.signIn',
      kind: 'mutation',
      input: { email: signer.email, password: signer.password, tokenDelivery: 'body' },
      headers: { 'x-forwarded-for': '198.19.0.1' },
    });

    reportFigures(`overload, sign-in burst [${target?.name ?? 'none'}]`, {
      requestsTried: BURST + reads.length + healthMs.length,
      signIns: BURST,
      signInsAccepted: accepted.length,
      signInsRefused429or503: refused.length,
      fiveHundreds: fiveHundreds.length,
      reads: reads.length,
      readFailures: readFailures.length,
      acceptedSignInP50Ms: percentile(
        accepted.map(({ ms }) => ms),
        50,
      ),
      refusedSignInP50Ms: percentile(
        refused.map(({ ms }) => ms),
        50,
      ),
      readP50Ms: percentile(
        reads.map(({ ms }) => ms),
        50,
      ),
      readMaxMs: Math.max(0, ...reads.map(({ ms }) => ms)),
      healthzMaxMs: Math.max(0, ...healthMs),
    });

    expect(accepted.length + refused.length).toBe(BURST);
    expect(fiveHundreds).toEqual([]);
    // Bounded hashing: on PostgreSQL the burst reaches the hasher at once and, being far larger
    // than its queue, is partly refused. The embedded database runs one query at a time, which
    // already spaces the sign-ins out, so there the queue may never fill.
    if (target?.name === 'postgres') expect(refused.length).toBeGreaterThan(0);
    for (const { answer } of refused) {
      if (answer.status === 'no-answer') continue;
      expect(['TOO_MANY_REQUESTS', 'SERVICE_UNAVAILABLE']).toContain(answer.errorCode);
      expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
    }
    expect(reads.length).toBeGreaterThan(0);
    expect(readFailures).toEqual([]);
    expect(after.status).toBe(200);
  }, 120_000);
});
