// Opens the database Tasklane runs on: PostgreSQL through `pg` when a URL is given, otherwise an
// embedded PostgreSQL (PGlite) in a folder or in memory. Callers cannot tell the two apart.
import { mkdirSync } from 'node:fs';

import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';

import type { Database } from './schema';

export interface DatabaseConfig {
  /** A PostgreSQL connection string. Unset: the embedded database. */
  url?: string | undefined;
  /** Folder of the embedded database; `memory://` keeps it in memory (tests). */
  dataDir?: string | undefined;
  /** A pre-migrated PGlite data directory dump to start an in-memory database from. */
  snapshot?: Blob | undefined;
  pool?: PoolConfig;
  /** Called when an idle pooled connection fails (the database restarted, a network cut). */
  onPoolError?: (error: Error) => void;
}

export interface PoolConfig {
  max?: number;
  connectionTimeoutMillis?: number;
  statementTimeoutMillis?: number;
  idleTimeoutMillis?: number;
}

export type DatabaseKind = 'postgres' | 'pglite';

export interface TasklaneDatabase {
  readonly db: Kysely<Database>;
  readonly kind: DatabaseKind;
  /** Subscribes to PostgreSQL NOTIFY on a channel; resolves once listening. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  destroy(): Promise<void>;
}

const INT8_OID = 20;

// Every int8 we read is a count bounded far below 2^53 (tasks per user are capped), so a number
// is exact; a string would leak a driver detail into every API type.
const parseInt8 = (value: string): number => Number.parseInt(value, 10);

function int8AsNumberTypes(): pg.TypeOverrides {
  const types = new pg.TypeOverrides();
  types.setTypeParser(pg.types.builtins.INT8, parseInt8);
  return types;
}

export function createDatabase(config: DatabaseConfig): TasklaneDatabase {
  return config.url === undefined || config.url === ''
    ? createEmbeddedDatabase(config)
    : createPostgresDatabase(config.url, config);
}

function createPostgresDatabase(url: string, config: DatabaseConfig): TasklaneDatabase {
  const poolConfig = config.pool ?? {};
  const pool = new pg.Pool({
    connectionString: url,
    max: poolConfig.max ?? 10,
    connectionTimeoutMillis: poolConfig.connectionTimeoutMillis ?? 3000,
    idleTimeoutMillis: poolConfig.idleTimeoutMillis ?? 30_000,
    statement_timeout: poolConfig.statementTimeoutMillis ?? 5000,
    types: int8AsNumberTypes(),
  });
  // Without a listener an idle client's error would crash the process.
  pool.on('error', (error) => config.onPoolError?.(error));

  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'postgres',
    async listen(channel, onPayload) {
      const client = new pg.Client({
        connectionString: url,
        connectionTimeoutMillis: poolConfig.connectionTimeoutMillis ?? 3000,
      });
      client.on('error', (error) => config.onPoolError?.(error));
      client.on('notification', (message) => {
        if (message.channel === channel) onPayload(message.payload ?? '');
      });
      await client.connect();
      await client.query(`listen ${quoteIdentifier(channel)}`);
      return async () => {
        await client.end();
      };
    },
    destroy: () => db.destroy(),
  };
}

function createEmbeddedDatabase(config: DatabaseConfig): TasklaneDatabase {
  const dataDir = config.dataDir ?? 'memory://';
  if (!dataDir.includes('://')) mkdirSync(dataDir, { recursive: true });
  const pglite = new PGlite(dataDir, {
    parsers: { [INT8_OID]: parseInt8 },
    ...(config.snapshot === undefined ? {} : { loadDataDir: config.snapshot }),
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  return {
    db,
    kind: 'pglite',
    async listen(channel, onPayload) {
      const unlisten = await pglite.listen(channel, onPayload);
      return () => unlisten();
    },
    destroy: () => db.destroy(),
  };
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
