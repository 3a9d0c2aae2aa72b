// The rules of a list that forms and the server share. Plain values, no zod.

export const LIST_LIMITS = {
  nameMaxLength: 100,
  listsPerUser: 200,
} as const;

/** The palette a list's colour comes from; clients map each name to their own shades. */
export const LIST_COLORS = [
  'gray',
  'red',
  'orange',
  'yellow',
  'green',
  'teal',
  'blue',
  'purple',
] as const;

/** What `lists.delete` does with the list's tasks. */
export const LIST_DELETE_TASKS = ['move-to-inbox', 'delete'] as const;

export type ListColor = (typeof LIST_COLORS)[number];
export type ListDeleteTasks = (typeof LIST_DELETE_TASKS)[number];
