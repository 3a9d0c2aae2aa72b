// Seeds a migrated Tasklane database straight through SQL (`insert ... select generate_series`),
// so 100,000 or 1,000,000 tasks take seconds rather than the minutes the API would need.
import pg from 'pg';

export interface SeedOptions {
  users: number;
  tasksPerUser: number;
  /** One real argon2id hash of the bench password, shared by every user. */
  passwordHash: string;
}

export interface SeededUser {
  id: string;
  email: string;
  /** A live session (not revoked, expires in 30 days) for the user's access tokens. */
  sessionId: string;
}

export interface SeedResult {
  users: SeededUser[];
  tasks: number;
  seconds: number;
}

export function benchEmail(index: number): string {
  return `bench-${String(index).padStart(6, '0')}@example.com`;
}

export async function seedDatabase(url: string, options: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `insert into users (email, name, password_hash, created_at)
       select 'bench-' || lpad(g::text, 6, '0') || '@example.com', 'Bench User ' || g, $1,
              now() - interval '60 days'
       from generate_series(1, $2::int) as g`,
      [options.passwordHash, options.users],
    );
    await client.query(
      `insert into sessions (user_id, expires_at, user_agent)
       select id, now() + interval '30 days', 'tasklane-bench' from users`,
    );
    // Building the secondary indexes once after the insert is several times faster than
    // maintaining them row by row; their definitions are read back, so they come back exactly.
    const { rows: indexes } = await client.query<{ name: string; definition: string }>(
      `select indexname as name, indexdef as definition from pg_indexes
       where schemaname = current_schema() and tablename = 'tasks'
         and indexname not in (select conname from pg_constraint where conrelid = 'tasks'::regclass)`,
    );
    for (const index of indexes) await client.query(`drop index ${quoteIdentifier(index.name)}`);
    // A realistic mix: some descriptions, priorities, due dates, tags and completed tasks.
    // Timestamps are distinct per user so the keyset order is stable.
    await client.query(
      `insert into tasks (user_id, title, description, priority, due_at, tags, completed_at, created_at)
       select u.id,
              'Task ' || n || ' for ' || u.name,
              case when n % 3 = 0 then 'Notes for task ' || n || ': remember the details.' else '' end,
              (array['low', 'medium', 'high'])[1 + n % 3],
              case when n % 4 = 0 then now() + (n - 50) * interval '1 day' end,
              case n % 5 when 0 then array['work'] when 1 then array['home', 'errand'] else '{}'::text[] end,
              case when n % 7 = 0 then now() - interval '1 hour' end,
              now() - interval '30 days' + n * interval '1 minute'
       from users as u cross join generate_series(1, $1::int) as n`,
      [options.tasksPerUser],
    );
    await client.query(`set maintenance_work_mem = '256MB'`);
    for (const index of indexes) await client.query(index.definition);
    await client.query('vacuum analyze users');
    await client.query('vacuum analyze sessions');
    await client.query('vacuum analyze tasks');

    const { rows } = await client.query<{ id: string; email: string; session_id: string }>(
      `select u.id, u.email, s.id as session_id
       from users as u join sessions as s on s.user_id = u.id
       order by u.email`,
    );
    const count = await client.query<{ n: string }>('select count(*)::text as n from tasks');
    return {
      users: rows.map((row) => ({ id: row.id, email: row.email, sessionId: row.session_id })),
      tasks: Number(count.rows[0]?.n ?? 0),
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await client.end();
  }
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
