// From a quick-add draft to the input of `tasks.create`: exactly what the draft showed.
import type { TaskPriority } from '../contract/task-rules';
import type { Recurrence } from '../recurrence/recurrence-schemas';
import type { QuickAddDraft } from './quick-add-draft';

/**
 * The fields of `tasks.create` a draft fills; `priority` is left out when none was named. The
 * draft names a list (`listName`); its id is the caller's to find or create (lists.list/create).
 */
export interface QuickAddTaskInput {
  title: string;
  dueAt: Date | null;
  recurrence: Recurrence | null;
  tags: string[];
  priority?: TaskPriority;
  listId?: string | null;
}

export function quickAddTaskInput(
  draft: QuickAddDraft,
  list: { listId?: string | null } = {},
): QuickAddTaskInput {
  return {
    title: draft.title,
    // A copy: the draft may be shown again after the task is sent.
    dueAt: draft.dueAt === null ? null : new Date(draft.dueAt),
    recurrence: recurrenceCopy(draft.recurrence),
    tags: [...draft.tags],
    ...(draft.priority === null ? {} : { priority: draft.priority }),
    ...(list.listId === undefined ? {} : { listId: list.listId }),
  };
}

function recurrenceCopy(rule: Recurrence | null): Recurrence | null {
  if (rule === null) return null;
  return {
    ...rule,
    ...(rule.byWeekday === undefined ? {} : { byWeekday: [...rule.byWeekday] }),
    ...(rule.byMonthDay === undefined ? {} : { byMonthDay: [...rule.byMonthDay] }),
    ...(rule.until === undefined ? {} : { until: new Date(rule.until) }),
  };
}
