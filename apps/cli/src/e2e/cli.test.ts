// The built `tasklane` command end to end: a child process with its own config directory against
// the real server (PostgreSQL when TEST_DATABASE_URL is set), as a person at a shell runs it.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTasklaneClient, errorCode, type Task } from '@tasklane/api/client';
import { testDatabaseUrl } from '@tasklane/db/testing';
import { freePort } from '@tasklane/server/testing';

import { startLiveServer, type LiveServer } from './live-server';
import { runProcess, startCommand, type ProcessResult, type RunningCommand } from './run-process';

const cliRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cliBundle = join(cliRoot, 'dist', 'tasklane.js');
const PASSWORD = 'a long and unusual passphrase 7';

let server: LiveServer;
const scratch: string[] = [];
const watches: RunningCommand[] = [];

beforeAll(async () => {
  execFileSync(process.execPath, ['build.mjs'], { cwd: cliRoot, stdio: 'ignore' });
  server = await startLiveServer();
});

afterAll(async () => {
  // A watch a failed test never stopped would keep this process alive.
  await Promise.all(watches.map((watch) => watch.stop('SIGKILL')));
  await server.stop();
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A fresh "home": its own config directory, as another person or machine would have. */
async function newHome(): Promise<string> {
  const home = await mkdtemp(join(tmpdir(), 'tasklane-cli-home-'));
  scratch.push(home);
  return home;
}

function tasklane(
  home: string,
  args: readonly string[],
  options: { stdin?: string; env?: Record<string, string | undefined> } = {},
): Promise<ProcessResult> {
  return runProcess(process.execPath, [cliBundle, ...args], {
    env: {
      PATH: process.env.PATH,
      HOME: home,
      XDG_CONFIG_HOME: join(home, 'config'),
      TASKLANE_URL: server.url,
      TZ: 'Europe/Paris',
      ...options.env,
    },
    stdin: options.stdin,
  });
}

/** `tasklane watch ...`, running until stopped. */
function watching(home: string, args: readonly string[] = []): RunningCommand {
  const watch = startCommand(process.execPath, [cliBundle, 'watch', ...args], {
    env: {
      PATH: process.env.PATH,
      HOME: home,
      XDG_CONFIG_HOME: join(home, 'config'),
      TASKLANE_URL: server.url,
      TZ: 'Europe/Paris',
    },
  });
  watches.push(watch);
  return watch;
}

/**
 * The CLI reads and shows dates in the account's zone, not the machine's: these accounts are in
 * Tokyo (UTC+9 all year) while the commands run with TZ=Europe/Paris.
 */
const ACCOUNT_ZONE = 'Asia/Tokyo';

/** Each account's sign-up session: the person's other device (phone, browser). */
const signUpTokens = new Map<string, string>();

async function newUser(): Promise<string> {
  const email = `cli-${randomUUID()}@example.com`;
  // Signing up is no sign-in: these credentials are never used.
  const client = createTasklaneClient({
    url: server.url,
    credentials: { email, password: PASSWORD },
  });
  const session = await client.auth.signUp.mutate({
    email,
    password: PASSWORD,
    name: 'Ada Lovelace',
    tokenDelivery: 'body',
  });
  signUpTokens.set(email, session.accessToken);
  await otherDevice(email).auth.updateProfile.mutate({ timeZone: ACCOUNT_ZONE });
  return email;
}

/**
 * The person on another device, with the session their sign-up opened: not a sign-in of its own,
 * as this file's sign-ins would otherwise pass the 20 a minute allowed from one address.
 */
function otherDevice(email: string) {
  const token = signUpTokens.get(email);
  if (token === undefined) throw new Error(`no sign-up session for ${email}`);
  return createTasklaneClient({ url: server.url, credentials: { accessToken: () => token } });
}

async function loggedInHome(email: string): Promise<string> {
  const home = await newHome();
  const login = await tasklane(home, ['login', '--email', email], { stdin: `${PASSWORD}\n` });
  expect(login.stderr).toBe('');
  expect(login.code).toBe(0);
  return home;
}

const credentialsFile = (home: string) => join(home, 'config', 'tasklane', 'credentials.json');

async function storedRefreshToken(home: string): Promise<string> {
  const stored = JSON.parse(await readFile(credentialsFile(home), 'utf8')) as {
    refreshToken: string;
  };
  return stored.refreshToken;
}

/** No stack traces or internals on stderr: one line, prefixed with the command's name. */
function expectOneLineError(result: ProcessResult, code: number, message: string | RegExp): void {
  expect(result.code).toBe(code);
  expect(result.stdout).toBe('');
  expect(result.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  expect(result.stderr).toMatch(/^tasklane: /);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  if (typeof message === 'string') expect(result.stderr).toBe(`tasklane: ${message}\n`);
  else expect(result.stderr).toMatch(message);
}

const databaseKind = testDatabaseUrl() === undefined ? 'embedded database' : 'PostgreSQL';

describe(`tasklane against a live server on ${databaseKind}`, () => {
  it('logs in, adds, lists, completes, removes and logs out', async () => {
    const email = await newUser();
    const home = await newHome();

    const login = await tasklane(home, ['login', '--email', email], { stdin: `${PASSWORD}\n` });
    expect(login.code).toBe(0);
    expect(login.stdout).toBe(`Signed in to ${server.url} as Ada Lovelace <${email}>.\n`);
    expect((await stat(credentialsFile(home))).mode & 0o777).toBe(0o600);
    expect((await stat(dirname(credentialsFile(home)))).mode & 0o777).toBe(0o700);
    const firstRefreshToken = await storedRefreshToken(home);

    const report = await tasklane(home, [
      'add',
      'Write the report',
      '--due',
      '2026-12-01',
      '--priority',
      'high',
      '--tag',
      'work',
      '--tag',
      'Q4',
    ]);
    expect(report.code).toBe(0);
    expect(report.stdout).toMatch(/^Added [0-9a-f]{8} {2}Write the report\n$/);
    const milk = await tasklane(home, ['add', 'Buy milk', '--json']);
    expect(milk.code).toBe(0);
    const milkTask = JSON.parse(milk.stdout) as Task;
    expect(milkTask).toMatchObject({
      title: 'Buy milk',
      priority: 'medium',
      dueAt: null,
      completed: false,
    });

    const listed = await tasklane(home, ['ls', '--json']);
    const tasks = JSON.parse(listed.stdout) as (Omit<Task, 'dueAt'> & { dueAt: string | null })[];
    const reportTask = tasks.find((task) => task.title === 'Write the report');
    // A calendar day is due at the end of that day in the account's zone (Tokyo: UTC+9).
    expect(reportTask).toMatchObject({
      priority: 'high',
      tags: ['work', 'q4'],
      dueAt: '2026-12-01T14:59:59.999Z',
    });
    if (reportTask === undefined) throw new Error('the report task is missing');
    const table = await tasklane(home, ['ls']);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(
      `${reportTask.id.slice(0, 8)}  [ ]  high    2026-12-01  Write the report  #work #q4`,
    );
    expect(table.stdout).toContain(`${milkTask.id.slice(0, 8)}  [ ]  medium  -           Buy milk`);

    const done = await tasklane(home, ['done', reportTask.id.slice(0, 6)]);
    expect(done.stdout).toBe(`Completed ${reportTask.id.slice(0, 8)}  Write the report\n`);
    expect((await tasklane(home, ['ls'])).stdout).not.toContain('Write the report');
    expect((await tasklane(home, ['ls', '--done'])).stdout).toContain('[x]  high');
    expect((await tasklane(home, ['ls', '--search', 'report', '--all'])).stdout).toContain(
      'Write the report',
    );
    expect((await tasklane(home, ['done', reportTask.id])).code).toBe(0);

    const removed = await tasklane(home, ['rm', milkTask.id.slice(0, 8)]);
    expect(removed.stdout).toBe(`Deleted ${milkTask.id.slice(0, 8)}  Buy milk\n`);
    const remaining = JSON.parse(
      (await tasklane(home, ['ls', '--all', '--json'])).stdout,
    ) as Task[];
    expect(remaining.map((task) => task.title)).toEqual(['Write the report']);

    const refreshToken = await storedRefreshToken(home);
    expect(refreshToken).toBe(firstRefreshToken); // a fresh access token needed no refresh
    const logout = await tasklane(home, ['logout']);
    expect(logout.stdout).toBe(`Signed out of ${server.url}.\n`);
    await expect(stat(credentialsFile(home))).rejects.toThrow(/ENOENT/);
    const revoked = createTasklaneClient({ url: server.url, credentials: { refreshToken } });
    expect(errorCode(await revoked.auth.me.query().catch((error: unknown) => error))).toBe(
      'UNAUTHORIZED',
    );

    expectOneLineError(
      await tasklane(home, ['ls']),
      1,
      'Not logged in. Run `tasklane login` first.',
    );
    expect((await tasklane(home, ['logout'])).stdout).toBe('Not logged in.\n');
  });

  it('login --password saves a session that works; logout revokes it on the server and forgets it here', async () => {
    const email = await newUser();
    const person = otherDevice(email);
    const home = await newHome();
    const sessionsBefore = await person.auth.sessions.query();
    expect(sessionsBefore).toHaveLength(1);

    // No terminal here: the email comes from --email, the password from standard input.
    const login = await tasklane(home, ['login', '--password', '--email', email], {
      stdin: `${PASSWORD}\n`,
    });
    expect(login.stderr).toBe('');
    expect(login.code).toBe(0);
    expect(login.stdout).toBe(`Signed in to ${server.url} as Ada Lovelace <${email}>.\n`);
    expect((await stat(credentialsFile(home))).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(await readFile(credentialsFile(home), 'utf8')) as {
      url: string;
      email: string;
      refreshToken: string;
      accessToken: string;
    };
    expect(stored).toMatchObject({ url: server.url, email });

    // The password opened a session of its own, beside the sign-up's, named by the CLI.
    const sessionsAfterLogin = await person.auth.sessions.query();
    const cliSession = sessionsAfterLogin.find(
      (session) => !sessionsBefore.some((before) => before.id === session.id),
    );
    expect(sessionsAfterLogin).toHaveLength(2);
    expect(cliSession?.userAgent).toMatch(/^tasklane-cli\//);

    const added = await tasklane(home, ['add', 'Made from the shell', '--json']);
    expect(added.code).toBe(0);
    const task = JSON.parse(added.stdout) as Task;
    expect((await person.tasks.get.query({ id: task.id })).title).toBe('Made from the shell');

    const logout = await tasklane(home, ['logout']);
    expect(logout.stderr).toBe('');
    expect(logout.code).toBe(0);
    expect(logout.stdout).toBe(`Signed out of ${server.url}.\n`);
    await expect(stat(credentialsFile(home))).rejects.toThrow(/ENOENT/);

    // Revoked on the server, not only forgotten here: gone from the person's sessions, its
    // refresh token no longer refreshes, and its access token is refused at once.
    expect((await person.auth.sessions.query()).map((session) => session.id)).toEqual(
      sessionsBefore.map((session) => session.id),
    );
    const byRefresh = createTasklaneClient({
      url: server.url,
      credentials: { refreshToken: stored.refreshToken },
    });
    expect(errorCode(await byRefresh.auth.me.query().catch((error: unknown) => error))).toBe(
      'UNAUTHORIZED',
    );
    const byAccess = createTasklaneClient({
      url: server.url,
      credentials: { accessToken: () => stored.accessToken },
    });
    expect(errorCode(await byAccess.tasks.list.query({}).catch((error: unknown) => error))).toBe(
      'UNAUTHORIZED',
    );
    expectOneLineError(
      await tasklane(home, ['ls']),
      1,
      'Not logged in. Run `tasklane login` first.',
    );
  });

  it('reads the password from TASKLANE_PASSWORD and keeps the session under ~/.config by default', async () => {
    const email = await newUser();
    const home = await newHome();
    const login = await tasklane(home, ['login', '--email', email, '--json'], {
      env: { XDG_CONFIG_HOME: undefined, TASKLANE_PASSWORD: PASSWORD },
    });
    expect(login.code).toBe(0);
    expect(JSON.parse(login.stdout)).toMatchObject({ url: server.url, user: { email } });
    const file = join(home, '.config', 'tasklane', 'credentials.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ url: server.url, email });
  });

  it('refuses a wrong password with a plain message and saves nothing', async () => {
    const email = await newUser();
    const home = await newHome();
    const result = await tasklane(home, ['login', '--email', email], {
      stdin: 'not my password\n',
    });
    expectOneLineError(result, 1, 'Wrong email or password.');
    await expect(stat(credentialsFile(home))).rejects.toThrow(/ENOENT/);
  });

  it('says the server cannot be reached when nothing listens', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const home = await newHome();
    const login = await tasklane(home, ['login', '--email', 'a@example.com', '--url', closed], {
      stdin: `${PASSWORD}\n`,
    });
    expectOneLineError(
      login,
      1,
      `Cannot reach Tasklane at ${closed}: connection refused (is the server running?).`,
    );

    // A saved session whose server went away.
    const file = credentialsFile(home);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(
      file,
      JSON.stringify({ url: closed, email: 'a@example.com', refreshToken: 'x' }),
    );
    const list = await tasklane(home, ['ls'], { env: { TASKLANE_URL: undefined } });
    expectOneLineError(
      list,
      1,
      `Cannot reach Tasklane at ${closed}: connection refused (is the server running?).`,
    );
  });

  it('asks to log in again once the session was revoked elsewhere', async () => {
    const email = await newUser();
    const home = await loggedInHome(email);
    expect((await tasklane(home, ['ls'])).code).toBe(0);

    const elsewhere = otherDevice(email);
    // The CLI's session and the sign-up's, which this client uses.
    expect((await elsewhere.auth.signOutEverywhere.mutate()).revoked).toBe(2);

    const result = await tasklane(home, ['ls']);
    expectOneLineError(
      result,
      1,
      'Your session has expired or was revoked. Run `tasklane login` to sign in again.',
    );
  });

  it('saves the rotated refresh token when the access token has expired', async () => {
    const email = await newUser();
    const home = await loggedInHome(email);
    const stored = JSON.parse(await readFile(credentialsFile(home), 'utf8')) as Record<
      string,
      string
    >;
    const before = stored.refreshToken;
    await writeFile(
      credentialsFile(home),
      JSON.stringify({
        ...stored,
        accessTokenExpiresAt: new Date(Date.now() - 1000).toISOString(),
      }),
    );

    expect((await tasklane(home, ['add', 'After a refresh'])).code).toBe(0);
    const after = await storedRefreshToken(home);
    expect(after).not.toBe(before);
    expect((await stat(credentialsFile(home))).mode & 0o777).toBe(0o600);
    expect((await tasklane(home, ['ls'])).stdout).toContain('After a refresh');
  });

  it('explains ambiguous, unknown and malformed id prefixes', async () => {
    const email = await newUser();
    const home = await loggedInHome(email);
    const client = otherDevice(email);
    // 17 ids over 16 hex digits: two of them share a first digit.
    const created = await Promise.all(
      Array.from({ length: 17 }, (_, index) =>
        client.tasks.create.mutate({ title: `Task ${index}` }),
      ),
    );
    const firstDigits = created.map((task) => task.id.charAt(0));
    const shared = firstDigits.find((digit, index) => firstDigits.indexOf(digit) !== index) ?? '';
    const unused =
      '0123456789abcdef'
        .split('')
        .map((digit) => `${digit}${digit}${digit}${digit}${digit}${digit}`)
        .find((prefix) => !created.some((task) => task.id.startsWith(prefix))) ?? '';

    expectOneLineError(
      await tasklane(home, ['done', shared]),
      1,
      new RegExp(`^tasklane: "${shared}" is ambiguous`),
    );
    expectOneLineError(
      await tasklane(home, ['rm', unused]),
      1,
      `No task id starts with "${unused}".`,
    );
    expectOneLineError(
      await tasklane(home, ['rm', 'xyz']),
      2,
      '"xyz" is not a task id: give the start of one, as `tasklane ls` shows.',
    );
    const stats = await client.tasks.stats.query();
    expect(stats).toMatchObject({ total: 17, completed: 0 });
  });

  it('watch --json prints each change made elsewhere as one JSON object per line, and Ctrl-C ends it cleanly', async () => {
    const email = await newUser();
    const home = await loggedInHome(email);
    const watch = watching(home, ['--json']);
    // Every stream starts with a reset: the watch is live once it is printed.
    await watch.until((stdout) => stdout.includes('"type":"reset"'));

    const phone = otherDevice(email);
    const task = await phone.tasks.create.mutate({ title: 'Made on the phone' });
    await phone.tasks.setCompleted.mutate({ id: task.id, completed: true });
    await phone.tasks.delete.mutate({ id: task.id });
    await watch.until((stdout) => stdout.includes('"type":"delete"'));

    const result = await watch.stop('SIGINT');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const lines = result.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const ids = lines.map((line) => Number(line.eventId));
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(lines[0]).toMatchObject({ type: 'reset' });
    expect(lines.at(-1)).toEqual({ eventId: String(ids.at(-1)), type: 'delete', id: task.id });
    // Each upsert carries the task as it was then (or later): never an older version.
    const upserts = lines.filter((line) => line.type === 'upsert');
    expect(upserts.length).toBeGreaterThanOrEqual(1);
    for (const upsert of upserts) {
      expect(upsert.task).toMatchObject({ id: task.id, title: 'Made on the phone' });
    }
  });

  it('watch prints a line per change and says on stderr that it is watching', async () => {
    const email = await newUser();
    const home = await loggedInHome(email);
    const watch = watching(home);
    await watch.until(() => watch.stderr().includes('Ctrl-C stops'));
    expect(watch.stderr()).toBe(`Watching ${email}'s tasks on ${server.url}. Ctrl-C stops.\n`);
    const added = await tasklane(home, ['add', 'Water the plants', '--json']);
    const task = JSON.parse(added.stdout) as Task;
    await watch.until((stdout) => stdout.includes('Water the plants'));
    expect((await tasklane(home, ['done', task.id])).code).toBe(0);
    await watch.until((stdout) => stdout.includes('[x]'));
    expect((await tasklane(home, ['rm', task.id])).code).toBe(0);
    await watch.until((stdout) => stdout.includes('deleted'));

    const result = await watch.stop('SIGINT');
    expect(result.code).toBe(0);
    const short = task.id.slice(0, 8);
    expect(result.stdout).toBe(
      [
        `added    [ ]  ${short}  Water the plants`,
        `changed  [x]  ${short}  Water the plants`,
        `deleted  ${short}`,
        '',
      ].join('\n'),
    );
  });

  it('watch ends with the sign-in message when its session is revoked elsewhere', async () => {
    const email = await newUser();
    const home = await loggedInHome(email);
    const watch = watching(home, ['--json']);
    await watch.until((stdout) => stdout.includes('"type":"reset"'));
    const elsewhere = otherDevice(email);
    await elsewhere.auth.signOutEverywhere.mutate();
    const result = await watch.exited;
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'tasklane: Your session has expired or was revoked. Run `tasklane login` to sign in again.\n',
    );
  });

  it('add reads the due time, tags and priority from the text and says what it read', async () => {
    const email = await newUser();
    const home = await loggedInHome(email);

    const call = await tasklane(home, ['add', 'Call Ana Dec 24 2027 5pm #Family !high']);
    expect(call.stderr).toBe('');
    expect(call.code).toBe(0);
    expect(call.stdout.split('\n')).toEqual([
      'Read "Dec 24 2027 5pm" as due 2027-12-24 17:00',
      'Read "#Family" as tag #family',
      'Read "!high" as priority high',
      expect.stringMatching(/^Added [0-9a-f]{8} {2}Call Ana$/),
      '',
    ]);
    // --literal keeps the text; an option given wins over the text, whose words then stay.
    const literal = await tasklane(home, ['add', '--literal', 'Read 1984 on Dec 24 2027 #books']);
    expect(literal.stdout).toMatch(/^Added [0-9a-f]{8} {2}Read 1984 on Dec 24 2027 #books\n$/);
    const chosen = await tasklane(home, [
      'add',
      'Wrap gifts Dec 23 2027 !low',
      '--due',
      '2027-12-20',
    ]);
    expect(chosen.stdout.split('\n')[0]).toBe('Read "!low" as priority low');

    const client = otherDevice(email);
    const { items } = await client.tasks.list.query({ sort: 'title' });
    expect(
      items.map(({ title, dueAt, tags, priority }) => ({ title, dueAt, tags, priority })),
    ).toEqual([
      {
        title: 'Call Ana',
        // 17:00 in the account's Tokyo (UTC+9), not in the machine's Paris.
        dueAt: new Date('2027-12-24T08:00:00.000Z'),
        tags: ['family'],
        priority: 'high',
      },
      { title: 'Read 1984 on Dec 24 2027 #books', dueAt: null, tags: [], priority: 'medium' },
      {
        title: 'Wrap gifts Dec 23 2027',
        dueAt: new Date('2027-12-20T14:59:59.999Z'),
        tags: [],
        priority: 'low',
      },
    ]);
    // Shown in the account's zone too, whatever zone the machine is in.
    for (const TZ of ['Europe/Paris', 'America/Los_Angeles']) {
      const table = await tasklane(home, ['ls'], { env: { TZ } });
      expect(table.stdout).toMatch(/ {2}2027-12-24 17:00 {2}Call Ana {2}#family\n/);
      expect(table.stdout).toMatch(/ {2}2027-12-20 {8}Wrap gifts Dec 23 2027\n/);
    }
    // "tomorrow" is the account's tomorrow (Tokyo's day may turn while the command runs).
    const tokyoTomorrow = () =>
      new Date(Date.now() + (24 + 9) * 3_600_000).toISOString().slice(0, 10);
    const before = tokyoTomorrow();
    const tomorrow = await tasklane(home, ['add', 'Stretch tomorrow 7am'], {
      env: { TZ: 'America/Los_Angeles' },
    });
    const read = tomorrow.stdout.split('\n')[0];
    expect(
      [before, tokyoTomorrow()].map((day) => `Read "tomorrow 7am" as due ${day} 07:00`),
    ).toContain(read);
  });

  it('add reads a repeat from the text or takes --every, saves it and shows it in ls', async () => {
    const home = await loggedInHome(await newUser());

    const standup = await tasklane(home, ['add', 'Standup every weekday at 9']);
    expect(standup.stderr).toBe('');
    expect(standup.stdout.split('\n')).toEqual([
      'Read "every weekday" as repeats every weekday',
      expect.stringMatching(/^Read "at 9" as due \d{4}-\d{2}-\d{2} 09:00$/),
      expect.stringMatching(/^Added [0-9a-f]{8} {2}Standup {2}\(Repeats every weekday\)$/),
      '',
    ]);
    // --every wins over the text, whose rule then stays in the title.
    const sync = await tasklane(home, [
      'add',
      'Team sync every day',
      '--every',
      '2 weeks on mon,thu',
      '--json',
    ]);
    expect(sync.code).toBe(0);
    const task = JSON.parse(sync.stdout) as Task;
    expect(task.title).toBe('Team sync every day');
    expect(task.recurrence).toEqual({ freq: 'weekly', interval: 2, byWeekday: ['MO', 'TH'] });
    expect(task.dueAt).not.toBeNull();
    expect(['Mon', 'Thu']).toContain(
      new Date(String(task.dueAt)).toLocaleDateString('en-US', { weekday: 'short' }),
    );

    const listed = await tasklane(home, ['ls']);
    expect(listed.stdout).toMatch(/ Standup {2}\(Repeats every weekday\)\n/);
    expect(listed.stdout).toMatch(
      / Team sync every day {2}\(Repeats every 2 weeks on Mon, Thu\)\n/,
    );
    const json = JSON.parse((await tasklane(home, ['ls', '--json'])).stdout) as Task[];
    expect(json.map((each) => each.recurrence)).toEqual(
      expect.arrayContaining([
        { freq: 'weekly', interval: 1, byWeekday: ['MO', 'TU', 'WE', 'TH', 'FR'] },
      ]),
    );
  });

  it('lists: creates, shows, renames and recolours, adds to and lists a list, deletes it both ways', async () => {
    const home = await loggedInHome(await newUser());
    const run = async (args: readonly string[]) => {
      const result = await tasklane(home, args);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      return result.stdout;
    };
    expect(await run(['lists'])).toBe('No lists yet: tasklane lists create NAME\n');
    expect(await run(['lists', 'create', 'Home', '--color', 'green'])).toBe(
      'Created the list "Home" (green)\n',
    );
    await run(['lists', 'create', 'Work']);
    expect(await run(['lists', 'rename', 'home', 'House', '--color', 'teal'])).toBe(
      'Renamed it "House" (teal)\n',
    );
    await run(['add', '--literal', '--list', 'HOUSE', '--due', '2030-01-02T09:30', 'Sweep']);
    await run(['add', '--list', 'work', 'Report']);
    await run(['add', 'Loose']);
    expect(await run(['lists'])).toBe('House  teal    1 active\nWork   gray    1 active\n');
    const titles = (out: string) =>
      out
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split('  ').at(-1)?.trim());
    expect(titles(await run(['ls', '--list', 'house']))).toEqual(['Sweep']);
    expect(titles(await run(['ls', '--inbox']))).toEqual(['Loose']);
    const [task] = JSON.parse(await run(['ls', '--list', 'House', '--json'])) as Task[];
    // The due time is kept, read in the account's zone (Tokyo: UTC+9), not the machine's.
    expect(task?.dueAt).toBe('2030-01-02T00:30:00.000Z');

    expect(await run(['lists', 'delete', 'House', '--tasks', 'move-to-inbox'])).toBe(
      'Deleted the list "House" and moved its 1 task to the Inbox.\n',
    );
    expect(titles(await run(['ls', '--inbox'])).sort()).toEqual(['Loose', 'Sweep']);
    expect(await run(['lists', 'delete', 'Work', '--tasks', 'delete'])).toBe(
      'Deleted the list "Work" and deleted its 1 task.\n',
    );
    expect(titles(await run(['ls'])).sort()).toEqual(['Loose', 'Sweep']);

    const missing = await tasklane(home, ['ls', '--list', 'Nope']);
    expectOneLineError(
      missing,
      1,
      'You have no list named "Nope" (no lists yet: tasklane lists create "Nope").',
    );
    const noChoice = await tasklane(home, ['lists', 'delete', 'Nope']);
    expect(noChoice.code).toBe(2);
  });

  it('add puts the task in the ^List it names, creating the list first after saying so', async () => {
    const email = await newUser();
    const home = await loggedInHome(email);

    const first = await tasklane(home, ['add', 'File taxes Dec 24 2027 ^"Tax stuff" #money']);
    expect(first.stderr).toBe('');
    expect(first.stdout.split('\n')).toEqual([
      'Read "Dec 24 2027" as due 2027-12-24',
      'Read "^"Tax stuff"" as list Tax stuff',
      'Read "#money" as tag #money',
      'List "Tax stuff" does not exist yet: creating it.',
      expect.stringMatching(/^Added [0-9a-f]{8} {2}File taxes$/),
      '',
    ]);
    // The same list whatever the case; with --json the notice of a new list goes to stderr.
    const second = await tasklane(home, ['add', 'Find receipts ^"tax STUFF"']);
    expect(second.stdout).not.toContain('does not exist');
    const third = await tasklane(home, ['add', 'Call the bank ^Banking', '--json']);
    expect(third.stderr).toBe('List "Banking" does not exist yet: creating it.\n');
    const banked = JSON.parse(third.stdout) as Task;

    const client = otherDevice(email);
    const lists = await client.lists.list.query();
    expect(lists.map(({ name, activeCount }) => ({ name, activeCount }))).toEqual([
      { name: 'Tax stuff', activeCount: 2 },
      { name: 'Banking', activeCount: 1 },
    ]);
    const [taxes, banking] = lists;
    const { items } = await client.tasks.list.query({ sort: 'title' });
    expect(items.map(({ title, listId }) => ({ title, listId }))).toEqual([
      { title: 'Call the bank', listId: banking?.id },
      { title: 'File taxes', listId: taxes?.id },
      { title: 'Find receipts', listId: taxes?.id },
    ]);
    expect(banked.listId).toBe(banking?.id);
  });

  it('exits 2 with a one-line message on wrong usage', async () => {
    const home = await newHome();
    const cases: [string[], string][] = [
      [['frob'], 'Unknown command "frob". Run `tasklane --help` for the commands.'],
      [['ls', '--all', '--done'], 'Give either --all or --done, not both.'],
      [
        ['ls', '--colour'],
        'Unknown option --colour for tasklane ls. Run `tasklane ls --help` for the options.',
      ],
      [['add'], 'tasklane add needs a title, e.g. tasklane add "Buy milk".'],
      [['watch', 'now'], 'Unexpected argument "now" for tasklane watch.'],
      [
        ['add', 'Buy', 'milk'],
        'Unexpected argument "milk" for tasklane add (quote a title that has spaces).',
      ],
      [
        ['add', 'x', '--priority', 'urgent'],
        '--priority must be low, medium or high (got "urgent")',
      ],
      [
        ['add', 'x', '--due', '2026-02-30'],
        '--due must be a date such as 2026-12-01, 2026-12-01T17:00, today or tomorrow (got "2026-02-30")',
      ],
      [
        ['add', 'x', '--every', 'fortnight'],
        '--every must be a repeat such as day, weekday, week, "2 weeks on mon,thu", month, "month on the 1st" or year (got "fortnight")',
      ],
      [
        ['add', 'tomorrow #errands'],
        'Nothing is left for a title once the date, tags, priority and list are read; add one, or use --literal to keep the text as typed.',
      ],
      [
        ['ls', '--url', 'ftp://example.com'],
        '"ftp://example.com" is not an http:// or https:// URL',
      ],
    ];
    for (const [args, message] of cases) {
      expectOneLineError(await tasklane(home, args), 2, message);
    }
    const bare = await tasklane(home, []);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/^Usage: tasklane <command>/);
    const help = await tasklane(home, ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: tasklane <command>/);
  });
});

describe(`tasklane login in the browser (device login) on ${databaseKind}`, () => {
  /** `tasklane login` with no terminal: it prints the code on stderr and waits. */
  function browserLogin(home: string, args: readonly string[] = []): RunningCommand {
    const command = startCommand(process.execPath, [cliBundle, 'login', ...args], {
      env: {
        PATH: process.env.PATH,
        HOME: home,
        XDG_CONFIG_HOME: join(home, 'config'),
        TASKLANE_URL: server.url,
        // A desktop is there; standard output is not a terminal, so no browser opens anyway.
        DISPLAY: ':0',
      },
    });
    watches.push(command);
    return command;
  }

  async function shownCode(command: RunningCommand): Promise<string> {
    const pattern = /enter the code ([BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4})/;
    await command.until(() => pattern.test(command.stderr()));
    const code = pattern.exec(command.stderr())?.[1];
    if (code === undefined) throw new Error('no code shown');
    return code;
  }

  /** The person at their browser, signed in with their password. */
  function signedInPerson(email: string) {
    return otherDevice(email);
  }

  it('prints the address and code; once the person approves, the session works, shows by name, and logout revokes it', async () => {
    const email = await newUser();
    const home = await newHome();
    const person = signedInPerson(email);
    const command = browserLogin(home);
    const userCode = await shownCode(command);
    expect(command.stderr()).toMatch(/^To sign in, open https?:\/\/[^\s]+\/device\n/);
    expect(command.stderr()).not.toContain('Opened it in your browser');
    expect(command.stdout()).toBe('');

    const pending = await person.auth.deviceLookup.mutate({ userCode });
    expect(pending.clientName).toBe(`Tasklane CLI on ${hostname()}`.slice(0, 100));
    await person.auth.deviceApprove.mutate({ userCode });

    const result = await command.exited;
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`Signed in to ${server.url} as Ada Lovelace <${email}>.\n`);
    expect((await stat(credentialsFile(home))).mode & 0o777).toBe(0o600);

    // The saved session works, and the person sees it under the CLI's name.
    expect((await tasklane(home, ['add', 'From the terminal'])).code).toBe(0);
    const named = (await person.auth.sessions.query()).filter(
      (session) => session.clientName === pending.clientName,
    );
    expect(named).toHaveLength(1);
    const deviceRefreshToken = await storedRefreshToken(home);

    const logout = await tasklane(home, ['logout']);
    expect(logout.stdout).toBe(`Signed out of ${server.url}.\n`);
    // Revoked on the server: gone from the list, and its refresh token is refused.
    expect(
      (await person.auth.sessions.query()).filter(
        (session) => session.clientName === pending.clientName,
      ),
    ).toEqual([]);
    const stale = createTasklaneClient({
      url: server.url,
      credentials: { refreshToken: deviceRefreshToken },
    });
    expect(errorCode(await stale.auth.me.query().catch((error: unknown) => error))).toBe(
      'UNAUTHORIZED',
    );
  });

  it('says so and saves nothing when the person denies; --json prints only the answer', async () => {
    const email = await newUser();
    const person = signedInPerson(email);

    const deniedHome = await newHome();
    const denied = browserLogin(deniedHome);
    await person.auth.deviceDeny.mutate({ userCode: await shownCode(denied) });
    const refused = await denied.exited;
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    // After the instructions, one line says what happened.
    expect(refused.stderr.trimEnd().split('\n').at(-1)).toBe(
      'tasklane: The sign-in was denied in the browser. Run `tasklane login` to try again.',
    );
    expect(await readFile(credentialsFile(deniedHome), 'utf8').catch(() => 'missing')).toBe(
      'missing',
    );

    const jsonHome = await newHome();
    const json = browserLogin(jsonHome, ['--json']);
    await person.auth.deviceApprove.mutate({ userCode: await shownCode(json) });
    const result = await json.exited;
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ url: server.url, user: { email } });
  });
});
