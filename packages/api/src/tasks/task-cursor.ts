// The opaque paging cursor: base64url of a small JSON holding the sort, the order and the sort
// key of the last task on the page (always ending with its id, which makes every key unique).
import { z } from 'zod';

import { TASK_ORDERS, type TaskOrder, type TaskSort } from '../contract/task-rules';
import { wellFormedText } from '../text-rules';
import type { TaskRecord } from './task';
import { EARLIEST_DUE, LATEST_DUE } from './task-schemas';

const CURSOR_VERSION = 1;

// Every key is checked against what this server can have written, not only its shape: a crafted
// value the database refuses (the year 0000, a NUL in text) would otherwise fail the query.
const instant = z.iso.datetime({ precision: 3 }).refine((text) => isTaskInstant(Date.parse(text)));
const id = z.uuid();
const order = z.enum(TASK_ORDERS);
// lower(title) of a stored title, so text as titles hold it: no NUL (PostgreSQL text cannot hold
// one), no lone surrogate (it would reach the database as U+FFFD, another key).
const titleKey = wellFormedText(z.string().max(1000));

/** Created instants are now-ish and due instants lie in the range tasks accept. */
function isTaskInstant(time: number): boolean {
  return time >= EARLIEST_DUE.getTime() && time <= LATEST_DUE.getTime();
}

const cursorPayload = z.discriminatedUnion('s', [
  z.strictObject({
    v: z.literal(CURSOR_VERSION),
    s: z.literal('created'),
    o: order,
    k: z.tuple([instant, id]),
  }),
  z.strictObject({
    v: z.literal(CURSOR_VERSION),
    s: z.literal('priority'),
    o: order,
    k: z.tuple([z.int().min(1).max(3), instant, id]),
  }),
  z.strictObject({
    v: z.literal(CURSOR_VERSION),
    s: z.literal('due'),
    o: order,
    k: z.tuple([instant.nullable(), id]),
  }),
  z.strictObject({
    v: z.literal(CURSOR_VERSION),
    s: z.literal('title'),
    o: order,
    k: z.tuple([titleKey, id]),
  }),
]);

/** Where the previous page ended, in the terms of its sort. */
export type TaskCursor = z.infer<typeof cursorPayload>;

/** A listed row: the task plus the sort keys the database computed for it. */
export interface TaskListRow extends TaskRecord {
  priority_rank: number;
  /** lower(title) as the database lower-cases it: the title sort's key. */
  title_key: string;
}

export function taskCursorAfter(row: TaskListRow, sort: TaskSort, o: TaskOrder): TaskCursor {
  const v = CURSOR_VERSION;
  switch (sort) {
    case 'created':
      return { v, s: sort, o, k: [row.created_at.toISOString(), row.id] };
    case 'priority':
      return { v, s: sort, o, k: [row.priority_rank, row.created_at.toISOString(), row.id] };
    case 'due':
      return { v, s: sort, o, k: [row.due_at === null ? null : row.due_at.toISOString(), row.id] };
    case 'title':
      return { v, s: sort, o, k: [row.title_key, row.id] };
  }
}

export function encodeTaskCursor(cursor: TaskCursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** The cursor, or null when the text is not one this server made. */
export function decodeTaskCursor(text: string): TaskCursor | null {
  if (!BASE64URL.test(text)) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const parsed = cursorPayload.safeParse(json);
  return parsed.success ? parsed.data : null;
}
