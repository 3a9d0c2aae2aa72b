// The embedded database survives its process being killed (SIGKILL, no shutdown at all) in the
// middle of a stream of writes: on restart every create that had been acknowledged is there.
import { randomUUID } from 'node:crypto';

import { afterAll, expect, it } from 'vitest';

import { spawnServer, type SpawnedServer } from '../testing/spawn-server';
import { tryFetchTrpc } from '../testing/trpc-http';
import { createEmbeddedServerDatabase } from './server-databases';
import { reportFigures, signUp, type TestAccount } from '../testing/test-accounts';

const database = createEmbeddedServerDatabase();
afterAll(async () => {
  await database.destroy();
});

const ROUNDS = 3;
const WRITERS = 4;

/** Streams creates until the server stops answering; returns the ids it acknowledged. */
async function writeUntilKilled(
  server: SpawnedServer,
  account: TestAccount,
  killAfterAcks: number,
): Promise<{ acknowledged: string[]; tried: number; killed: boolean }> {
  const acknowledged: string[] = [];
  let tried = 0;
  let killed = false;
  const writer = async (): Promise<void> => {
    // Bounded: a healthy server is killed long before this many writes.
    for (let i = 0; i < 2000; i += 1) {
      const id = randomUUID();
      tried += 1;
      const answer = await tryFetchTrpc(server.url, {
        path: 'tasks.create',
        kind: 'mutation',
        input: { id, title: `crash ${i}`, tags: ['crash'] },
        token: account.accessToken,
      });
      if (answer.status !== 200) return;
      acknowledged.push(id);
      if (!killed && acknowledged.length >= killAfterAcks) {
        killed = true;
        server.process.kill('SIGKILL');
      }
    }
  };
  await Promise.all(Array.from({ length: WRITERS }, writer));
  return { acknowledged, tried, killed };
}

it('keeps every acknowledged write when the server is killed with SIGKILL mid-write', async () => {
  const acknowledged = new Set<string>();
  let tried = 0;
  let kills = 0;
  let account: TestAccount | undefined;

  for (let round = 0; round < ROUNDS; round += 1) {
    // Starting again after a kill runs PostgreSQL's crash recovery on the data folder.
    const server = await spawnServer({ env: database.env });
    try {
      account ??= await signUp(server.url, 'crash');
      const result = await writeUntilKilled(server, account, 30 + Math.floor(Math.random() * 60));
      for (const id of result.acknowledged) acknowledged.add(id);
      tried += result.tried;
      if (result.killed) kills += 1;
      expect(await server.stop('SIGKILL')).toBe(null);
    } finally {
      await server.stop('SIGKILL');
    }
  }
  expect(kills).toBe(ROUNDS);

  // One more start proves the folder still opens and serves; then read it directly.
  const restarted = await spawnServer({ env: database.env });
  const userId = account?.userId ?? '';
  try {
    const ready = await fetch(`${restarted.url}/readyz`);
    expect(ready.status).toBe(200);
  } finally {
    expect(await restarted.stop('SIGTERM')).toBe(0);
  }
  const present = new Set(
    (
      await database.read((db) =>
        db.selectFrom('tasks').select('id').where('user_id', '=', userId).execute(),
      )
    ).map((row) => row.id),
  );
  const lost = [...acknowledged].filter((id) => !present.has(id));
  reportFigures('embedded database crash safety', {
    rounds: ROUNDS,
    requestsTried: tried,
    faultsInjected: kills,
    acknowledged: acknowledged.size,
    present: present.size,
    committedButUnacknowledged: present.size - (acknowledged.size - lost.length),
    writesLost: lost.length,
  });
  expect(lost).toEqual([]);
}, 180_000);
