// Finds the one task an id prefix names, as `git` does with commit hashes.
import { errorCode, type Task, type TasklaneClient } from '@tasklane/api/client';

import { CliError, UsageError } from './cli-errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ID_PREFIX = /^[0-9a-f][0-9a-f-]{0,35}$/;
const PAGE_SIZE = 100;

export async function findTaskByPrefix(client: TasklaneClient, text: string): Promise<Task> {
  const prefix = text.trim().toLowerCase();
  if (!ID_PREFIX.test(prefix)) {
    throw new UsageError(
      `"${text}" is not a task id: give the start of one, as \`tasklane ls\` shows.`,
    );
  }
  if (UUID.test(prefix)) {
    try {
      return await client.tasks.get.query({ id: prefix });
    } catch (error) {
      if (errorCode(error) === 'NOT_FOUND') throw new CliError(`No task has the id ${text}.`);
      throw error;
    }
  }

  const matches: Task[] = [];
  let cursor: string | null = null;
  do {
    const page = await client.tasks.list.query({ status: 'all', limit: PAGE_SIZE, cursor });
    matches.push(...page.items.filter((task) => task.id.startsWith(prefix)));
    cursor = page.nextCursor;
  } while (cursor !== null && matches.length < 2);

  const [match, other] = matches;
  if (match === undefined) throw new CliError(`No task id starts with "${text}".`);
  if (other !== undefined) {
    throw new CliError(
      `"${text}" is ambiguous: it starts ${match.id}, ${other.id} and maybe more; give more of the id.`,
    );
  }
  return match;
}
