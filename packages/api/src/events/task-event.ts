// What `tasks.changes` carries: a discriminated union on `type`, so a later kind of event (a
// reminder) is one more member and every client's exhaustive switch points at what to handle.
import type { Task } from '../tasks/task';

export type TaskEvent =
  /** The task as it is now, version included: create, edit, complete, reopen. */
  | { type: 'upsert'; task: Task }
  /** The task is gone (deleted, or cleared as completed). */
  | { type: 'delete'; id: string }
  /** Events were lost to the client (too old to resume, or a fresh stream): refetch everything. */
  | { type: 'reset' }
  /**
   * A reminder of the task is due now (sent once, at its fire time, on the owner's streams only).
   * `task` is the task as it is when the event is read.
   */
  | { type: 'reminder'; reminderId: string; fireAt: Date; task: Task };

export type TaskEventType = TaskEvent['type'];
