// Shared by the jobs and mail tests: waiting for job states and reading the jobs table.
import { vi } from 'vitest';

import type { Database, JobRow, Kysely } from '@tasklane/db';

import type { Logger } from '../logger';

export async function jobRow(db: Kysely<Database>, id: string): Promise<JobRow> {
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** Waits (bounded) until every job of `kind` is done or failed. */
export async function waitForJobsSettled(db: Kysely<Database>, kind: string): Promise<void> {
  await vi.waitFor(
    async () => {
      const open = await db
        .selectFrom('jobs')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('kind', '=', kind)
        .where('state', 'in', ['pending', 'running'])
        .executeTakeFirstOrThrow();
      if (open.count > 0) throw new Error(`${open.count} jobs of ${kind} still open`);
    },
    { timeout: 20_000, interval: 50 },
  );
}

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  fields: Record<string, unknown>;
  message: string;
}

export function recordingLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  return {
    lines,
    info: (fields, message) => lines.push({ level: 'info', fields, message }),
    warn: (fields, message) => lines.push({ level: 'warn', fields, message }),
    error: (fields, message) => lines.push({ level: 'error', fields, message }),
  };
}
