// tasklane watch: prints the changes to the person's tasks as they happen, from any device, until
// Ctrl-C. The client's live subscription renews the token, reconnects and resumes by itself; only
// an ended session stops it with an error.
import type { TaskEvent } from '@tasklane/api/client';

import type { CommandContext } from '../command-context';
import { print } from '../command-context';
import { openStoredSession } from '../session-client';
import { styleFor, type Style } from '../style';
import { formatTask, shortId } from '../task-format';

/** One line of `--json`: the event's own fields and the id a client resumes after. */
export function eventJson(eventId: string, event: TaskEvent): string {
  return JSON.stringify({ eventId, ...event });
}

/** The width of the first column: added, changed, deleted. */
const LABEL_WIDTH = 7;

/** One line of text per event. */
export function eventLine(event: TaskEvent, style: Style): string {
  switch (event.type) {
    case 'upsert': {
      const label =
        event.task.version === 1 ? style('green', 'added'.padEnd(LABEL_WIDTH)) : 'changed';
      const done = event.task.completed ? style('green', '[x]') : '[ ]';
      return `${label}  ${done}  ${formatTask(event.task, style)}`;
    }
    case 'delete':
      return `${style('red', 'deleted'.padEnd(LABEL_WIDTH))}  ${style('dim', shortId(event.id))}`;
    case 'reminder':
      return `${style('yellow', 'remind'.padEnd(LABEL_WIDTH))}  ${formatTask(event.task, style)}`;
    case 'reset':
      return style('yellow', 'Some changes were missed: run `tasklane ls` to see every task.');
  }
}

export async function watch(context: CommandContext): Promise<void> {
  const { client, stored } = await openStoredSession(context);
  context.url = stored.url;
  const style = styleFor(context.io.stdout);
  const status = styleFor(context.io.stderr);
  let started = false;

  await new Promise<void>((resolve, reject) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      subscription.unsubscribe();
      resolve();
    };
    const subscription = client.tasks.changes.subscribe(undefined, {
      onData: ({ id, data: event }) => {
        if (context.json) {
          print(context, eventJson(id, event));
          return;
        }
        // Every stream starts with a reset (there is no earlier point to resume from): say that
        // the watch is on, and print only later resets.
        if (event.type === 'reset' && !started) {
          started = true;
          context.io.stderr.write(
            status('dim', `Watching ${stored.email}'s tasks on ${stored.url}. Ctrl-C stops.\n`),
          );
          return;
        }
        print(context, eventLine(event, style));
      },
      onError: (error) => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        reject(error);
      },
    });
    // Ctrl-C is how a watch ends: a clean exit, not an interruption.
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
