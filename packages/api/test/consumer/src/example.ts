import { createTasklaneClient, errorCode, fieldErrors, type Task } from '@tasklane/api/client';
import { parseQuickAdd, quickAddTaskInput } from '@tasklane/api/quick-add';

// An API key made in the account screen (API keys) with the tasks:read and tasks:write scopes.
const { TASKLANE_URL = 'http://127.0.0.1:3000', TASKLANE_API_KEY } = process.env;
if (!TASKLANE_API_KEY) {
  throw new Error('Set TASKLANE_API_KEY');
}

const tasklane = createTasklaneClient({ url: TASKLANE_URL, apiKey: TASKLANE_API_KEY });

const task: Task = await tasklane.tasks.create.mutate({
  title: 'Renew the TLS certificate',
  priority: 'high',
  dueAt: new Date('2026-12-01T17:00:00Z'),
  tags: ['ops'],
});
console.log(`created ${task.id}, due ${task.dueAt?.toISOString()}`);

// The quick-add parser of the web app and the CLI: a line read in the person's time zone.
const draft = parseQuickAdd('Rotate the API keys tomorrow 9am #ops !high', {
  now: new Date('2026-11-30T12:00:00Z'),
  timeZone: 'Europe/Berlin',
});
const rotate = await tasklane.tasks.create.mutate(quickAddTaskInput(draft));
console.log(`quick-added "${rotate.title}", due ${rotate.dueAt?.toISOString()}`);

// Queries made together travel in one HTTP request.
const [{ items }, stats] = await Promise.all([
  tasklane.tasks.list.query({ status: 'active', tag: 'ops' }),
  tasklane.tasks.stats.query(),
]);
console.log(`${items.length} active ops task(s) of ${stats.total}`);

try {
  await tasklane.tasks.update.mutate({ id: task.id, version: task.version, title: '' });
} catch (error) {
  console.log(errorCode(error), fieldErrors(error).title); // BAD_REQUEST [ 'Title is required' ]
}

// A key never manages the account: that needs the person, signed in.
try {
  await tasklane.auth.sessions.query();
} catch (error) {
  console.log(errorCode(error)); // FORBIDDEN
}
