// Statically imported so the migrations survive bundling (no directory scan at run time).
import type { Migration, MigrationProvider } from 'kysely/migration';

import * as m0001 from './0001-users-and-sessions';
import * as m0002 from './0002-tasks';
import * as m0003 from './0003-task-events';
import * as m0004 from './0004-jobs-and-mail';
import * as m0005 from './0005-auth-hardening';
import * as m0006 from './0006-email-flows';
import * as m0007 from './0007-jobs-pruning';
import * as m0009 from './0009-device-login';
import * as m0010 from './0010-api-keys';
import * as m0011 from './0011-lists';
import * as m0012 from './0012-recurrence-and-reminders';
import * as m0013 from './0013-task-event-reads';
import * as m0014 from './0014-task-event-payloads';

export const migrations: Record<string, Migration> = {
  '0001-users-and-sessions': m0001,
  '0002-tasks': m0002,
  '0003-task-events': m0003,
  '0004-jobs-and-mail': m0004,
  '0005-auth-hardening': m0005,
  '0006-email-flows': m0006,
  '0007-jobs-pruning': m0007,
  '0009-device-login': m0009,
  '0010-api-keys': m0010,
  '0011-lists': m0011,
  '0012-recurrence-and-reminders': m0012,
  '0013-task-event-reads': m0013,
  '0014-task-event-payloads': m0014,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};
