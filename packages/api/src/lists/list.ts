// The list as every client sees it, and the one place a database row becomes one.
import type { ListRow } from '@tasklane/db';

import type { ListColor } from '../contract/list-rules';

/** The columns a list procedure reads; never user_id, which the caller already is. */
export const LIST_COLUMNS = [
  'id',
  'name',
  'color',
  'position',
  'created_at',
  'version',
] as const satisfies readonly (keyof ListRow)[];

export type ListRecord = Pick<ListRow, (typeof LIST_COLUMNS)[number]>;

/** A list with the number of its tasks not yet completed. */
export type CountedListRecord = ListRecord & { active_count: number };

export interface List {
  id: ListRow['id'];
  name: ListRow['name'];
  /** The stored colour is typed by the database's palette; this by the contract's, so a
   * difference between the two fails to compile here (and in list-scope's inserts). */
  color: ListColor;
  position: ListRow['position'];
  /** Tasks of the list not yet completed. */
  activeCount: number;
  createdAt: ListRow['created_at'];
  version: ListRow['version'];
}

export function toList(row: CountedListRecord): List {
  return {
    id: row.id,
    name: row.name,
    color: row.color,
    position: row.position,
    activeCount: row.active_count,
    createdAt: row.created_at,
    version: row.version,
  };
}
