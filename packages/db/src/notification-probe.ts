// Proves at start that a NOTIFY sent through the query pool reaches a LISTEN connection. Behind a
// transaction-mode pooler without a direct connection it does not, and revocations would then
// reach other instances only when their caches expire: better to refuse to start.
import { randomUUID } from 'node:crypto';

import { sql } from 'kysely';

import type { TasklaneDatabase } from './create-database';

export async function notificationsArrive(
  database: TasklaneDatabase,
  timeoutMs = 3000,
): Promise<boolean> {
  const channel = `tasklane_probe_${randomUUID().replaceAll('-', '')}`;
  const nonce = randomUUID();
  let resolveArrived: (arrived: boolean) => void = () => undefined;
  const arrived = new Promise<boolean>((resolve) => {
    resolveArrived = resolve;
  });
  const stop = await database.listen(channel, (payload) => {
    if (payload === nonce) resolveArrived(true);
  });
  const timer = setTimeout(() => {
    resolveArrived(false);
  }, timeoutMs);
  try {
    await sql`select pg_notify(${channel}, ${nonce})`.execute(database.db);
    return await arrived;
  } finally {
    clearTimeout(timer);
    await stop();
  }
}
