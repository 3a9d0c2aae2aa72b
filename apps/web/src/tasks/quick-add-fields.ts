// The composer's title line read by the quick-add parser, merged with the "More options" fields:
// the chips' words leave the title, and what the chips show is what is saved.
import type { List } from '@tasklane/api/client';
import type { KeepLiteral, QuickAddDraft, QuickAddSpan } from '@tasklane/api/quick-add';

import type { NewTask } from './task-actions';
import type { TaskDraft } from './task-draft';
import { formatTags, parseTags } from './tags';

/** The form's text fields with the title as read and the chips' tags added to the fields'. */
export function fieldsWithRead(draft: TaskDraft, read: QuickAddDraft | null): TaskDraft {
  if (read === null) return draft;
  return {
    ...draft,
    title: read.title,
    tags: formatTags([...parseTags(draft.tags), ...read.tags]),
  };
}

/** The checked task with the chips' due date, priority, list and repeat over the fields'. */
export function taskWithRead(
  task: NewTask,
  read: QuickAddDraft | null,
  lists: readonly Pick<List, 'id' | 'name'>[],
): NewTask {
  if (read === null) return task;
  const list = read.listName === null ? undefined : listNamed(lists, read.listName);
  return {
    ...task,
    dueAt: read.dueAt ?? task.dueAt,
    priority: read.priority ?? task.priority,
    ...(list === undefined ? {} : { listId: list.id }),
    ...(read.recurrence === null ? {} : { recurrence: read.recurrence }),
  };
}

/** The person's list of that name, whatever its case (names are unique in any case). */
export function listNamed<Named extends { name: string }>(
  lists: readonly Named[],
  name: string,
): Named | undefined {
  const wanted = name.trim().toLocaleLowerCase();
  return lists.find((list) => list.name.trim().toLocaleLowerCase() === wanted);
}

/** What removing a chip keeps as text from now on. */
export function keepSpan(keep: KeepLiteral, span: QuickAddSpan): KeepLiteral {
  switch (span.kind) {
    case 'due':
      return { ...keep, due: true };
    case 'priority':
      return { ...keep, priority: true };
    case 'list':
      return { ...keep, list: true };
    case 'tag':
      return { ...keep, tags: [...(keep.tags ?? []), span.tag] };
    case 'recurrence':
      return { ...keep, recurrence: true };
  }
}
