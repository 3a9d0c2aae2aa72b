import { accountProcedures } from './accounts/accounts-router';
import { deviceLoginProcedures } from './device-login/device-login-router';
import { apiKeysRouter } from './api-keys/api-keys-router';
import { listsRouter } from './lists/lists-router';
import { remindersRouter } from './reminders/reminders-router';
import { sessionProcedures } from './sessions/sessions-router';
import { tasksRouter } from './tasks/tasks-router';
import { createCallerFactory, router } from './trpc';

export const appRouter = router({
  auth: { ...accountProcedures, ...sessionProcedures, ...deviceLoginProcedures },
  tasks: tasksRouter,
  apiKeys: apiKeysRouter,
  lists: listsRouter,
  reminders: remindersRouter,
});

export type AppRouter = typeof appRouter;

/** In-process calls (tests, jobs, another server): `createCaller(context).tasks.list({})`. */
export const createCaller = createCallerFactory(appRouter);
