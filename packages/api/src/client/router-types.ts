// Types a consumer of the HTTP API needs, inferred from the server's router. Type-only imports:
// nothing here exists at run time, so no server code reaches a client bundle.
import type { TRPCClientError } from '@trpc/client';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';

import type { TaskEvent } from '../events/task-event';
import type { AppRouter } from '../root';

export type { AppRouter };
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

/** A task as every procedure returns it (`dueAt`, `createdAt`... are `Date`s thanks to superjson). */
export type Task = RouterOutputs['tasks']['get'];
/** A person's list of tasks (specs/contracts/lists.md). */
export type List = RouterOutputs['lists']['list'][number];
/** A page of `tasks.list`, its input, and the counts of `tasks.stats`. */
export type TaskPage = RouterOutputs['tasks']['list'];
export type TaskListInput = NonNullable<RouterInputs['tasks']['list']>;
export type TaskStats = RouterOutputs['tasks']['stats'];
/**
 * What `tasks.changes` carries (each with its event id): `upsert` (the whole task, version
 * included), `delete`, or `reset` (refetch everything). Switch on `type` exhaustively: later kinds
 * of event are added to this union.
 */
export type { TaskEvent };
/** The signed-in person, as `auth.me` returns it. */
export type User = RouterOutputs['auth']['me'];
/** What `auth.signIn`, `auth.signUp` and `auth.refresh` return. */
export type AuthSession = RouterOutputs['auth']['signIn'];

/** Every error a call can reject with: `error.data.code`, `error.data.zodError`, `error.data.details`. */
export type TasklaneClientError = TRPCClientError<AppRouter>;
