// Input schemas of the list procedures. Client-safe: imports only zod, so forms validate with
// exactly the rules the server applies.
import { z } from 'zod';

import { LIST_COLORS, LIST_DELETE_TASKS, LIST_LIMITS } from '../contract/list-rules';
import { visibleText } from '../text-rules';

export const listIdSchema = z.uuid('Must be a list id (a UUID)');

export const listNameSchema = visibleText(
  z
    .string({ error: 'Enter a name for the list.' })
    .trim()
    .min(1, 'Enter a name for the list.')
    .max(
      LIST_LIMITS.nameMaxLength,
      `A list name must be at most ${LIST_LIMITS.nameMaxLength} characters`,
    ),
);

export const listColorSchema = z.enum(LIST_COLORS, {
  error: `Choose one of the colours: ${LIST_COLORS.join(', ')}`,
});

export const listCreateInput = z.strictObject({
  /** Client-chosen id: retrying a create with the same id never makes a second list. */
  id: listIdSchema.optional(),
  name: listNameSchema,
  color: listColorSchema.default('gray'),
});

const LIST_CHANGE_FIELDS = ['name', 'color', 'position'] as const;

export const listUpdateInput = z
  .strictObject({
    id: listIdSchema,
    /** The version the client last saw; a newer one in the database is a CONFLICT. */
    version: z.int('Version must be a whole number').min(1).max(2_147_483_647),
    name: listNameSchema.optional(),
    color: listColorSchema.optional(),
    /** Where the list goes among the caller's lists: 0 is first; past the end is last. */
    position: z
      .int('Position must be a whole number')
      .min(0, 'Position must be 0 or more')
      .max(LIST_LIMITS.listsPerUser, `Position must be at most ${LIST_LIMITS.listsPerUser}`)
      .optional(),
  })
  .refine(
    (input) => LIST_CHANGE_FIELDS.some((field) => input[field] !== undefined),
    'Nothing to update: give at least one of name, color, position',
  );

export const listDeleteInput = z.strictObject({
  id: listIdSchema,
  /** What happens to the list's tasks: back to the Inbox, or deleted with the list. */
  tasks: z.enum(LIST_DELETE_TASKS, { error: "Choose 'move-to-inbox' or 'delete'" }),
});

export type ListCreateInput = z.infer<typeof listCreateInput>;
export type ListUpdateInput = z.infer<typeof listUpdateInput>;
export type ListDeleteInput = z.infer<typeof listDeleteInput>;
