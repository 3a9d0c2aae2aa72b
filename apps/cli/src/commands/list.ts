// tasklane ls: every task of the chosen status, page after page.
import type { Task } from '@tasklane/api/client';

import { accountTimeZone } from '../account-time-zone';
import type { CommandContext } from '../command-context';
import { print } from '../command-context';
import { findListByName } from '../list-lookup';
import { openStoredSession } from '../session-client';
import { styleFor } from '../style';
import { formatTaskTable, toJson } from '../task-format';

const PAGE_SIZE = 100;

export async function list(
  context: CommandContext,
  options: {
    status: 'active' | 'all' | 'completed';
    search: string | undefined;
    /** A list's name; null: the Inbox only; undefined: every task. */
    list: string | null | undefined;
  },
): Promise<void> {
  const { client, stored } = await openStoredSession(context);
  context.url = stored.url;
  const search = options.search?.trim() === '' ? undefined : options.search;
  const listId =
    options.list === undefined || options.list === null
      ? options.list
      : (await findListByName(client, options.list)).id;
  const everyTask = async (): Promise<Task[]> => {
    const tasks: Task[] = [];
    let cursor: string | null = null;
    do {
      const page = await client.tasks.list.query({
        status: options.status,
        limit: PAGE_SIZE,
        cursor,
        ...(search === undefined ? {} : { search }),
        ...(listId === undefined ? {} : { listId }),
      });
      tasks.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    return tasks;
  };
  if (context.json) {
    print(context, toJson(await everyTask()));
    return;
  }
  // Due dates are shown in the account's zone; asked with the first page, in the same request.
  const [tasks, timeZone] = await Promise.all([everyTask(), accountTimeZone(client)]);
  print(
    context,
    formatTaskTable(tasks, styleFor(context.io.stdout), { now: new Date(), timeZone }),
  );
}
