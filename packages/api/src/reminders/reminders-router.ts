// The reminder procedures: list, create (at most 5 per task) and delete a task's reminders.
import { TRPCError, type TRPCRouterRecord } from '@trpc/server';

import type { ApiServices } from '../context';
import { taskNotFound } from '../tasks/task-errors';
import { scopedProcedure } from '../trpc';
import { reminderCreateInput, reminderIdInput, reminderListInput } from './reminder-schemas';
import { reminderScope } from './reminder-scope';

/** Reminders belong to tasks: a session, or an API key with the tasks scopes. */
const reminderProcedure = scopedProcedure('tasks');

function remindersOf(ctx: { services: ApiServices; userId: string }) {
  return reminderScope(ctx.services.db, ctx.userId);
}

export const remindersRouter = {
  list: reminderProcedure.input(reminderListInput).query(async ({ ctx, input }) => {
    const reminders = await remindersOf(ctx).list(input.taskId);
    if (reminders === undefined) throw taskNotFound();
    return reminders;
  }),

  create: reminderProcedure.input(reminderCreateInput).mutation(async ({ ctx, input }) => {
    const result = await remindersOf(ctx).create(input);
    switch (result.status) {
      case 'created':
        return result.reminder;
      case 'task-not-found':
        throw taskNotFound();
      case 'limit-reached':
        throw new TRPCError({
          code: 'FORBIDDEN',
          message: `A task has at most ${result.limit} reminders. Delete one to add another.`,
        });
    }
  }),

  /** Safe to repeat: `{ id }` whether it was deleted now, before, or never existed. */
  delete: reminderProcedure.input(reminderIdInput).mutation(async ({ ctx, input }) => {
    await remindersOf(ctx).delete(input.id);
    return { id: input.id };
  }),
} satisfies TRPCRouterRecord;
