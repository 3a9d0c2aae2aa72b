// What `tasklane add` read from its text, one line per part, as the web composer shows chips.
import { describeRecurrence } from '@tasklane/api/contract';
import type { QuickAddDraft, QuickAddSpan } from '@tasklane/api/quick-add';

import { formatDue } from './due-date';

function meaning(span: QuickAddSpan): string {
  switch (span.kind) {
    case 'due':
      return `due ${formatDue(span.dueAt)}`;
    case 'priority':
      return `priority ${span.priority}`;
    case 'tag':
      return `tag #${span.tag}`;
    case 'list':
      return `list ${span.listName}`;
    case 'recurrence':
      // "repeats every weekday"
      return describeRecurrence(span.recurrence).replace(/^R/u, 'r');
  }
}

/** `Read "tomorrow 9am" as due 2026-12-02 09:00`, for each part read, in the order typed. */
export function understoodLines(draft: QuickAddDraft): string[] {
  return draft.spans.map((span) => `Read "${span.text}" as ${meaning(span)}`);
}

/** This machine's IANA zone (TZ, else the system's): the CLI reads and shows dates there. */
export function machineTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
