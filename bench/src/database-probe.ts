// Watches the PostgreSQL side of a measurement: the CPU time of the backends serving the bench
// databases (read from /proc, PostgreSQL runs on this machine) and their committed transactions.
import pg from 'pg';

import { cpuTimeMs } from './proc-stats';

export interface DatabaseProbe {
  /** Total CPU ms of every backend connected to the bench databases right now, by pid. */
  backendCpu(): Promise<Map<number, number>>;
  /** Committed transactions of one database, as PostgreSQL's statistics report them. */
  transactions(database: string): Promise<number>;
  serverVersion(): Promise<string>;
  close(): Promise<void>;
}

export async function openDatabaseProbe(
  adminUrl: string,
  databases: string[],
): Promise<DatabaseProbe> {
  // Connected to the admin database, so the probe's own queries never count against a bench one.
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  return {
    async backendCpu() {
      const { rows } = await client.query<{ pid: number }>(
        'select pid from pg_stat_activity where datname = any($1::text[])',
        [databases],
      );
      const cpu = new Map<number, number>();
      for (const { pid } of rows) {
        const ms = cpuTimeMs([pid]);
        if (ms !== null) cpu.set(pid, ms);
      }
      return cpu;
    },
    async transactions(database) {
      const { rows } = await client.query<{ n: string }>(
        'select xact_commit::text as n from pg_stat_database where datname = $1',
        [database],
      );
      return Number(rows[0]?.n ?? 0);
    },
    async serverVersion() {
      const { rows } = await client.query<{ server_version: string }>('show server_version');
      return `PostgreSQL ${rows[0]?.server_version ?? '?'}`;
    },
    close: () => client.end(),
  };
}

/** CPU spent between two readings by backends alive at the second (new ones count from zero). */
export function backendCpuDelta(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}
