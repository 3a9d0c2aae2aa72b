// One API key per seeded user (tasks:read and tasks:write), written straight through SQL with
// its SHA-256 hash, as apiKeys.create stores it; the secrets go to the load process.
import { createHash, randomBytes } from 'node:crypto';

import pg from 'pg';

import type { SeededUser } from './seed';

export async function seedApiKeys(url: string, users: readonly SeededUser[]): Promise<string[]> {
  const secrets = users.map(() => `tlk_${randomBytes(32).toString('base64url')}`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `insert into api_keys (user_id, name, scopes, prefix, key_hash)
       select u, 'bench', array['tasks:read', 'tasks:write'], p, decode(h, 'hex')
       from unnest($1::uuid[], $2::text[], $3::text[]) as t(u, p, h)`,
      [
        users.map((user) => user.id),
        secrets.map((secret) => secret.slice(0, 12)),
        secrets.map((secret) => createHash('sha256').update(secret).digest('hex')),
      ],
    );
  } finally {
    await client.end();
  }
  return secrets;
}
