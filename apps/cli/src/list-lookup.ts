// Finds the one list a name names, whatever its case (names are unique per person in any case).
import { randomUUID } from 'node:crypto';

import { errorCode, type List, type TasklaneClient } from '@tasklane/api/client';

import { CliError } from './cli-errors';

/** The same comparison as the server's unique index on lower(name), for what people type. */
export function sameListName(a: string, b: string): boolean {
  return a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();
}

async function existingList(client: TasklaneClient, name: string): Promise<List | undefined> {
  return (await client.lists.list.query()).find((list) => sameListName(list.name, name));
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

/**
 * The id of the caller's list named `name` (a `^Name` in `tasklane add`). A list that does not
 * exist yet is created, after `announce` says so; one made meanwhile elsewhere (the create then
 * answers CONFLICT) is used.
 */
export async function listIdFor(
  client: TasklaneClient,
  name: string,
  announce: (message: string) => void,
): Promise<string> {
  const found = await existingList(client, name);
  if (found !== undefined) return found.id;
  announce(`List "${name}" does not exist yet: creating it.`);
  try {
    return (await client.lists.create.mutate({ id: randomUUID(), name })).id;
  } catch (error) {
    if (errorCode(error) !== 'CONFLICT') throw error;
    const made = await existingList(client, name);
    if (made === undefined) throw error;
    return made.id;
  }
}
