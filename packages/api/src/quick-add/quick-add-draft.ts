// What the quick-add parser understood in a line: the draft of a task and where each part was.
import type { TaskPriority } from '../contract/task-rules';
import type { Recurrence } from '../recurrence/recurrence-schemas';

/** One recognised part of the line, for a chip that shows it and can be removed. */
export type QuickAddSpan = {
  /** UTF-16 offsets into the line, end exclusive: `line.slice(start, end) === text`. */
  start: number;
  end: number;
  text: string;
} & (
  | { kind: 'due'; dueAt: Date; hasTime: boolean }
  | { kind: 'priority'; priority: TaskPriority }
  | { kind: 'tag'; tag: string }
  | { kind: 'list'; listName: string }
  | { kind: 'recurrence'; recurrence: Recurrence }
);

export type QuickAddKind = QuickAddSpan['kind'];

export interface QuickAddDraft {
  /** The line without the recognised parts; the whole line (trimmed) when none was. */
  title: string;
  /**
   * The due instant: the time named, or the last millisecond of the day named. For a repeating
   * task, its first occurrence at or after that day (today when none was named) and now.
   */
  dueAt: Date | null;
  /** True when a time was named ("5pm"), false for a day alone or no due date. */
  dueHasTime: boolean;
  /** Null when none was named: the task then gets the default. */
  priority: TaskPriority | null;
  /** Lower-cased as stored, each once, in the order written. */
  tags: string[];
  /** As written (trimmed); lists are matched whatever their case. */
  listName: string | null;
  /** How the task repeats ("every weekday"); null for a one-off task. */
  recurrence: Recurrence | null;
  /** In the order they appear in the line. */
  spans: QuickAddSpan[];
}

/** Parts to leave in the title: a removed chip, or everything (`literal`). */
export interface KeepLiteral {
  literal?: boolean;
  due?: boolean;
  priority?: boolean;
  list?: boolean;
  recurrence?: boolean;
  /** Tags as stored (lower-case). */
  tags?: readonly string[];
}

export interface QuickAddOptions {
  /** What "today", "tomorrow" and "in 3 hours" count from. */
  now: Date;
  /** The person's IANA time zone ("Europe/Berlin"): days and times are read there. */
  timeZone: string;
  keep?: KeepLiteral;
  /**
   * A rule chosen outside the line (the CLI's `--every`): the draft repeats by it, its first due
   * time found as for a rule in the line, and a rule in the line stays in the title.
   */
  repeat?: Recurrence;
}
