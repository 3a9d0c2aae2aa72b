// Tables that hold a person's data, and the only files that may query them (paths from the
// repository root). Every other file reaches these rows through the listed module, so each
// query is scoped to its owner in one place. Tests, test support files, migrations and the
// benchmarks are exempt (SCOPE_EXEMPT_FILES below).
// Add a new user-owned table here with its scope module.
export const SCOPED_TABLES = {
  tasks: [
    'packages/api/src/tasks/task-scope.ts',
    'packages/api/src/tasks/task-list-query.ts',
    'packages/api/src/tasks/task-completion.ts',
    // Reminders read their task's due time and state, on the same user id.
    'packages/api/src/reminders/reminder-scope.ts',
    'packages/api/src/reminders/reminder-delivery.ts',
    // The event log joins each event's task, on the same user id.
    'packages/api/src/events/task-event-log.ts',
    // Counts a list's active tasks, and moves or deletes them with the list, on the same user id.
    'packages/api/src/lists/list-scope.ts',
  ],
  lists: ['packages/api/src/lists/list-scope.ts'],
  // Completed occurrences of repeating tasks: written on completion, counted by stats.
  task_completions: [
    'packages/api/src/tasks/task-scope.ts',
    'packages/api/src/tasks/task-completion.ts',
  ],
  reminders: [
    'packages/api/src/reminders/reminder-scope.ts',
    'packages/api/src/reminders/reminder-delivery.ts',
  ],
  // Written by the delivery only, keyed by reminder and fire time.
  reminder_deliveries: ['packages/api/src/reminders/reminder-delivery.ts'],
  task_events: ['packages/api/src/events/task-event-log.ts'],
  task_event_heads: ['packages/api/src/events/task-event-log.ts'],
  users: ['packages/api/src/accounts/user-store.ts'],
  account_tokens: ['packages/api/src/accounts/account-tokens.ts'],
  sessions: ['packages/api/src/sessions/session-store.ts'],
  refresh_tokens: ['packages/api/src/sessions/session-store.ts'],
  // Found by secret codes; once decided a row is the deciding person's.
  device_codes: ['packages/api/src/device-login/device-code-store.ts'],
  api_keys: ['packages/api/src/api-keys/api-key-scope.ts'],
  sign_in_addresses: ['packages/api/src/limits/known-addresses.ts'],
  // Mails name a person's address: written by the outbox, read by delivery and /dev/mail.
  mail_outbox: [
    'packages/api/src/mail/mail-outbox.ts',
    'packages/api/src/mail/mail-delivery.ts',
    'packages/api/src/mail/outbox-reader.ts',
  ],
};

/**
 * Files where the rule does not apply: tests and what only tests import; migrations, which
 * define the tables and their triggers rather than query a person's rows; and the benchmarks,
 * which seed and measure a database of their own directly (a load of users at once), never
 * serving a request.
 */
export const SCOPE_EXEMPT_FILES = [
  /\.test\.tsx?$/,
  /\/testing\//,
  /\/test\//,
  /-test-support\.ts$/,
  /^\/packages\/db\/src\/migrations\//,
  /^\/bench\//,
];
