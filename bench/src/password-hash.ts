// The one argon2id hash every seeded user shares. Preferably the server's own (made by
// auth.signUp, so it carries exactly the server's parameters and no sign-in rehashes it);
// otherwise hashed here with OWASP's minimum parameters.
import { hash } from '@node-rs/argon2';
import pg from 'pg';

import { mutationPath } from './trpc-http';

/** Strong enough for any common-password check; only ever used on bench databases. */
export const BENCH_PASSWORD = 'Tasklane-bench-3c9f7e21-correct-horse!';
const SOURCE_EMAIL = 'bench-hash-source@example.com';

export interface PasswordHash {
  hash: string;
  source: string;
}

export async function obtainPasswordHash(
  origin: string,
  databaseUrl: string,
): Promise<PasswordHash> {
  const response = await fetch(`${origin}${mutationPath('auth.signUp')}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      json: {
        email: SOURCE_EMAIL,
        password: BENCH_PASSWORD,
        name: 'Bench hash source',
        tokenDelivery: 'body',
      },
    }),
  });
  const body = await response.text();
  if (response.ok) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ password_hash: string }>(
        'delete from users where email = $1 returning password_hash',
        [SOURCE_EMAIL],
      );
      const stored = rows[0]?.password_hash;
      if (stored !== undefined) return { hash: stored, source: "the server's own (auth.signUp)" };
    } finally {
      await client.end();
    }
  }
  return {
    hash: await hash(BENCH_PASSWORD, { memoryCost: 19456, timeCost: 2, parallelism: 1 }),
    source: `hashed by the bench, m=19456,t=2,p=1 (auth.signUp answered HTTP ${response.status}: ${body.slice(0, 80)})`,
  };
}
