// What `tasklane add` read from its text, one line per part, as the web composer shows chips.
import { describeRecurrence } from '@tasklane/api/contract';
import type { QuickAddDraft, QuickAddSpan } from '@tasklane/api/quick-add';

import { formatDue } from './due-date';

function meaning(span: QuickAddSpan, timeZone: string): string {
  switch (span.kind) {
    case 'due':
      return `due ${formatDue(span.dueAt, timeZone)}`;
    case 'priority':
      return `priority ${span.priority}`;
    case 'tag':
      return `tag #${span.tag}`;
    case 'list':
      return `list ${span.listName}`;
    case 'recurrence':
      // "repeats every weekday"
      return describeRecurrence(span.recurrence, { timeZone }).replace(/^R/u, 'r');
  }
}

/**
 * `Read "tomorrow 9am" as due 2026-12-02 09:00`, for each part read, in the order typed; dates
 * in `timeZone` (the account's, that the draft was read in).
 */
export function understoodLines(draft: QuickAddDraft, timeZone: string): string[] {
  return draft.spans.map((span) => `Read "${span.text}" as ${meaning(span, timeZone)}`);
}
