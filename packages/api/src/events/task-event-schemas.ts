// Input of `tasks.changes`. tRPC's subscription link fills `lastEventId` with the id of the last
// event it received when it reconnects; an EventSource also sends it as `Last-Event-ID`.
import { z } from 'zod';

/** Event ids are a person's event sequence numbers, in decimal. */
export const taskEventId = z
  .string()
  .regex(/^[0-9]{1,15}$/, 'Must be the id of an event received from tasks.changes');

export const taskChangesInput = z
  .object({ lastEventId: taskEventId.nullish() })
  .optional()
  .transform((input) => ({ lastEventId: input?.lastEventId ?? null }));

export type TaskChangesInput = z.input<typeof taskChangesInput>;
