// Client-safe entry point `@tasklane/api/quick-add`: the natural-language quick-add parser and
// the step from its draft to `tasks.create`. No server code; the date library is chrono (English).
export * from './parse-quick-add';
export * from './quick-add-draft';
export { parseRecurrenceRule } from './quick-add-recurrence';
export * from './quick-add-task';
export { instantOfWallTime, offsetMinutesAt, wallTimeAt, type WallTime } from './zoned-time';
