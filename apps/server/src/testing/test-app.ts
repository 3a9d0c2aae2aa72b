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
    ...overrides,
  };
}

export function buildTestApp(
  database: TasklaneDatabase,
  overrides: Partial<AppConfig> = {},
): Promise<FastifyInstance> {
  return buildApp(testAppConfig(database, overrides));
}
