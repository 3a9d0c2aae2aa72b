// tasklane add "title" [--due DATE] [--priority P] [--tag T]...
import type { CommandContext } from '../command-context';
import { print } from '../command-context';
import { UsageError } from '../cli-errors';
import { parseDue } from '../due-date';
import { openStoredSession } from '../session-client';
import { styleFor } from '../style';
import { formatTask, toJson } from '../task-format';

const PRIORITIES = ['low', 'medium', 'high'] as const;
type Priority = (typeof PRIORITIES)[number];

export async function add(
  context: CommandContext,
  options: { title: string; due: string | undefined; priority: string | undefined; tags: string[] },
): Promise<void> {
  const priority = options.priority === undefined ? undefined : parsePriority(options.priority);
  const dueAt = options.due === undefined ? undefined : parseDue(options.due);
  const { client, stored } = await openStoredSession(context);
  context.url = stored.url;
  const task = await client.tasks.create.mutate({
    title: options.title,
    ...(priority === undefined ? {} : { priority }),
    ...(dueAt === undefined ? {} : { dueAt }),
    ...(options.tags.length === 0 ? {} : { tags: options.tags }),
  });
  print(
    context,
    context.json ? toJson(task) : `Added ${formatTask(task, styleFor(context.io.stdout))}`,
  );
}

function parsePriority(text: string): Priority {
  const priority = PRIORITIES.find((candidate) => candidate === text.trim().toLowerCase());
  if (priority === undefined) {
    throw new UsageError(`--priority must be low, medium or high (got "${text}")`);
  }
  return priority;
}
