// Compile-time checks that the packed declarations carry the real types: were any of them `any`,
// a @ts-expect-error below would have nothing to expect and the typecheck would fail.
import type { RouterInputs, Task, TasklaneClient } from '@tasklane/api/client';
import { taskCreateInput } from '@tasklane/api/schemas';

export const noDueDate: Task['dueAt'] = null;
// @ts-expect-error dueAt is a Date or null, not a string
export const textDueDate: Task['dueAt'] = '2026-12-01';
// @ts-expect-error update needs the version the client saw
export const staleUpdate: RouterInputs['tasks']['update'] = { id: 'a', title: 'b' };
export const listTasks = (client: TasklaneClient) => client.tasks.list.query({ status: 'active' });
export const parsedTitle: string = taskCreateInput.parse({ title: ' Trimmed ' }).title;
