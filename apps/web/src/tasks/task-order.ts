// The order `tasks.list` returns tasks in, for placing a task that arrives live where the server
// would list it. Each sort compares the same keys as the server's keyset (task-list-query.ts),
// all in the list's order: created (createdAt, id), priority (rank, createdAt, id), due (the date,
// none after every date in both orders, then id), title (lower-cased, then id).
import { DEFAULT_TASK_ORDER, TASK_PRIORITIES } from '@tasklane/api/contract';

import type { Task, TaskListInput } from '@tasklane/api/client';

type Key = number | string;

function keys(task: Task, input: TaskListInput): Key[] {
  const sort = input.sort ?? 'created';
  const order = input.order ?? DEFAULT_TASK_ORDER[sort];
  switch (sort) {
    case 'created':
      return [task.createdAt.getTime(), task.id];
    case 'priority':
      return [TASK_PRIORITIES.indexOf(task.priority), task.createdAt.getTime(), task.id];
    case 'due': {
      const none = order === 'asc' ? Infinity : -Infinity;
      return [task.dueAt?.getTime() ?? none, task.id];
    }
    case 'title':
      return [task.title.toLowerCase(), task.id];
  }
}

/** Negative when `a` comes before `b` in the list `input` describes. */
export function compareInList(a: Task, b: Task, input: TaskListInput): number {
  const sort = input.sort ?? 'created';
  const direction = (input.order ?? DEFAULT_TASK_ORDER[sort]) === 'asc' ? 1 : -1;
  const left = keys(a, input);
  const right = keys(b, input);
  for (const [index, value] of left.entries()) {
    const other = right[index];
    if (other === undefined || value === other) continue;
    return (value < other ? -1 : 1) * direction;
  }
  return 0;
}
