// The quick-add parser: one line ("Pay rent on the 1st at 9am #home !high ^Finance") to a typed
// draft, the same in the web app, the CLI and any other service. Client-safe: chrono and Intl.
import { TASK_LIMITS } from '../contract/task-rules';
import type { Recurrence } from '../recurrence/recurrence-schemas';
import { firstDueOf } from './first-due';
import { findDue, type FoundDue } from './quick-add-dates';
import type { QuickAddDraft, QuickAddOptions, QuickAddSpan } from './quick-add-draft';
import { findRecurrence } from './quick-add-recurrence';
import { findMarkedWords } from './quick-add-tokens';
import { instantOfWallTime, wallTimeAt } from './zoned-time';

/**
 * Reads `line` in `options.timeZone` relative to `options.now`. One due date, one priority and
 * one list are taken, each the first in the line; later ones stay in the title. Every tag is
 * taken, up to the per-task limit. Parts named in `options.keep` stay in the title.
 */
export function parseQuickAdd(line: string, options: QuickAddOptions): QuickAddDraft {
  const keep = options.keep ?? {};
  if (keep.literal === true) return literalDraft(line);

  const spans: QuickAddSpan[] = [];
  const tags: string[] = [];
  let priority: QuickAddDraft['priority'] = null;
  let listName: QuickAddDraft['listName'] = null;
  // Marked words are hidden from the date parser ("#friday", ^"Next week"), even those kept as
  // text, by a character that also stops chrono from joining the words either side of one.
  let dateText = line;

  for (const word of findMarkedWords(line)) {
    dateText = `${dateText.slice(0, word.start)}${'|'.repeat(word.end - word.start)}${dateText.slice(word.end)}`;
    const { start, end, text } = word;
    switch (word.kind) {
      case 'tag':
        if (keep.tags?.includes(word.tag) === true) break;
        if (!tags.includes(word.tag)) {
          if (tags.length === TASK_LIMITS.tagsPerTask) break;
          tags.push(word.tag);
        }
        spans.push({ kind: 'tag', tag: word.tag, start, end, text });
        break;
      case 'priority':
        if (keep.priority === true || priority !== null) break;
        priority = word.priority;
        spans.push({ kind: 'priority', priority: word.priority, start, end, text });
        break;
      case 'list':
        if (keep.list === true || listName !== null) break;
        listName = word.listName;
        spans.push({ kind: 'list', listName: word.listName, start, end, text });
        break;
      case 'other':
        break;
      default:
        word satisfies never;
    }
  }

  // A rule's words are hidden from the date parser too, kept or not: "every monday" is no due
  // date of its own.
  const repeat = findRecurrence(dateText);
  let recurrence: Recurrence | null = options.repeat ?? null;
  if (repeat !== null) {
    dateText = `${dateText.slice(0, repeat.start)}${'|'.repeat(repeat.end - repeat.start)}${dateText.slice(repeat.end)}`;
    if (keep.recurrence !== true && options.repeat === undefined) {
      recurrence = repeat.recurrence;
      const { start, end } = repeat;
      spans.push({ kind: 'recurrence', recurrence, start, end, text: line.slice(start, end) });
    }
  }

  const due = keep.due === true ? null : findDue(dateText, options);
  const dueAt = recurrence === null ? (due?.dueAt ?? null) : firstDue(recurrence, due, options);
  if (due !== null && dueAt !== null) {
    const { start, end } = due;
    spans.push({
      kind: 'due',
      dueAt,
      hasTime: due.hasTime,
      start,
      end,
      text: line.slice(start, end),
    });
  }
  spans.sort((a, b) => a.start - b.start);

  return {
    title: withoutSpans(line, spans),
    dueAt,
    dueHasTime: due?.hasTime ?? false,
    priority,
    tags,
    listName,
    recurrence,
    spans,
  };
}

/**
 * The first occurrence of a new rule: at the time named (or the end of the day), on the day
 * named or today, or the first day after it the rule matches, never before now. "every weekday
 * at 9" on a Saturday is Monday 9:00 in the person's zone.
 */
function firstDue(rule: Recurrence, due: FoundDue | null, options: QuickAddOptions): Date {
  const { now, timeZone } = options;
  const named = due === null ? null : wallTimeAt(due.dueAt, timeZone);
  const day = named !== null && due?.namesDay === true ? named : wallTimeAt(now, timeZone);
  const time =
    named !== null && due?.hasTime === true
      ? { hour: named.hour, minute: named.minute, second: named.second, millisecond: 0 }
      : { hour: 23, minute: 59, second: 59, millisecond: 999 };
  const start = { year: day.year, month: day.month, day: day.day, ...time };
  const startAt = instantOfWallTime(start, timeZone);
  const notBefore = startAt.getTime() > now.getTime() ? startAt : now;
  // The nearest day the rule's days allow, whatever its interval: "every 2 weeks on mon, thu"
  // said on a Friday starts next Monday (the series then counts its weeks from there), where
  // RFC 5545 would count from this week and skip to the Monday after. Rules read from a line
  // have no end, so a first occurrence always exists.
  return firstDueOf(rule, { start, timeZone, notBefore }) ?? startAt;
}

/** The whole line as the title: Escape in the composer, `--literal` in the CLI. */
export function literalDraft(line: string): QuickAddDraft {
  return {
    title: line.trim(),
    dueAt: null,
    dueHasTime: false,
    priority: null,
    tags: [],
    listName: null,
    recurrence: null,
    spans: [],
  };
}

/**
 * The line with the spans cut out. Only the whitespace at each cut becomes one space, so text
 * nothing was taken from keeps its own spacing.
 */
function withoutSpans(line: string, spans: readonly QuickAddSpan[]): string {
  let title = '';
  let from = 0;
  for (const span of spans) {
    title = join(title, line.slice(from, span.start));
    from = span.end;
  }
  return join(title, line.slice(from)).trim();
}

function join(left: string, right: string): string {
  const a = left.trimEnd();
  const b = right.trimStart();
  if (a === '' || b === '') return a + b;
  return left.length === a.length && right.length === b.length ? a + b : `${a} ${b}`;
}
