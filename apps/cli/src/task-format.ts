// How tasks look in a terminal and in --json output.
import type { Task } from '@tasklane/api/client';
import { describeRecurrence } from '@tasklane/api/contract';

import { machineTimeZone } from './account-time-zone';
import { formatDue } from './due-date';
import type { Style } from './style';

/** Enough of the id to name a task, as `git` shows commits. */
export const SHORT_ID_LENGTH = 8;

export function shortId(id: string): string {
  return id.slice(0, SHORT_ID_LENGTH);
}

/** One task on a line; a repeat's end date in `timeZone` (the account's, when known). */
export function formatTask(
  task: Task,
  style: Style = plain,
  timeZone: string = machineTimeZone(),
): string {
  return `${style('dim', shortId(task.id))}  ${task.title}${repeatText(task, style, timeZone)}`;
}

/** "  (Repeats every weekday)", the rule's end date read in `timeZone`; or nothing. */
function repeatText(task: Task, style: Style, timeZone: string): string {
  if (task.recurrence === null) return '';
  return `  ${style('dim', `(${describeRecurrence(task.recurrence, { timeZone })})`)}`;
}

const plain: Style = (_format, text) => text;

const PRIORITY_STYLE = { high: 'red', medium: 'yellow', low: 'dim' } as const;

/**
 * Padding is measured on the plain text, then each cell is styled. Due dates are shown in
 * `at.timeZone` (the account's).
 */
export function formatTaskTable(
  tasks: readonly Task[],
  style: Style,
  at: { now: Date; timeZone: string },
): string {
  const { now } = at;
  if (tasks.length === 0) return 'No tasks.\n';
  const rows = tasks.map((task) => ({
    task,
    id: shortId(task.id),
    done: task.completed ? '[x]' : '[ ]',
    priority: task.priority,
    due: task.dueAt === null ? '-' : formatDue(task.dueAt, at.timeZone),
    overdue: !task.completed && task.dueAt !== null && task.dueAt < now,
  }));
  const width = (key: 'priority' | 'due') => Math.max(...rows.map((row) => row[key].length));
  const priorityWidth = width('priority');
  const dueWidth = width('due');
  return rows
    .map((row) => {
      const tags = row.task.tags.map((tag) => style('cyan', `#${tag}`)).join(' ');
      const title = row.task.completed ? style('dim', row.task.title) : row.task.title;
      return [
        style('dim', row.id),
        row.task.completed ? style('green', row.done) : row.done,
        style(PRIORITY_STYLE[row.priority], row.priority.padEnd(priorityWidth)),
        row.overdue ? style('red', row.due.padEnd(dueWidth)) : row.due.padEnd(dueWidth),
        `${tags === '' ? title : `${title}  ${tags}`}${repeatText(row.task, style, at.timeZone)}`,
      ]
        .join('  ')
        .trimEnd();
    })
    .map((line) => `${line}\n`)
    .join('');
}

export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
