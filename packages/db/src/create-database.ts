// Opens the database Tasklane runs on: PostgreSQL through `pg` when a URL is given, otherwise an
// embedded PostgreSQL (PGlite) in a folder or in memory. Callers cannot tell the two apart.
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';

import { migrateToLatest } from './migrator';
import { closeToOthers, preparePrivateDataDir } from './private-data-dir';
import type { Database } from './schema';
import { SerializedPGliteDialect } from './serialized-pglite-dialect';
import { sharedListener } from './shared-listener';

import type { MigrationResult } from 'kysely/migration';

export interface DatabaseConfig {
  /** A PostgreSQL connection string. Unset: the embedded database. */
  url?: string | undefined;
  /**
   * A direct PostgreSQL connection for what needs a session of its own (`LISTEN`), when `url`
   * points at a transaction-mode pooler such as PgBouncer. Unset: `url` carries everything.
   */
  directUrl?: string | undefined;
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
  /** Server-side cap on one statement (default 5 s); 0 removes it and the client-side cap. */
  statementTimeoutMillis?: number;
  idleTimeoutMillis?: number;
}

export type DatabaseKind = 'postgres' | 'pglite';

export interface TasklaneDatabase {
  readonly db: Kysely<Database>;
  readonly kind: DatabaseKind;
  /**
   * Subscribes to PostgreSQL NOTIFY on a channel; resolves once listening. `onClose` is called
   * when the subscription's connection is lost (not when the returned function ends it), so a
   * subscriber relying on notifications can stop trusting what it cached.
   */
  listen(
    channel: string,
    onPayload: (payload: string) => void,
    onClose?: (error: Error | undefined) => void,
  ): Promise<() => Promise<void>>;
  /**
   * Brings the schema up to date. On PostgreSQL it runs on a connection of its own (the direct
   * one when there is one), free of the request timeouts: a migration may rightly wait for a lock
   * or build an index for minutes, and a timeout firing mid-migration discards its connection.
   */
  migrate(): Promise<MigrationResult[]>;
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
  const statementTimeout = poolConfig.statementTimeoutMillis ?? 5000;
  const pool = new pg.Pool({
    connectionString: url,
    max: poolConfig.max ?? 10,
    // Bounds both opening a connection and waiting for a free one, so an unreachable or
    // saturated database answers (503) within seconds instead of queueing requests forever.
    connectionTimeoutMillis: poolConfig.connectionTimeoutMillis ?? 3000,
    idleTimeoutMillis: poolConfig.idleTimeoutMillis ?? 30_000,
    ...(statementTimeout === 0
      ? {}
      : {
          statement_timeout: statementTimeout,
          // The server cancels slow statements itself; this catches a database that stopped
          // answering at all (a dead host or a cut network), where no cancellation could arrive.
          query_timeout: statementTimeout + 1000,
        }),
    keepAlive: true,
    types: int8AsNumberTypes(),
  });
  // Without a listener an idle client's error would crash the process.
  pool.on('error', (error) => config.onPoolError?.(error));
  // pg-pool listens for errors only on idle clients, and Kysely adds no listener to a client it
  // has checked out, so a connection dying during a query or a transaction (the database
  // restarting, pg_terminate_backend) would be an unhandled 'error' event: a crashed process.
  // The error also rejects the query in flight, and the pool discards the client on release.
  pool.on('connect', (client) => {
    client.on('error', ignoreCheckedOutClientError);
  });

  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  // A transaction-mode pooler hands the session back after each statement, so a LISTEN sent
  // through it would never receive a notification: listening needs its own direct connection.
  const listen = sharedListener(
    () =>
      new pg.Client({
        connectionString: config.directUrl ?? url,
        connectionTimeoutMillis: poolConfig.connectionTimeoutMillis ?? 3000,
      }),
    config.onPoolError,
  );
  return {
    db,
    kind: 'postgres',
    listen,
    async migrate() {
      const migration = createPostgresDatabase(config.directUrl ?? url, {
        pool: {
          max: 1,
          connectionTimeoutMillis: poolConfig.connectionTimeoutMillis,
          statementTimeoutMillis: 0,
        },
        onPoolError: config.onPoolError,
      });
      try {
        return await migrateToLatest(migration.db);
      } finally {
        await migration.destroy();
      }
    },
    destroy: () => db.destroy(),
  };
}

function createEmbeddedDatabase(config: DatabaseConfig): TasklaneDatabase {
  const dataDir = config.dataDir ?? 'memory://';
  const onDisk = !dataDir.includes('://');
  if (onDisk) preparePrivateDataDir(dataDir);
  const pglite = new PGlite(dataDir, {
    parsers: { [INT8_OID]: parseInt8 },
    // A query resolves only after its writes reached the files (PGlite's default, pinned here):
    // on Node the data folder is written through with synchronous writes, so every acknowledged
    // commit survives the process being killed. PGlite runs PostgreSQL with fsync off and its
    // Node filesystem cannot fsync, so a power loss or OS crash may still lose the last commits.
    relaxedDurability: false,
    ...(config.snapshot === undefined ? {} : { loadDataDir: config.snapshot }),
  });
  const db = new Kysely<Database>({
    dialect: new SerializedPGliteDialect({
      pglite: async () => {
        await pglite.waitReady;
        // A new database's files arrive with mode 0666; close them before the first query.
        if (onDisk) closeToOthers(dataDir);
        return pglite;
      },
    }),
  });
  return {
    db,
    kind: 'pglite',
    async listen(channel, onPayload) {
      const unlisten = await pglite.listen(channel, onPayload);
      return () => unlisten();
    },
    migrate: () => migrateToLatest(db),
    destroy: () => db.destroy(),
  };
}

function ignoreCheckedOutClientError(): void {
  // Reported through the rejected query and, for idle clients, pg-pool's 'error' event.
}
