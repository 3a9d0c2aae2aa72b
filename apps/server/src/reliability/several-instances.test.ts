// Two server processes on one PostgreSQL database behave as one service: a revocation on one is
// honoured by the other on the very next request (even with both caching live sessions), rate
// limits count attempts on both, and optimistic concurrency admits exactly one of many racing
// updates whichever instance each reaches.
import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { testDatabaseUrl } from '@tasklane/db/testing';

import { spawnServer, type SpawnedServer } from '../testing/spawn-server';
import { fetchTrpc, type TrpcAnswer } from '../testing/trpc-http';
import { createPostgresServerDatabase, type ServerDatabase } from './server-databases';
import { reportFigures, signIn, signUp } from '../testing/test-accounts';

const baseUrl = testDatabaseUrl();
const title = 'several instances on one PostgreSQL';

/** Each test signs in from an address of its own, so their rate-limit counters stay apart. */
function fromAddress(last: number): Record<string, string> {
  return { 'x-forwarded-for': `198.51.100.${last}` };
}

if (baseUrl === undefined) {
  describe.skip(`${title} (skipped: TEST_DATABASE_URL is not set)`, () => {
    it('needs PostgreSQL', () => undefined);
  });
} else {
  describe(title, () => {
    let database: ServerDatabase;
    let a: SpawnedServer;
    let b: SpawnedServer;
    let requests = 0;
    let fiveHundreds = 0;

    async function call(
      server: SpawnedServer,
      path: string,
      options: { token?: string; input?: unknown; headers?: Record<string, string> } = {},
    ): Promise<TrpcAnswer> {
      const kind = /^(auth\.(me|sessions)|tasks\.(list|get|stats))$/.test(path)
        ? 'query'
        : 'mutation';
      requests += 1;
      const answer = await fetchTrpc(server.url, { path, kind, ...options }, 15_000);
      if (answer.status >= 500) fiveHundreds += 1;
      return answer;
    }

    const me = async (server: SpawnedServer, token: string) =>
      (await call(server, 'auth.me', { token })).status;

    /** A revoked token must be refused by this instance on the very next request. */
    const expectRefused = async (server: SpawnedServer, token: string) => {
      const status = await me(server, token);
      const logs = `instance logs:\n${a.output().slice(-3000)}\n---\n${b.output().slice(-3000)}`;
      expect(status, `${server === a ? 'A' : 'B'} accepted a revoked token; ${logs}`).toBe(401);
    };

    beforeAll(async () => {
      database = await createPostgresServerDatabase(baseUrl);
      // The proxy in front of both instances is this test (127.0.0.1).
      const env = { ...database.env, TRUST_PROXY: '127.0.0.1' };
      [a, b] = await Promise.all([spawnServer({ env }), spawnServer({ env })]);
    }, 90_000);

    afterAll(async () => {
      const codes = await Promise.all([a.stop('SIGTERM'), b.stop('SIGTERM')]);
      reportFigures(title, {
        instances: 2,
        requestsTried: requests,
        faultsInjected: 0,
        fiveHundreds,
        exitCodes: codes.join(','),
        writesLost: 0,
      });
      await database.destroy();
      expect(fiveHundreds).toBe(0);
    });

    it('revokes a session on every instance at once, while both cache live sessions', async () => {
      const headers = fromAddress(1);
      const account = await signUp(a.url, 'revoke', headers);
      const laptop = account.accessToken;
      const phone = (await signIn(b.url, account, headers)).accessToken;
      const tablet = (await signIn(a.url, account, headers)).accessToken;
      // Warm both instances' session caches with every token.
      for (const token of [laptop, phone, tablet]) {
        for (const server of [a, b, a, b]) expect(await me(server, token)).toBe(200);
      }

      // signOut on A: the laptop's token is refused by B on the very next request.
      expect((await call(a, 'auth.signOut', { token: laptop })).status).toBe(200);
      await expectRefused(b, laptop);
      await expectRefused(a, laptop);
      expect(await me(b, phone)).toBe(200);

      // revokeSession on B, of the tablet's session: A refuses the tablet at once.
      const sessions = await call(b, 'auth.sessions', { token: tablet });
      const tabletSession = (sessions.data as { id: string; current: boolean }[]).find(
        (session) => session.current,
      );
      expect(tabletSession).toBeDefined();
      const revoked = await call(b, 'auth.revokeSession', {
        token: phone,
        input: { sessionId: tabletSession?.id },
      });
      expect(revoked.status).toBe(200);
      await expectRefused(a, tablet);
      await expectRefused(b, tablet);

      // signOutEverywhere on A ends the phone's session on B too.
      const watch = (await signIn(b.url, account, headers)).accessToken;
      for (const server of [a, b]) expect(await me(server, watch)).toBe(200);
      expect((await call(a, 'auth.signOutEverywhere', { token: phone })).status).toBe(200);
      for (const token of [phone, watch]) {
        await expectRefused(b, token);
        await expectRefused(a, token);
      }

      // changePassword on B signs the other sessions out on A.
      const desk = (await signIn(a.url, account, headers)).accessToken;
      const couch = (await signIn(b.url, account, headers)).accessToken;
      for (const server of [a, b]) expect(await me(server, desk)).toBe(200);
      const changed = await call(b, 'auth.changePassword', {
        token: couch,
        input: { currentPassword: account.password, newPassword: `${account.password}-new` },
      });
      expect(changed.status).toBe(200);
      await expectRefused(a, desk);
      expect(await me(a, couch)).toBe(200);
    }, 60_000);

    it('counts sign-in failures on both instances against one limit', async () => {
      const headers = fromAddress(2);
      const account = await signUp(b.url, 'limit', headers);
      const statuses: number[] = [];
      const retryAfter: (string | undefined)[] = [];
      for (let attempt = 0; attempt < 8; attempt += 1) {
        const answer = await call(attempt % 2 === 0 ? a : b, 'auth.signIn', {
          input: { email: account.email, password: `wrong-${attempt}`, tokenDelivery: 'body' },
          headers,
        });
        statuses.push(answer.status);
        if (answer.status === 429) retryAfter.push(answer.headers['retry-after']);
      }
      // Five failures per account and address, wherever they land; then refused everywhere.
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
      for (const value of retryAfter) expect(Number(value)).toBeGreaterThan(0);
      // While locked, even the right password is refused, on either instance.
      for (const server of [a, b]) {
        const right = await call(server, 'auth.signIn', {
          input: { email: account.email, password: account.password, tokenDelivery: 'body' },
          headers,
        });
        expect(right.status).toBe(429);
      }
    }, 60_000);

    it('lets exactly one of 20 racing updates with one version win, across both instances', async () => {
      const account = await signUp(a.url, 'versions', fromAddress(3));
      const token = account.accessToken;
      const created = await call(a, 'tasks.create', { token, input: { title: 'contended' } });
      expect(created.status).toBe(200);
      const task = created.data as { id: string; version: number };

      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          call(i % 2 === 0 ? a : b, 'tasks.update', {
            token,
            input: { id: task.id, version: task.version, title: `writer ${i}` },
          }),
        ),
      );
      const winners = answers.filter((answer) => answer.status === 200);
      const conflicts = answers.filter((answer) => answer.errorCode === 'CONFLICT');
      expect(winners).toHaveLength(1);
      expect(conflicts).toHaveLength(19);

      const final = await call(b, 'tasks.get', { token, input: { id: task.id } });
      const winner = winners[0]?.data as { title: string; version: number };
      expect(final.data).toMatchObject({ title: winner.title, version: task.version + 1 });

      // The same client id created on both instances at once: one row, the same task.
      const id = randomUUID();
      const creates = await Promise.all(
        [a, b, a, b].map((server) =>
          call(server, 'tasks.create', { token, input: { id, title: 'retried' } }),
        ),
      );
      for (const answer of creates) {
        expect(answer.status).toBe(200);
        expect(answer.data).toMatchObject({ id, title: 'retried', version: 1 });
      }
      const rows = await database.read((db) =>
        db.selectFrom('tasks').select('id').where('id', '=', id).execute(),
      );
      expect(rows).toHaveLength(1);
    }, 60_000);
  });
}
