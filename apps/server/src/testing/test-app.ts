// An application on a test database, with the same wiring main.ts uses.
import { randomBytes } from 'node:crypto';

import type { FastifyInstance } from 'fastify';

import { testAuthConfig } from '@tasklane/api/testing';
import type { TasklaneDatabase } from '@tasklane/db';

import { buildApp, type AppConfig } from '../build-app';

export function testAppConfig(
  database: TasklaneDatabase,
  overrides: Partial<AppConfig> = {},
): AppConfig {
  return {
    database,
    authSecret: randomBytes(32),
    auth: testAuthConfig,
    trustProxy: false,
    logLevel: 'silent',
    // The test and the app share one event loop: a long pause of the test's own (a GC, a PGlite
    // snapshot) must not make the app shed requests. load-shedding.test.ts and spawned servers
    // cover shedding.
    loadShedding: false,
    ...overrides,
  };
}

export function buildTestApp(
  database: TasklaneDatabase,
  overrides: Partial<AppConfig> = {},
): Promise<FastifyInstance> {
  return buildApp(testAppConfig(database, overrides));
}
