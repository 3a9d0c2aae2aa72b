// How tasks look in a terminal and in --json output.
import type { Task } from '@tasklane/api/client';

import { formatDue } from './due-date';

/** Enough of the id to name a task, as `git` shows commits. */
export const SHORT_ID_LENGTH = 8;

export function shortId(id: string): string {
  return id.slice(0, SHORT_ID_LENGTH);
}

export function formatTask(task: Task): string {
  return `${shortId(task.id)}  ${task.title}`;
}

export function formatTaskTable(tasks: readonly Task[]): string {
  if (tasks.length === 0) return 'No tasks.\n';
  const rows = tasks.map((task) => ({
    id: shortId(task.id),
    done: task.completed ? '[x]' : '[ ]',
    priority: task.priority,
    due: task.dueAt === null ? '-' : formatDue(task.dueAt),
    title: [task.title, task.tags.map((tag) => `#${tag}`).join(' ')].join('  '),
  }));
  const width = (key: 'priority' | 'due') => Math.max(...rows.map((row) => row[key].length));
  const priorityWidth = width('priority');
  const dueWidth = width('due');
  return rows
    .map((row) =>
      [row.id, row.done, row.priority.padEnd(priorityWidth), row.due.padEnd(dueWidth), row.title]
        .join('  ')
        .trimEnd(),
    )
    .map((line) => `${line}\n`)
    .join('');
}

export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
