// Compile-time checks that the packed declarations carry the real types: were any of them `any`,
// a @ts-expect-error below would have nothing to expect and the typecheck would fail.
import type { RouterInputs, Task, TasklaneClient } from '@tasklane/api/client';
import { parseQuickAdd, type QuickAddDraft, type QuickAddSpan } from '@tasklane/api/quick-add';
import { taskCreateInput } from '@tasklane/api/schemas';

export const noDueDate: Task['dueAt'] = null;
// @ts-expect-error dueAt is a Date or null, not a string
export const textDueDate: Task['dueAt'] = '2026-12-01';
// @ts-expect-error update needs the version the client saw
export const staleUpdate: RouterInputs['tasks']['update'] = { id: 'a', title: 'b' };
export const listTasks = (client: TasklaneClient) => client.tasks.list.query({ status: 'active' });
export const parsedTitle: string = taskCreateInput.parse({ title: ' Trimmed ' }).title;

const draft: QuickAddDraft = parseQuickAdd('Call Ana tomorrow 5pm', {
  now: new Date(),
  timeZone: 'America/New_York',
});
export const draftDue: Date | null = draft.dueAt;
// @ts-expect-error the parser needs the person's time zone
export const noZone = parseQuickAdd('x', { now: new Date() });
export const textSpan: QuickAddSpan = {
  kind: 'due',
  start: 0,
  end: 1,
  text: 'x',
  // @ts-expect-error a due span holds a Date, not a string
  dueAt: 'x',
  hasTime: false,
};
export const chipLabels = draft.spans.map((span) =>
  span.kind === 'tag' ? `#${span.tag}` : span.text,
);
