// Client-safe entry point `@tasklane/api/schemas`: the shared zod input schemas, nothing else.
export * from './accounts/account-schemas';
export * from './api-keys/api-key-schemas';
export * from './lists/list-schemas';
export * from './sessions/session-schemas';
export * from './tasks/task-schemas';
export * from './device-login/device-login-schemas';
export * from './recurrence/recurrence-schemas';
export * from './reminders/reminder-schemas';
