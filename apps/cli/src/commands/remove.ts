// tasklane rm <id-prefix>: deletes the task.
import type { CommandContext } from '../command-context';
import { print } from '../command-context';
import { openStoredSession } from '../session-client';
import { styleFor } from '../style';
import { formatTask, toJson } from '../task-format';
import { findTaskByPrefix } from '../task-lookup';

export async function remove(context: CommandContext, idPrefix: string): Promise<void> {
  const { client, stored } = await openStoredSession(context);
  context.url = stored.url;
  const task = await findTaskByPrefix(client, idPrefix);
  await client.tasks.delete.mutate({ id: task.id });
  print(
    context,
    context.json
      ? toJson({ id: task.id })
      : `Deleted ${formatTask(task, styleFor(context.io.stdout))}`,
  );
}
