// The Upcoming view's days in the person's time zone: Overdue, Today, Tomorrow, then each of the
// next days. Days are calendar dates in that zone (`YYYY-MM-DD`), so daylight saving and the
// browser's own zone change nothing.
import type { Task } from '@tasklane/api/client';

export interface DayGroup {
  key: string;
  heading: string;
  tasks: Task[];
}

/** The calendar date of an instant in a zone, as `YYYY-MM-DD`. */
export function dayIn(timeZone: string, instant: Date): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}

/** The date `days` after a `YYYY-MM-DD` date. */
export function addDays(day: string, days: number): string {
  const [year = 0, month = 1, date = 1] = day.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, date + days)).toISOString().slice(0, 10);
}

function weekdayHeading(day: string): string {
  const [year = 0, month = 1, date = 1] = day.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, date, 12)).toLocaleDateString(undefined, {
    timeZone: 'UTC',
    weekday: 'long',
    month: 'long',
    day: 'numeric',
  });
}

/** How many days after tomorrow the view shows. */
export const UPCOMING_DAYS = 7;

/** The last calendar date (`YYYY-MM-DD`) the Upcoming view shows, in the person's zone. */
export function lastUpcomingDay(now: Date, timeZone: string): string {
  return addDays(dayIn(timeZone, now), UPCOMING_DAYS + 1);
}

/**
 * Active tasks with a due date, grouped: Overdue (due before now), Today, Tomorrow, then one group
 * per day for the next 7 days; later or undated tasks are left out. Empty groups are left out.
 */
export function groupByDay(tasks: readonly Task[], now: Date, timeZone: string): DayGroup[] {
  const today = dayIn(timeZone, now);
  const days = [
    today,
    ...Array.from({ length: UPCOMING_DAYS + 1 }, (_, i) => addDays(today, i + 1)),
  ];
  const groups: DayGroup[] = [
    { key: 'overdue', heading: 'Overdue', tasks: [] },
    ...days.map((day, index) => ({
      key: day,
      heading: index === 0 ? 'Today' : index === 1 ? 'Tomorrow' : weekdayHeading(day),
      tasks: [] as Task[],
    })),
  ];
  const sorted = [...tasks].sort(
    (a, b) => (a.dueAt?.getTime() ?? Infinity) - (b.dueAt?.getTime() ?? Infinity),
  );
  for (const task of sorted) {
    if (task.completed || task.dueAt === null) continue;
    if (task.dueAt.getTime() < now.getTime()) {
      groups[0]?.tasks.push(task);
      continue;
    }
    groups.find((group) => group.key === dayIn(timeZone, task.dueAt ?? now))?.tasks.push(task);
  }
  return groups.filter((group) => group.tasks.length > 0);
}
