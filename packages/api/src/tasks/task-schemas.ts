// Input schemas of the task procedures. Client-safe: imports only zod, so the web app and other
// services validate forms with exactly the rules the server applies.
import { z } from 'zod';

import {
  TASK_DUE_FILTERS,
  TASK_LIMITS,
  TASK_ORDERS,
  TASK_PRIORITIES,
  TASK_SORTS,
  TASK_STATUSES,
} from '../contract/task-rules';
import { listIdSchema } from '../lists/list-schemas';
import { recurrenceSchema } from '../recurrence/recurrence-schemas';
import { wellFormedText } from '../text-rules';

export const taskIdSchema = z.uuid('Must be a task id (a UUID)');

export const taskTitleSchema = wellFormedText(
  z
    .string()
    .trim()
    .min(1, 'Title is required')
    .max(
      TASK_LIMITS.titleMaxLength,
      `Title must be at most ${TASK_LIMITS.titleMaxLength} characters`,
    ),
);

export const taskDescriptionSchema = wellFormedText(
  z
    .string()
    .max(
      TASK_LIMITS.descriptionMaxLength,
      `Description must be at most ${TASK_LIMITS.descriptionMaxLength} characters`,
    ),
);

export const taskPrioritySchema = z.enum(TASK_PRIORITIES);

/** One tag as stored: trimmed, lower-cased, 1-32 characters. */
export const taskTagSchema = wellFormedText(
  z
    .string()
    .trim()
    .toLowerCase()
    .min(1, 'A tag cannot be empty')
    .max(TASK_LIMITS.tagMaxLength, `A tag must be at most ${TASK_LIMITS.tagMaxLength} characters`),
);

/** At most 20 tags; duplicates (after trimming and lower-casing) are kept once, in first order. */
export const taskTagsSchema = z
  .array(taskTagSchema)
  .max(TASK_LIMITS.tagsPerTask, `At most ${TASK_LIMITS.tagsPerTask} tags`)
  .transform((tags) => [...new Set(tags)]);

// The range both JavaScript and PostgreSQL timestamps hold without surprises.
export const EARLIEST_DUE = new Date('1900-01-01T00:00:00.000Z');
export const LATEST_DUE = new Date('9999-12-31T23:59:59.999Z');

export const taskDueAtSchema = z
  .date('Must be a date')
  .min(EARLIEST_DUE, 'Due date must be in 1900 or later')
  .max(LATEST_DUE, 'Due date must be before the year 10000')
  .nullable();

// IANA names only ("Europe/Paris", "UTC"). Offsets such as "+05:00" are refused: PostgreSQL
// reads them with the POSIX sign convention, the opposite of what a person means.
const TIME_ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/;

function isKnownTimeZone(name: string): boolean {
  if (!TIME_ZONE_NAME.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The caller's IANA time zone; "today" and "this week" are calendar days there. */
export const timeZoneSchema = z
  .string()
  .max(64, 'Unknown time zone')
  .refine(isKnownTimeZone, 'Unknown time zone (use an IANA name such as "Europe/Paris")');

/** Words to find: whitespace-separated; `%`, `_`, quotes and backslashes are ordinary text. */
export const taskSearchSchema = wellFormedText(
  z
    .string()
    .trim()
    .max(
      TASK_LIMITS.searchMaxLength,
      `Search must be at most ${TASK_LIMITS.searchMaxLength} characters`,
    ),
).refine(
  (search) => searchWords(search).length <= TASK_LIMITS.searchMaxWords,
  `Search for at most ${TASK_LIMITS.searchMaxWords} words`,
);

/** The distinct words of a search, as the server matches them. */
export function searchWords(search: string): string[] {
  return [...new Set(search.split(/\s+/).filter((word) => word !== ''))];
}

export const taskIdInput = z.strictObject({ id: taskIdSchema });

export const taskListInput = z.strictObject({
  status: z.enum(TASK_STATUSES).default('all'),
  search: taskSearchSchema.optional(),
  priority: taskPrioritySchema.optional(),
  tag: taskTagSchema.optional(),
  due: z.enum(TASK_DUE_FILTERS).optional(),
  sort: z.enum(TASK_SORTS).default('created'),
  /** Defaults per sort: see DEFAULT_TASK_ORDER. */
  order: z.enum(TASK_ORDERS).optional(),
  limit: z
    .int('Limit must be a whole number')
    .min(1, 'Limit must be at least 1')
    .max(TASK_LIMITS.pageSizeMax, `Limit must be at most ${TASK_LIMITS.pageSizeMax}`)
    .default(TASK_LIMITS.pageSizeDefault),
  /** `nextCursor` of the previous page, with the same sort and order; null or absent: first page. */
  cursor: z.string().max(1024, 'Invalid cursor').nullish(),
  /**
   * Sent by tRPC's infinite-query helpers (`infiniteQueryOptions`) next to `cursor`. Paging is
   * forward only, so 'forward' is the one value accepted; anything else is still refused.
   */
  direction: z.literal('forward').optional(),
  /** Where "today" and "week" are; absent: the zone saved on the account (`User.timeZone`). */
  timeZone: timeZoneSchema.optional(),
  /** Only the tasks of this list; `null`: only the Inbox (tasks in no list); absent: every task. */
  listId: listIdSchema.nullable().optional(),
});

/** How a task repeats, or null for a one-off task. A repeating task needs a due time. */
export const taskRecurrenceSchema = recurrenceSchema.nullable();

const RECURRENCE_NEEDS_DUE = 'A repeating task needs a due date';

export const taskCreateInput = z
  .strictObject({
    /** Client-chosen id: retrying a create with the same id never makes a second task. */
    id: taskIdSchema.optional(),
    title: taskTitleSchema,
    description: taskDescriptionSchema.default(''),
    priority: taskPrioritySchema.default('medium'),
    dueAt: taskDueAtSchema.default(null),
    tags: taskTagsSchema.default([]),
    /** One of the caller's lists; null (the default) is the Inbox. */
    listId: listIdSchema.nullable().default(null),
    recurrence: taskRecurrenceSchema.default(null),
  })
  .refine((input) => input.recurrence === null || input.dueAt !== null, {
    message: RECURRENCE_NEEDS_DUE,
    path: ['recurrence'],
  });

const taskChanges = {
  title: taskTitleSchema.optional(),
  description: taskDescriptionSchema.optional(),
  priority: taskPrioritySchema.optional(),
  dueAt: taskDueAtSchema.optional(),
  tags: taskTagsSchema.optional(),
  completed: z.boolean().optional(),
  recurrence: taskRecurrenceSchema.optional(),
  /** Moves the task to one of the caller's lists, or to the Inbox with null. */
  listId: listIdSchema.nullable().optional(),
};

const TASK_CHANGE_FIELDS = [
  'title',
  'description',
  'priority',
  'dueAt',
  'tags',
  'completed',
  'listId',
  'recurrence',
] as const satisfies readonly (keyof typeof taskChanges)[];

export const taskUpdateInput = z
  .strictObject({
    id: taskIdSchema,
    /** The version the client last saw; a newer one in the database is a CONFLICT. */
    version: z.int('Version must be a whole number').min(1).max(2_147_483_647),
    ...taskChanges,
  })
  .refine(
    (input) => TASK_CHANGE_FIELDS.some((field) => input[field] !== undefined),
    'Nothing to update: give at least one of title, description, priority, dueAt, tags, completed, listId, recurrence',
  )
  .refine(
    (input) =>
      !(input.dueAt === null && input.recurrence !== undefined && input.recurrence !== null),
    { message: RECURRENCE_NEEDS_DUE, path: ['recurrence'] },
  );

export const taskSetCompletedInput = z.strictObject({
  id: taskIdSchema,
  completed: z.boolean(),
  /**
   * For a repeating task: the `dueAt` of the occurrence being completed, as the client saw it.
   * A retry, or a second device completing the same occurrence, then changes nothing. Without
   * it, each call completes whatever occurrence is current.
   */
  occurrence: z.date('Must be a date').optional(),
});

export const taskStatsInput = z
  .strictObject({
    /** Where "today" is; absent: the zone saved on the account (`User.timeZone`). */
    timeZone: timeZoneSchema.optional(),
    /** Counts of this list only; `null`: the Inbox only; absent: every task. */
    listId: listIdSchema.nullable().optional(),
  })
  .default({});

export type TaskListInput = z.infer<typeof taskListInput>;
export type TaskCreateInput = z.infer<typeof taskCreateInput>;
export type TaskUpdateInput = z.infer<typeof taskUpdateInput>;
export type TaskSetCompletedInput = z.infer<typeof taskSetCompletedInput>;
export type TaskStatsInput = z.infer<typeof taskStatsInput>;
