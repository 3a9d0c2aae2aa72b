// The bench's own PostgreSQL databases: created fresh for a run and dropped afterwards. It never
// touches any other database's contents.
import pg from 'pg';

export const BENCH_DATABASE_PREFIX = 'tasklane_bench';

export function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function assertBenchName(name: string): void {
  // A guard against ever dropping someone else's database through a bad argument.
  if (!/^tasklane_bench(_[a-z0-9]+)?$/.test(name)) {
    throw new Error(`refusing to manage database "${name}": not a bench database`);
  }
}

async function withAdmin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function recreateDatabase(adminUrl: string, name: string): Promise<string> {
  assertBenchName(name);
  await withAdmin(adminUrl, async (client) => {
    await client.query(`drop database if exists ${name} with (force)`);
    await client.query(`create database ${name}`);
  });
  return databaseUrl(adminUrl, name);
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  assertBenchName(name);
  await withAdmin(adminUrl, async (client) => {
    await client.query(`drop database if exists ${name} with (force)`);
  });
}
