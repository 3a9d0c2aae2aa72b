// `--only reminders`: reminder delivery of issue 14. 10,000 reminders of 1,000 people (10 each,
// one person in ten with email reminders on) all fall due at the same instant; production server
// processes deliver them from the jobs table on their own (real) clock, with the runner settings
// production has. Measured: delivered per second and lateness, where the lateness of the k-th
// delivery is when the bench first saw k deliveries committed (polling every 100 ms on the real
// clock) minus the due instant. Then the bench checks exactly-once: every reminder sent, one
// event each, one mail each for the people who asked for mail, no job retried or left over.
//
// Each variant gets a fresh database: one instance, two instances, and (with --compare-entry)
// one instance of the compared build.
import pg from 'pg';

import { dropDatabase, recreateDatabase } from '../bench-database';
import { backendCpuDelta, openDatabaseProbe } from '../database-probe';
import { cpuTimeMs } from '../proc-stats';
import type { GoalResult, ReportRow } from '../report';
import type { RunningProcess } from '../processes';
import { startTasklane } from '../servers';
import { atLeast, atMost } from './goals';
import type { BenchContext, ScenarioOutcome } from './scenario';

const DATABASE = 'tasklane_bench_reminders';
const PEOPLE = 1000;
const REMINDERS_PER_PERSON = 10;
const REMINDERS = PEOPLE * REMINDERS_PER_PERSON;
/** Every EMAIL_EVERY-th person gets reminders by mail as well. */
const EMAIL_EVERY = 10;
/** Time from seeding to the due instant: the instances are up and idle by then. */
const LEAD_MS = 8000;
const POLL_MS = 100;
/** Give up on a variant (and report what was lost) after this long past due. */
const GIVE_UP_MS = 300_000;
/** Issue 14: "at the minute, within ±60 s". */
const PROMISE_MS = 60_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface VariantPlan {
  label: string;
  entry: string;
  instances: number;
}

interface Checks {
  sent: number;
  missed: number;
  events: number;
  distinctEvents: number;
  mails: number;
  expectedMails: number;
  jobsNotDone: number;
  /** Claims beyond one per job: retries, or a claim whose lease ran out. */
  extraClaims: number;
}

interface VariantResult {
  plan: VariantPlan;
  /** Lateness in ms of each delivery, in order, as the bench saw them committed. */
  lateness: number[];
  /** Milliseconds from the due instant to the last delivery seen. */
  drainMs: number;
  checks: Checks;
  serverCpuMs: number | null;
  dbCpuMs: number;
}

function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

/** People, their tasks and reminders, and the delivery job of each, as enqueueJob makes them. */
async function seedReminders(client: pg.Client, dueAt: Date): Promise<void> {
  const fireAt = dueAt.toISOString();
  await client.query(
    `insert into users (email, name, password_hash, email_reminders)
     select 'remind-' || lpad(g::text, 6, '0') || '@example.com', 'Reminded ' || g,
            '$argon2id$bench-not-a-real-hash', g % $2::int = 0
     from generate_series(1, $1::int) as g`,
    [PEOPLE, EMAIL_EVERY],
  );
  await client.query(
    `insert into tasks (user_id, title, due_at)
     select u.id, 'Reminded task ' || n || ' of ' || u.name, $2::timestamptz + interval '1 hour'
     from users as u cross join generate_series(1, $1::int) as n`,
    [REMINDERS_PER_PERSON, fireAt],
  );
  await client.query(
    `insert into reminders (user_id, task_id, remind_at) select user_id, id, $1::timestamptz from tasks`,
    [fireAt],
  );
  // The payload and dedupe key of scheduleReminders (packages/api/src/reminders/reminder-scope.ts).
  await client.query(
    `insert into jobs (kind, payload, run_at, dedupe_key)
     select 'reminder.deliver', jsonb_build_object('reminderId', id, 'fireAt', $1::text),
            $1::timestamptz, 'reminder:' || id || ':' || $1::text
     from reminders`,
    [fireAt],
  );
  await client.query('vacuum analyze');
}

async function check(client: pg.Client): Promise<Checks> {
  const { rows } = await client.query<Record<keyof Checks, string>>(
    `select
       (select count(*) from reminder_deliveries where outcome = 'sent') as sent,
       (select count(*) from reminder_deliveries where outcome = 'missed') as missed,
       (select count(*) from task_events where kind = 'reminder') as events,
       (select count(distinct (reminder_id, fire_at)) from task_events where kind = 'reminder')
         as "distinctEvents",
       (select count(*) from mail_outbox where kind = 'reminder') as mails,
       (select count(*) * ${REMINDERS_PER_PERSON} from users where email_reminders) as "expectedMails",
       (select count(*) from jobs where kind = 'reminder.deliver' and state <> 'done') as "jobsNotDone",
       (select coalesce(sum(greatest(attempts - 1, 0)), 0) from jobs where kind = 'reminder.deliver')
         as "extraClaims"`,
  );
  const row = rows[0];
  if (row === undefined) throw new Error('no check row');
  return {
    sent: Number(row.sent),
    missed: Number(row.missed),
    events: Number(row.events),
    distinctEvents: Number(row.distinctEvents),
    mails: Number(row.mails),
    expectedMails: Number(row.expectedMails),
    jobsNotDone: Number(row.jobsNotDone),
    extraClaims: Number(row.extraClaims),
  };
}

function exactlyOnce(checks: Checks): boolean {
  return (
    checks.sent === REMINDERS &&
    checks.missed === 0 &&
    checks.events === REMINDERS &&
    checks.distinctEvents === REMINDERS &&
    checks.mails === checks.expectedMails &&
    checks.jobsNotDone === 0
  );
}

/** What the checks say, in words: a variant that gave up is unfinished, not necessarily wrong. */
function verdict(checks: Checks): string {
  if (exactlyOnce(checks)) return 'exactly once';
  const duplicated = checks.events !== checks.distinctEvents || checks.sent > REMINDERS;
  if (!duplicated && checks.jobsNotDone > 0 && checks.sent + checks.jobsNotDone === REMINDERS) {
    return `unfinished: ${checks.jobsNotDone} still due after ${GIVE_UP_MS / 1000} s, none doubled`;
  }
  return `NOT exactly once: ${JSON.stringify(checks)}`;
}

async function runVariant(ctx: BenchContext, plan: VariantPlan): Promise<VariantResult> {
  const url = await recreateDatabase(ctx.env.adminUrl, DATABASE);
  const servers: RunningProcess[] = [];
  const client = new pg.Client({ connectionString: url });
  const probe = await openDatabaseProbe(ctx.env.adminUrl, [DATABASE]);
  try {
    // The first instance migrates the empty database; the others start on the migrated one.
    for (let index = 0; index < plan.instances; index++) {
      servers.push(
        await startTasklane({
          entry: plan.entry,
          databaseUrl: url,
          path: ctx.env.path,
          name: `${plan.label} #${index + 1}`,
        }),
      );
    }
    await client.connect();
    // Whole seconds, so the fire time is what a reminder "at 9:00" stores.
    const dueAt = new Date(Math.ceil((Date.now() + LEAD_MS) / 1000) * 1000);
    ctx.log(`reminders, ${plan.label}: ${REMINDERS} due at ${dueAt.toISOString()}`);
    await seedReminders(client, dueAt);
    const pids = servers.map((server) => server.pid);
    while (Date.now() < dueAt.getTime())
      await sleep(Math.min(POLL_MS, dueAt.getTime() - Date.now()));
    const cpuBefore = cpuTimeMs(pids);
    const dbBefore = await probe.backendCpu();

    const lateness: number[] = [];
    let seen = 0;
    while (seen < REMINDERS && Date.now() - dueAt.getTime() < GIVE_UP_MS) {
      await sleep(POLL_MS);
      const { rows } = await client.query<{ n: string }>(
        'select count(*) as n from reminder_deliveries',
      );
      const now = Date.now();
      const count = Number(rows[0]?.n ?? 0);
      for (; seen < count; seen++) lateness.push(now - dueAt.getTime());
    }
    const cpuAfter = cpuTimeMs(pids);
    const dbCpuMs = backendCpuDelta(dbBefore, await probe.backendCpu());
    // Let a retry or a late duplicate show itself before counting.
    await sleep(2000);
    const checks = await check(client);
    ctx.log(
      `reminders, ${plan.label}: ${seen} delivered in ${((lateness.at(-1) ?? 0) / 1000).toFixed(1)} s; checks ${JSON.stringify(checks)}`,
    );
    return {
      plan,
      lateness,
      drainMs: lateness.at(-1) ?? Number.NaN,
      checks,
      serverCpuMs: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore,
      dbCpuMs,
    };
  } finally {
    await client.end().catch(() => undefined);
    for (const server of servers) await server.stop();
    await probe.close();
    if (!ctx.options.keepDatabases) await dropDatabase(ctx.env.adminUrl, DATABASE);
  }
}

export async function reminderScenario(ctx: BenchContext): Promise<ScenarioOutcome> {
  const plans: VariantPlan[] = [
    { label: 'one instance', entry: ctx.serverEntry, instances: 1 },
    { label: 'two instances', entry: ctx.serverEntry, instances: 2 },
    ...(ctx.options.compareEntry === undefined
      ? []
      : [{ label: 'one instance, compared build', entry: ctx.options.compareEntry, instances: 1 }]),
  ];
  const results: VariantResult[] = [];
  for (const plan of plans) results.push(await runVariant(ctx, plan));

  const scenario = `reminders: ${REMINDERS.toLocaleString('en')} due at one instant, ${PEOPLE} people`;
  const rows: ReportRow[] = results.map((result) => {
    const sorted = [...result.lateness].sort((a, b) => a - b);
    const delivered = result.lateness.length;
    return {
      scenario,
      variant: result.plan.label,
      rounds: 1,
      unit: 'reminders/s',
      rate: delivered / (result.drainMs / 1000),
      p50Ms: percentile(sorted, 0.5),
      p99Ms: percentile(sorted, 0.99),
      cpuMsPerCall: result.serverCpuMs === null ? null : result.serverCpuMs / delivered,
      dbCpuMsPerCall: result.dbCpuMs / delivered,
      rssPeakMb: null,
      non2xx: REMINDERS - delivered,
      note: `p50/p99 are lateness (seen committed − due); all in ${(result.drainMs / 1000).toFixed(1)} s; ${verdict(result.checks)}; ${result.checks.extraClaims} extra claims`,
    };
  });
  const goals: GoalResult[] = results.flatMap((result) => {
    const sorted = [...result.lateness].sort((a, b) => a - b);
    const p99 = result.lateness.length === REMINDERS ? percentile(sorted, 0.99) : Number.NaN;
    return [
      {
        goal: `Reminders, ${result.plan.label}: 10,000 due in one minute delivered within 60 s (p99 lateness)`,
        target: '≤ 60 s',
        measured: Number.isNaN(p99) ? 'not all delivered' : `${(p99 / 1000).toFixed(1)} s`,
        met: atMost(p99, PROMISE_MS),
      },
      {
        goal: `Reminders, ${result.plan.label}: exactly once (all sent, one event each, one mail each where asked, no job left)`,
        target: 'yes',
        measured: verdict(result.checks),
        met: atLeast(exactlyOnce(result.checks) ? 1 : 0, 1),
      },
    ];
  });
  return {
    rows,
    goals,
    notes: [
      `Reminders: each variant on a fresh database; ${REMINDERS.toLocaleString('en')} absolute reminders (10 per person, every ${EMAIL_EVERY}th person with email reminders on, so ${REMINDERS / EMAIL_EVERY} mails queued) all due at the same whole second; the production server (its own real clock, default runner settings) delivers them. Lateness = when the bench's poll (every ${POLL_MS} ms, real clock) first saw the delivery committed − the due instant, so it includes up to one poll interval of the runner (1 s) and of the bench. Rate = reminders / time from due to the last delivery. CPU ms/call = per reminder (server process incl. its other runners; PostgreSQL backends of the database). SMTP is not reachable in the bench: queued mails only retry.`,
    ],
  };
}
