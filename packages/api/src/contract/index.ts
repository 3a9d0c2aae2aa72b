// Zod-free entry point `@tasklane/api/contract`: the values client and server agree on (limits,
// enum lists, default orders, password bounds, the endpoint path and the batch limit). Plain
// constants only, so any screen, script or service can import them without loading zod or tRPC.
// The `.ts` extensions let Node load this entry as it is (Vite's config loader does).
export * from './account-rules.ts';
export * from './device-rules.ts';
export * from './api-key-rules.ts';
export * from './list-rules.ts';
export * from './package-entries.ts';
export * from './recurrence-rules.ts';
export * from './recurrence-text.ts';
export * from './reminder-rules.ts';
export * from './task-rules.ts';
export * from './transport.ts';
export * from './wait-text.ts';
