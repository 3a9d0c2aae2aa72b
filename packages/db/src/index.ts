export * from './schema';
export {
  createDatabase,
  type DatabaseConfig,
  type DatabaseKind,
  type PoolConfig,
  type TasklaneDatabase,
} from './create-database';
export { DataDirError } from './private-data-dir';
export { notificationsArrive } from './notification-probe';
export { listenStatementPattern } from './shared-listener';
export {
  migrateDown,
  migrateToLatest,
  migrationStatus,
  MigrationError,
  type MigrationStatus,
} from './migrator';
export {
  isUniqueViolation,
  postgresErrorCode,
  PG_CHECK_VIOLATION,
  PG_FOREIGN_KEY_VIOLATION,
  PG_UNIQUE_VIOLATION,
} from './errors';
export { sql, type Kysely, type Transaction } from 'kysely';
