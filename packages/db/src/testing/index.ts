export { describeEachDatabase } from './describe-each-database';
export {
  createTestPglite,
  createTestPostgres,
  testDatabaseTargets,
  testDatabaseUrl,
  withDatabaseName,
  type TestDatabase,
  type TestDatabaseTarget,
} from './test-databases';
