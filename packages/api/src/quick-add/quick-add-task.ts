// From a quick-add draft to the input of `tasks.create`: exactly what the draft showed.
import type { TaskPriority } from '../contract/task-rules';
import type { QuickAddDraft } from './quick-add-draft';

/** The fields of `tasks.create` a draft fills; `priority` is left out when none was named. */
export interface QuickAddTaskInput {
  title: string;
  dueAt: Date | null;
  tags: string[];
  priority?: TaskPriority;
}

export function quickAddTaskInput(draft: QuickAddDraft): QuickAddTaskInput {
  return {
    title: draft.title,
    // A copy: the draft may be shown again after the task is sent.
    dueAt: draft.dueAt === null ? null : new Date(draft.dueAt),
    tags: [...draft.tags],
    ...(draft.priority === null ? {} : { priority: draft.priority }),
  };
}
