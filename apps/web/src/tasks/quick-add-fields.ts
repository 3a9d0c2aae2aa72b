// The composer's title line read by the quick-add parser, merged with the "More options" fields:
// the chips' words leave the title, and what the chips show is what is saved.
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

/** The checked task with the chips' due date and priority over the fields'. */
export function taskWithRead(task: NewTask, read: QuickAddDraft | null): NewTask {
  if (read === null) return task;
  return {
    ...task,
    dueAt: read.dueAt ?? task.dueAt,
    priority: read.priority ?? task.priority,
  };
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
  }
}
