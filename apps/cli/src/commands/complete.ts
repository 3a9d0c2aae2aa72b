// tasklane done <id-prefix>: marks the task completed (repeating it changes nothing), or a
// repeating task's current occurrence (it moves on to the next; a retry does not skip one).
import type { CommandContext } from '../command-context';
import { print } from '../command-context';
import { openStoredSession } from '../session-client';
import { styleFor } from '../style';
import { formatTask, toJson } from '../task-format';
import { findTaskByPrefix } from '../task-lookup';

export async function complete(context: CommandContext, idPrefix: string): Promise<void> {
  const { client, stored } = await openStoredSession(context);
  context.url = stored.url;
  const found = await findTaskByPrefix(client, idPrefix);
  const task = await client.tasks.setCompleted.mutate({
    id: found.id,
    completed: true,
    occurrence: found.dueAt ?? undefined,
  });
  print(
    context,
    context.json ? toJson(task) : `Completed ${formatTask(task, styleFor(context.io.stdout))}`,
  );
}
