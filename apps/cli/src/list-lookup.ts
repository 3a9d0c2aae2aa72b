// Finds the one list a name names, whatever its case (names are unique per person in any case).
import type { List, TasklaneClient } from '@tasklane/api/client';

import { CliError } from './cli-errors';

/** The same comparison as the server's unique index on lower(name), for what people type. */
export function sameListName(a: string, b: string): boolean {
  return a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();
}

export async function findListByName(client: TasklaneClient, name: string): Promise<List> {
  const lists = await client.lists.list.query();
  const found = lists.find((list) => sameListName(list.name, name));
  if (found !== undefined) return found;
  const known = lists.map((list) => `"${list.name}"`).join(', ');
  throw new CliError(
    lists.length === 0
      ? `You have no list named "${name}" (no lists yet: tasklane lists create "${name}").`
      : `You have no list named "${name}". Your lists: ${known}.`,
  );
}
