// tasklane add "Pay rent on the 1st at 9am #home !high ^Finance" [--literal] [--due DATE]
// [--priority P] [--tag T]...: the text is read by the quick-add parser the web composer uses; a
// list it names that does not exist yet is created.
import { parseQuickAdd, parseRecurrenceRule, quickAddTaskInput } from '@tasklane/api/quick-add';
import type { Recurrence } from '@tasklane/api/schemas';

import { accountTimeZone, machineTimeZone } from '../account-time-zone';
import type { CommandContext } from '../command-context';
import { print } from '../command-context';
import { UsageError } from '../cli-errors';
import { readDue } from '../due-date';
import { findListByName, listIdFor } from '../list-lookup';
import { understoodLines } from '../quick-add-lines';
import { openStoredSession } from '../session-client';
import { styleFor } from '../style';
import { formatTask, toJson } from '../task-format';

const PRIORITIES = ['low', 'medium', 'high'] as const;
type Priority = (typeof PRIORITIES)[number];

export interface AddOptions {
  title: string;
  due: string | undefined;
  priority: string | undefined;
  tags: string[];
  /** Keep the text as typed: read no date, tag, priority or list from it. */
  literal: boolean;
  /** The name of the list to add it to; undefined: the Inbox. */
  list: string | undefined;
  /** How it repeats ("weekday", "2 weeks on mon,thu"), over a rule in the text. */
  every: string | undefined;
}

export async function add(context: CommandContext, options: AddOptions): Promise<void> {
  const priority = options.priority === undefined ? undefined : parsePriority(options.priority);
  const due = options.due === undefined ? undefined : readDue(options.due);
  const repeat = options.every === undefined ? undefined : parseEvery(options.every);
  const now = new Date();
  // An option given wins over the text: its part of the text stays in the title.
  const read = (timeZone: string) =>
    parseQuickAdd(options.title, {
      now,
      timeZone,
      ...(repeat === undefined ? {} : { repeat }),
      keep: {
        literal: options.literal,
        due: due !== undefined,
        priority: priority !== undefined,
        list: options.list !== undefined,
      },
    });
  // Which words are read does not depend on the zone: bad usage is refused before any request.
  const words = read(machineTimeZone());
  if (words.title === '' && words.spans.length > 0) {
    throw new UsageError(
      'Nothing is left for a title once the date, tags, priority and list are read; add one, or use --literal to keep the text as typed.',
    );
  }

  const { client, stored } = await openStoredSession(context);
  context.url = stored.url;
  // Dates are read in the account's zone, as the web app and the server's "today" use; a line
  // with nothing read needs no zone, and no request to ask for it.
  const zoned = words.spans.length > 0 || due !== undefined || repeat !== undefined;
  const timeZone = zoned ? await accountTimeZone(client) : machineTimeZone();
  const draft = zoned ? read(timeZone) : words;
  const dueAt = due?.({ now, timeZone });
  if (!context.json) for (const line of understoodLines(draft, timeZone)) print(context, line);
  // --list names an existing list; a ^Name in the text is found or created.
  const listId =
    options.list !== undefined
      ? (await findListByName(client, options.list)).id
      : draft.listName === null
        ? undefined
        : await listIdFor(client, draft.listName, (message) => {
            // With --json, stdout holds only the task.
            if (context.json) context.io.stderr.write(`${message}\n`);
            else print(context, message);
          });
  const input = quickAddTaskInput(draft, { listId });
  const task = await client.tasks.create.mutate({
    ...input,
    ...(priority === undefined ? {} : { priority }),
    ...(dueAt === undefined ? {} : { dueAt }),
    tags: [...input.tags, ...options.tags],
  });
  print(
    context,
    context.json
      ? toJson(task)
      : `Added ${formatTask(task, styleFor(context.io.stdout), timeZone)}`,
  );
}

function parseEvery(text: string): Recurrence {
  const rule = parseRecurrenceRule(text);
  if (rule === null) {
    throw new UsageError(
      `--every must be a repeat such as day, weekday, week, "2 weeks on mon,thu", month, "month on the 1st" or year (got "${text}")`,
    );
  }
  return rule;
}

function parsePriority(text: string): Priority {
  const priority = PRIORITIES.find((candidate) => candidate === text.trim().toLowerCase());
  if (priority === undefined) {
    throw new UsageError(`--priority must be low, medium or high (got "${text}")`);
  }
  return priority;
}
