// The production topology on real parts: three built server instances behind HAProxy, on one
// PostgreSQL reached through PgBouncer in transaction mode (LISTEN and migrations on a direct
// connection). Every request here goes through the proxy or straight at one named instance.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestPostgres, testDatabaseUrl, type TestDatabase } from '@tasklane/db/testing';
import {
  fetchTrpc,
  freePort,
  reportFigures,
  signIn,
  signUp,
  subscribeToTaskChanges,
  type TaskStreamClient,
  type TrpcAnswer,
} from '@tasklane/server/testing';

import {
  down,
  proxyUrl,
  restartInstance,
  restartPgbouncer,
  startInstance,
  up,
  type TopologyConfig,
  type TopologyState,
} from './topology';

const baseUrl = testDatabaseUrl();
const title = 'three instances behind HAProxy on PgBouncer';
const INSTANCES = 3;

const QUERIES = /^(auth\.(me|sessions)|tasks\.(list|get|stats))$/;

/** Each test signs in from an address of its own, so their rate-limit counters stay apart. */
const fromAddress = (last: number) => ({ 'x-forwarded-for': `198.51.100.${last}` });

if (baseUrl === undefined) {
  describe.skip(`${title} (skipped: TEST_DATABASE_URL is not set)`, () => {
    it('needs PostgreSQL', () => undefined);
  });
} else {
  describe(title, () => {
    let database: TestDatabase;
    let state: TopologyState;
    let config: TopologyConfig;
    let proxy: string;
    let requests = 0;
    let fiveHundreds = 0;

    const instanceUrl = (index: number) =>
      `http://127.0.0.1:${String(config.instancePorts[index])}`;
    const everyInstance = () => config.instancePorts.map((_port, index) => instanceUrl(index));

    async function call(
      url: string,
      path: string,
      options: { token?: string; input?: unknown; headers?: Record<string, string> } = {},
    ): Promise<TrpcAnswer> {
      requests += 1;
      const kind = QUERIES.test(path) ? 'query' : 'mutation';
      const answer = await fetchTrpc(url, { path, kind, ...options }, 15_000);
      if (answer.status >= 500) fiveHundreds += 1;
      return answer;
    }

    const me = async (url: string, token: string) => (await call(url, 'auth.me', { token })).status;

    beforeAll(async () => {
      database = await createTestPostgres(baseUrl);
      const url = new URL(database.url ?? baseUrl);
      const ports = await Promise.all(Array.from({ length: INSTANCES + 2 }, () => freePort()));
      const [proxyPort = 0, pgbouncerPort = 0, ...instancePorts] = ports;
      config = {
        runDir: mkdtempSync(join(tmpdir(), 'tasklane-topology-')),
        instancePorts,
        proxyPort,
        pgbouncerPort,
        postgres: {
          host: url.hostname,
          port: Number(url.port || '5432'),
          user: decodeURIComponent(url.username || 'postgres'),
          database: url.pathname.slice(1),
        },
        authSecret: randomBytes(48).toString('base64url'),
        directConnection: true,
      };
      state = await up(config);
      proxy = proxyUrl(config);
    }, 120_000);

    afterAll(async () => {
      await down(state);
      reportFigures(title, { instances: INSTANCES, requestsTried: requests, fiveHundreds });
      await database.destroy();
      rmSync(config.runDir, { recursive: true, force: true });
      expect(fiveHundreds).toBe(0);
    }, 60_000);

    it('refuses to start an instance whose LISTEN would go through the pooler', async () => {
      const pooledOnly: TopologyConfig = {
        ...config,
        directConnection: false,
        instancePorts: [await freePort()],
      };
      await expect(startInstance(pooledOnly, 0)).rejects.toThrow(/set DATABASE_DIRECT_URL/);
    });

    it('signs in on one instance and refreshes and reads on the others', async () => {
      const headers = fromAddress(1);
      const account = await signUp(instanceUrl(0), 'hops', headers);
      let refreshToken = account.refreshToken;
      for (const url of [instanceUrl(1), instanceUrl(2), proxy, proxy, proxy, instanceUrl(0)]) {
        const refreshed = await call(url, 'auth.refresh', {
          input: { refreshToken, tokenDelivery: 'body' },
          headers,
        });
        expect(refreshed.status).toBe(200);
        const session = refreshed.data as { accessToken: string; refreshToken: string };
        refreshToken = session.refreshToken;
        for (const other of [...everyInstance(), proxy]) {
          expect(await me(other, session.accessToken)).toBe(200);
        }
      }
    });

    it('honours a sign-out on every instance at once, with the pooler in between', async () => {
      const headers = fromAddress(2);
      const account = await signUp(proxy, 'sign-out', headers);
      const phone = (await signIn(proxy, account, headers)).accessToken;
      // Every instance has both sessions in its cache before the sign-out.
      for (const url of everyInstance()) {
        expect(await me(url, account.accessToken)).toBe(200);
        expect(await me(url, phone)).toBe(200);
      }
      expect(
        (await call(instanceUrl(1), 'auth.signOut', { token: account.accessToken })).status,
      ).toBe(200);
      for (const url of everyInstance()) {
        expect(await me(url, account.accessToken), `${url} accepted a revoked token`).toBe(401);
        expect(await me(url, phone)).toBe(200);
      }
    });

    it('holds the sign-in limit across instances', async () => {
      const headers = fromAddress(3);
      const account = await signUp(proxy, 'limit', headers);
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 8; attempt += 1) {
        const answer = await call(instanceUrl(attempt % INSTANCES), 'auth.signIn', {
          input: { email: account.email, password: `wrong-${attempt}`, tokenDelivery: 'body' },
          headers,
        });
        statuses.push(answer.status);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    });

    it('admits exactly one of many racing updates with one version, across instances', async () => {
      const account = await signUp(proxy, 'versions', fromAddress(4));
      const token = account.accessToken;
      const created = await call(proxy, 'tasks.create', { token, input: { title: 'contended' } });
      const task = created.data as { id: string; version: number };
      const answers = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          call(i % 4 === 3 ? proxy : instanceUrl(i % INSTANCES), 'tasks.update', {
            token,
            input: { id: task.id, version: task.version, title: `writer ${i}` },
          }),
        ),
      );
      expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
      expect(answers.filter((answer) => answer.errorCode === 'CONFLICT')).toHaveLength(11);
    });

    it('brings a change made on one instance to streams held by another and by the proxy', async () => {
      const account = await signUp(proxy, 'live', fromAddress(6));
      const streams: TaskStreamClient[] = [instanceUrl(2), proxy].map((baseUrl) =>
        subscribeToTaskChanges({ baseUrl, accessToken: () => account.accessToken }),
      );
      try {
        // A new stream opens with `reset` once it is listening; only then can it miss nothing.
        for (const stream of streams) await stream.until((events) => events.length >= 1);
        const created = await call(instanceUrl(0), 'tasks.create', {
          token: account.accessToken,
          input: { title: 'made on app1' },
        });
        expect(created.status).toBe(200);
        const { id } = created.data as { id: string };
        for (const stream of streams) {
          await stream.until((events) =>
            events.some(({ event }) => event.type === 'upsert' && event.task.id === id),
          );
          for (const url of stream.urls) expect(url).not.toContain(account.accessToken);
        }
      } finally {
        for (const stream of streams) stream.close();
      }
    });

    it('restarts every instance one by one under steady writes, losing and failing nothing', async () => {
      const account = await signUp(proxy, 'rolling', fromAddress(5));
      const acknowledged: string[] = [];
      const failures: string[] = [];
      let writing = true;
      const writer = async () => {
        while (writing) {
          const id = randomUUID();
          const answer = await call(proxy, 'tasks.create', {
            token: account.accessToken,
            input: { id, title: `write ${acknowledged.length}` },
          }).catch((error: unknown) => ({ status: 0, text: String(error) }));
          if (answer.status === 200) acknowledged.push(id);
          else failures.push(`${answer.status}: ${answer.text.slice(0, 200)}`);
        }
      };
      const writers = [writer(), writer()];
      const pidsBefore = [...state.instances];
      for (const index of config.instancePorts.keys()) await restartInstance(state, index);
      writing = false;
      await Promise.all(writers);

      expect(failures).toEqual([]);
      expect(state.instances.every((pid, index) => pid !== pidsBefore[index])).toBe(true);
      const stored = await database.db
        .selectFrom('tasks')
        .select('id')
        .where('user_id', '=', account.userId)
        .execute();
      const storedIds = new Set(stored.map((row) => row.id));
      expect(acknowledged.filter((id) => !storedIds.has(id))).toEqual([]);
      reportFigures('rolling restart', {
        instancesRestarted: INSTANCES,
        writesAcknowledged: acknowledged.length,
        writesLost: acknowledged.filter((id) => !storedIds.has(id)).length,
        requestsFailed: failures.length,
      });
      expect(acknowledged.length).toBeGreaterThan(INSTANCES);
    }, 120_000);

    it('recovers from a PgBouncer restart without restarting the instances', async () => {
      const account = await signUp(proxy, 'pooler', fromAddress(6));
      const pids = [...state.instances];
      await restartPgbouncer(state);
      // Each instance's pool finds its connections cut and opens new ones on the next request;
      // requests meanwhile may be refused with 503, never answered wrongly.
      const deadline = Date.now() + 20_000;
      let recovered = false;
      while (!recovered && Date.now() < deadline) {
        // Straight fetches, not `call`: the 503s of the outage are expected here.
        const statuses = await Promise.all(
          everyInstance().map(async (url) => {
            const path = 'auth.me';
            const answer = await fetchTrpc(url, {
              path,
              kind: 'query',
              token: account.accessToken,
            });
            return answer.status;
          }),
        );
        for (const status of statuses) expect([200, 503]).toContain(status);
        recovered = statuses.every((status) => status === 200);
      }
      expect(recovered).toBe(true);
      expect(state.instances).toEqual(pids);
      const created = await call(proxy, 'tasks.create', {
        token: account.accessToken,
        input: { title: 'after the pooler came back' },
      });
      expect(created.status).toBe(200);
    }, 60_000);
  });
}
