// tasklane lists [create NAME | rename NAME NEW | delete NAME --tasks ...]: a person's lists.
import type { List } from '@tasklane/api/client';
import { LIST_COLORS, type ListColor } from '@tasklane/api/contract';

import type { ListsAction } from '../cli-args';
import { UsageError } from '../cli-errors';
import type { CommandContext } from '../command-context';
import { print } from '../command-context';
import { findListByName } from '../list-lookup';
import { openStoredSession } from '../session-client';
import { styleFor, type Style } from '../style';
import { toJson } from '../task-format';

export async function lists(context: CommandContext, action: ListsAction): Promise<void> {
  const color = 'color' in action ? parseColor(action.color) : undefined;
  const { client, stored } = await openStoredSession(context);
  context.url = stored.url;
  const style = styleFor(context.io.stdout);
  switch (action.kind) {
    case 'show': {
      const all = await client.lists.list.query();
      print(context, context.json ? toJson(all) : formatLists(all, style));
      return;
    }
    case 'create': {
      const list = await client.lists.create.mutate({
        name: action.name,
        ...(color === undefined ? {} : { color }),
      });
      print(context, context.json ? toJson(list) : `Created the list ${describe(list)}\n`);
      return;
    }
    case 'rename': {
      const list = await findListByName(client, action.name);
      const renamed = await client.lists.update.mutate({
        id: list.id,
        version: list.version,
        name: action.newName,
        ...(color === undefined ? {} : { color }),
      });
      print(context, context.json ? toJson(renamed) : `Renamed it ${describe(renamed)}\n`);
      return;
    }
    case 'delete': {
      const list = await findListByName(client, action.name);
      const result = await client.lists.delete.mutate({ id: list.id, tasks: action.tasks });
      const what =
        action.tasks === 'delete'
          ? `and deleted its ${plural(result.tasks)}`
          : `and moved its ${plural(result.tasks)} to the Inbox`;
      print(context, context.json ? toJson(result) : `Deleted the list "${list.name}" ${what}.\n`);
      return;
    }
  }
}

function parseColor(text: string | undefined): ListColor | undefined {
  if (text === undefined) return undefined;
  const color = LIST_COLORS.find((candidate) => candidate === text.trim().toLowerCase());
  if (color === undefined) {
    throw new UsageError(`--color must be one of ${LIST_COLORS.join(', ')} (got "${text}")`);
  }
  return color;
}

function describe(list: List): string {
  return `"${list.name}" (${list.color})`;
}

function plural(count: number): string {
  return count === 1 ? '1 task' : `${count} tasks`;
}

export function formatLists(all: readonly List[], style: Style): string {
  if (all.length === 0) return 'No lists yet: tasklane lists create NAME\n';
  const width = Math.max(...all.map((list) => list.name.length));
  return all
    .map(
      (list) =>
        `${list.name.padEnd(width)}  ${style('dim', list.color.padEnd(6))}  ${list.activeCount} active\n`,
    )
    .join('');
}
