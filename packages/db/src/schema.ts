// The Kysely view of the database: one interface per table, column types as the driver returns them.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** A timestamptz column: read as a Date, written as a Date or an SQL expression's result. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamptz column the database fills in unless told otherwise. */
export type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  password_hash: string;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
  /** When the person proved they read mail at `email`; null until then. */
  email_verified_at: ColumnType<
    Date | null,
    Date | string | null | undefined,
    Date | string | null
  >;
  /** IANA name ("Europe/Paris"): where the person's "today" and "this week" are. */
  time_zone: ColumnType<string, string | undefined, string>;
  /** Whether reminders are also mailed (off by default). */
  email_reminders: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface SessionsTable {
  id: Generated<string>;
  user_id: string;
  created_at: GeneratedTimestamp;
  last_used_at: GeneratedTimestamp;
  /** Absolute end of the refresh session (created_at + REFRESH_TOKEN_TTL). */
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  user_agent: string | null;
  /** The client a device login was approved for ("Tasklane CLI on build-box"); null otherwise. */
  client_name: ColumnType<string | null, string | null | undefined, string | null>;
}

/** Every refresh token ever issued for a session, stored only as a SHA-256 hash. */
export interface RefreshTokensTable {
  token_hash: Buffer;
  session_id: string;
  created_at: GeneratedTimestamp;
  /** Set when the token is exchanged; presenting it again is reuse and revokes the session. */
  used_at: Timestamp | null;
}

/**
 * A person's API keys. The secret is stored only as a SHA-256 hash; revoking a key deletes its row.
 */
export interface ApiKeysTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  /** Scope names such as 'tasks:read' (packages/api/src/contract/api-key-rules.ts). */
  scopes: string[];
  /** The first characters of the secret, so a person can recognise the key. */
  prefix: string;
  key_hash: Buffer;
  created_at: GeneratedTimestamp;
  /** Written at most once a minute per key. */
  last_used_at: Timestamp | null;
  /** Null: the key never expires. */
  expires_at: Timestamp | null;
}

export type ApiKeyRow = Selectable<ApiKeysTable>;

/** Fixed-window counters shared by every server instance (sign-in and sign-up limits). */
export interface RateLimitsTable {
  key: string;
  window_start: Timestamp;
  hits: number;
}

/** Where a user has signed in successfully (an HMAC of the address), for the sign-in limits. */
export interface SignInAddressesTable {
  user_id: string;
  address_key: string;
  last_signed_in_at: GeneratedTimestamp;
}

export type TaskPriority = 'low' | 'medium' | 'high';

export interface TasksTable {
  id: Generated<string>;
  user_id: string;
  title: string;
  description: Generated<string>;
  priority: ColumnType<TaskPriority, TaskPriority | undefined, TaskPriority>;
  /** 3 for high, 2 for medium, 1 for low: derived from priority so the sort can use an index. */
  priority_rank: ColumnType<number, never, never>;
  /** Millisecond precision (timestamptz(3)), like every task timestamp: a JS Date holds it exactly. */
  due_at: Timestamp | null;
  /** Trimmed, lower-case, distinct, at most 20 of 1-32 characters (checked by the database). */
  tags: ColumnType<string[], string[] | undefined, string[]>;
  /** Derived: completed_at is not null. */
  completed: ColumnType<boolean, never, never>;
  completed_at: Timestamp | null;
  created_at: GeneratedTimestamp;
  /** Maintained by a trigger on every update. */
  updated_at: ColumnType<Date, never, never>;
  /** Optimistic concurrency: every change adds one; an update names the version it saw. */
  version: Generated<number>;
  /** The list holding the task (one of the same user's); null is the Inbox. */
  list_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** The repeat rule (RRULE subset, JSON); null for a one-off task. Needs `due_at`. */
  recurrence: ColumnType<StoredRecurrence | null, string | null | undefined, string | null>;
  /** The series' first occurrence (DTSTART), set with the rule or the due time; `count` counts from it. */
  series_start_at: Timestamp | null;
}

/** The palette (checked by the database; @tasklane/api/contract lists it as LIST_COLORS). */
export type ListColor = 'gray' | 'red' | 'orange' | 'yellow' | 'green' | 'teal' | 'blue' | 'purple';

/** A person's named group of tasks (packages/api/src/lists). */
export interface ListsTable {
  id: Generated<string>;
  user_id: string;
  /** 1-100 characters, trimmed; unique per user whatever its case. */
  name: string;
  color: ColumnType<ListColor, ListColor | undefined, ListColor>;
  /** 0 for the first list, then 1, 2, ...: the server keeps them contiguous per user. */
  position: number;
  created_at: GeneratedTimestamp;
  /** Maintained by a trigger on every update. */
  updated_at: ColumnType<Date, never, never>;
  version: Generated<number>;
}

/** `tasks.recurrence` as stored: `until` is an ISO 8601 instant. */
export interface StoredRecurrence {
  freq: 'daily' | 'weekly' | 'monthly' | 'yearly';
  interval: number;
  byWeekday?: ('MO' | 'TU' | 'WE' | 'TH' | 'FR' | 'SA' | 'SU')[];
  byMonthDay?: number[];
  until?: string;
  count?: number;
}

/** One completed occurrence of a recurring task (the task itself moved on to the next). */
export interface TaskCompletionsTable {
  task_id: string;
  user_id: string;
  /** The due time of the occurrence completed. */
  occurrence_at: Timestamp;
  completed_at: Timestamp;
}

/** A nudge about a task: at `remind_at`, or `minutes_before` its due time (exactly one is set). */
export interface RemindersTable {
  id: Generated<string>;
  user_id: string;
  task_id: string;
  remind_at: Timestamp | null;
  minutes_before: number | null;
  created_at: GeneratedTimestamp;
}

export type ReminderOutcome = 'sent' | 'missed';

/** What became of one fire time of a reminder; the key keeps it to one. */
export interface ReminderDeliveriesTable {
  reminder_id: string;
  fire_at: Timestamp;
  user_id: string;
  outcome: ReminderOutcome;
  recorded_at: Timestamp;
}

export type AccountTokenKind = 'email-verification' | 'password-reset' | 'email-change';

/** One-time tokens sent by mail, stored only hashed (packages/api/src/accounts). */
export interface AccountTokensTable {
  token_hash: Buffer;
  user_id: string;
  kind: AccountTokenKind;
  /** The address an email-change token switches to; null for the other kinds. */
  new_email: string | null;
  created_at: GeneratedTimestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

/** Each person's last task event id: ids are given out per person, in commit order. */
export interface TaskEventHeadsTable {
  user_id: string;
  last_seq: number;
}

export type TaskEventKind = 'upsert' | 'delete' | 'reminder';

/** Every change to a person's tasks, written by a trigger on tasks and kept for a bounded time. */
export interface TaskEventsTable {
  user_id: string;
  /** Increasing per person, in commit order (int8 read as a number). */
  seq: number;
  kind: TaskEventKind;
  task_id: string;
  created_at: GeneratedTimestamp;
  /** Set on a 'reminder' event only: which reminder, for which fire time. */
  reminder_id: string | null;
  fire_at: Timestamp | null;
}

export type JobState = 'pending' | 'running' | 'done' | 'failed';

/** Background work claimed by any instance under a lease (packages/api/src/jobs). */
export interface JobsTable {
  id: Generated<string>;
  kind: string;
  payload: ColumnType<unknown, string | undefined, string>;
  state: ColumnType<JobState, JobState | undefined, JobState>;
  run_at: GeneratedTimestamp;
  /** Claims so far, a claim whose runner died included. */
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  /** The runner holding the lease; with `attempts`, what a runner must still match to finish. */
  locked_by: string | null;
  locked_until: Timestamp | null;
  last_error: string | null;
  /** Unique when set: enqueueing twice under one key makes one job. */
  dedupe_key: string | null;
  created_at: GeneratedTimestamp;
  finished_at: Timestamp | null;
}

/** Every mail sent, written with the change that causes it (packages/api/src/mail). */
export interface MailOutboxTable {
  id: Generated<string>;
  user_id: string | null;
  kind: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  /** The mail's action link (holds a token): erased with the bodies once delivered. */
  link: string | null;
  created_at: GeneratedTimestamp;
  sent_at: Timestamp | null;
  failed_at: Timestamp | null;
}

export type DeviceCodeState = 'pending' | 'approved' | 'denied' | 'used';

/**
 * A device login in progress (RFC 8628, packages/api/src/device-login): the device code only as
 * a SHA-256 hash, the user code only as a keyed hash. pending -> approved -> used, or denied.
 */
export interface DeviceCodesTable {
  device_code_hash: Buffer;
  user_code_hash: Buffer;
  client_name: string;
  user_agent: string | null;
  state: ColumnType<DeviceCodeState, DeviceCodeState | undefined, DeviceCodeState>;
  /** Who approved or denied it; null while pending. */
  user_id: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  /** The least time between two polls; a faster poll is answered slow_down. */
  interval_seconds: number;
  last_polled_at: Timestamp | null;
  decided_at: Timestamp | null;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  refresh_tokens: RefreshTokensTable;
  rate_limits: RateLimitsTable;
  sign_in_addresses: SignInAddressesTable;
  tasks: TasksTable;
  lists: ListsTable;
  account_tokens: AccountTokensTable;
  jobs: JobsTable;
  mail_outbox: MailOutboxTable;
  task_event_heads: TaskEventHeadsTable;
  task_events: TaskEventsTable;
  device_codes: DeviceCodesTable;
  api_keys: ApiKeysTable;
  task_completions: TaskCompletionsTable;
  reminders: RemindersTable;
  reminder_deliveries: ReminderDeliveriesTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type Session = Selectable<SessionsTable>;
export type TaskRow = Selectable<TasksTable>;
export type ListRow = Selectable<ListsTable>;
export type NewTaskRow = Insertable<TasksTable>;
export type TaskRowUpdate = Updateable<TasksTable>;
export type JobRow = Selectable<JobsTable>;
export type MailOutboxRow = Selectable<MailOutboxTable>;
