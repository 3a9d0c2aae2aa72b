// The API's types as the web app sees them, all inferred from the router: nothing is copied.
import type { RouterInputs, RouterOutputs } from '@tasklane/api';

export type AuthSession = RouterOutputs['auth']['refresh'];
export type User = RouterOutputs['auth']['me'];
export type ActiveSession = RouterOutputs['auth']['sessions'][number];
export type Task = RouterOutputs['tasks']['get'];
export type TaskPage = RouterOutputs['tasks']['list'];
export type TaskStats = RouterOutputs['tasks']['stats'];
export type TaskListInput = NonNullable<RouterInputs['tasks']['list']>;
export type TaskCreateInput = RouterInputs['tasks']['create'];
export type TaskUpdateInput = RouterInputs['tasks']['update'];
export type Priority = Task['priority'];
