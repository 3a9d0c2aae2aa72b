// Client-safe entry point `@tasklane/api/schemas`: the shared zod input schemas, nothing else.
export * from './auth/auth-schemas';
export * from './tasks/task-schemas';
