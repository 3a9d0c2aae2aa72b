// Limits of reminders, shared by the server, the web app and the CLI.
export const REMINDER_LIMITS = {
  perTask: 5,
  /** Four weeks. */
  minutesBeforeMax: 40_320,
  /** A reminder found later than this (every instance was down) is recorded as missed, not sent. */
  lateMaxMs: 60 * 60 * 1000,
} as const;
