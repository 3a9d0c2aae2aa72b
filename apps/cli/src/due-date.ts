// Reads --due: a calendar day means the end of that day in local time, as the web app stores it.
import { UsageError } from './cli-errors';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseDue(text: string, now: Date = new Date()): Date {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === 'today') return endOfDay(now.getFullYear(), now.getMonth(), now.getDate());
  if (trimmed === 'tomorrow') return endOfDay(now.getFullYear(), now.getMonth(), now.getDate() + 1);

  const day = DAY.exec(trimmed);
  if (day !== null) {
    const [year, month, date] = [Number(day[1]), Number(day[2]) - 1, Number(day[3])];
    const due = endOfDay(year, month, date);
    // new Date() rolls 2026-02-30 over to March; refuse instead.
    if (due.getFullYear() === year && due.getMonth() === month && due.getDate() === date)
      return due;
  } else if (/^\d{4}-\d{2}-\d{2}[t ]\d{2}:\d{2}/.test(trimmed)) {
    const due = new Date(trimmed.replace(' ', 't').toUpperCase());
    if (!Number.isNaN(due.getTime())) return due;
  }
  throw new UsageError(
    `--due must be a date such as 2026-12-01, 2026-12-01T17:00, today or tomorrow (got "${text}")`,
  );
}

export function endOfDay(year: number, month: number, date: number): Date {
  return new Date(year, month, date, 23, 59, 59, 999);
}

/** The due date as a person reads it: the day, plus the time unless it is the end of the day. */
export function formatDue(due: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  const day = `${due.getFullYear()}-${pad(due.getMonth() + 1)}-${pad(due.getDate())}`;
  const endOfTheDay = due.getHours() === 23 && due.getMinutes() === 59;
  return endOfTheDay ? day : `${day} ${pad(due.getHours())}:${pad(due.getMinutes())}`;
}
