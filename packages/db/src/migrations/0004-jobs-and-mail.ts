import { sql, type Kysely } from 'kysely';

// Background jobs claimed by any instance, and the mail outbox they deliver. Frozen in time.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // One row per unit of background work. A runner claims due rows with FOR UPDATE SKIP LOCKED
  // and holds them for a lease (locked_until); a runner that dies leaves the lease to expire and
  // another claims the row again. Every claim adds one attempt, so a job that keeps killing its
  // runner still ends in 'failed'.
  await sql`
    create table jobs (
      id uuid primary key default gen_random_uuid(),
      kind text not null constraint jobs_kind_length check (char_length(kind) between 1 and 100),
      payload jsonb not null default '{}',
      state text not null default 'pending'
        constraint jobs_state_known check (state in ('pending', 'running', 'done', 'failed')),
      run_at timestamptz(3) not null default now(),
      attempts integer not null default 0 constraint jobs_attempts_range check (attempts >= 0),
      max_attempts integer not null default 10
        constraint jobs_max_attempts_range check (max_attempts between 1 and 100),
      locked_by text,
      locked_until timestamptz(3),
      last_error text constraint jobs_last_error_length check (char_length(last_error) <= 1000),
      dedupe_key text constraint jobs_dedupe_key_length check (char_length(dedupe_key) <= 200),
      created_at timestamptz(3) not null default now(),
      finished_at timestamptz(3),
      constraint jobs_running_has_lease check (state <> 'running' or locked_until is not null)
    )`.execute(db);
  // What a claim reads: due pending rows and running rows whose lease ran out, oldest first.
  await sql`create index jobs_due_idx on jobs (run_at) where state = 'pending'`.execute(db);
  await sql`create index jobs_lease_idx on jobs (locked_until) where state = 'running'`.execute(db);
  // A job enqueued twice under one key (a reminder's occurrence) exists once.
  await sql`create unique index jobs_dedupe_key_key on jobs (dedupe_key)`.execute(db);

  // Every mail, written in the transaction of the change that causes it and delivered by a job.
  // Once delivered, its bodies and link are erased: a link holds a live token.
  await sql`
    create table mail_outbox (
      id uuid primary key default gen_random_uuid(),
      user_id uuid references users (id) on delete set null,
      kind text not null constraint mail_outbox_kind_length check (char_length(kind) between 1 and 100),
      to_address text not null
        constraint mail_outbox_to_length check (char_length(to_address) between 3 and 254),
      subject text not null constraint mail_outbox_subject_length check (char_length(subject) <= 300),
      text_body text not null,
      html_body text not null,
      -- The mail's one action link (a token in its fragment), logged only in development.
      link text,
      created_at timestamptz(3) not null default now(),
      sent_at timestamptz(3),
      failed_at timestamptz(3)
    )`.execute(db);
  await sql`create index mail_outbox_created_idx on mail_outbox (created_at desc, id)`.execute(db);
  await sql`create index mail_outbox_user_idx on mail_outbox (user_id) where user_id is not null`.execute(
    db,
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table mail_outbox`.execute(db);
  await sql`drop table jobs`.execute(db);
}
