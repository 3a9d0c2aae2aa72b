// Device login (RFC 8628), one test per rule of specs/contracts/auth.md, on both databases.
import { randomBytes } from 'node:crypto';

import { afterAll, beforeAll, expect, it } from 'vitest';

import { sql } from '@tasklane/db';
import { describeEachDatabase } from '@tasklane/db/testing';

import type { ApiServices } from '../context';
import {
  DEVICE_CODE_TTL_SECONDS,
  DEVICE_POLL_INTERVAL_SECONDS,
  USER_CODE_ALPHABET,
} from '../contract/device-rules';
import { createApiServices } from '../services';
import { callerFor, createTestServices, signedInTestUser, testAuthConfig } from '../testing';
import { bearer, failedFields, randomIp, refusal } from '../testing/auth-test-support';
import { createKey, keyCaller } from '../api-keys/api-key-test-support';
import { UNKNOWN_USER_CODE_MESSAGE } from './device-login-errors';

/** A clock the test moves, so intervals and expiry are tested without sleeping. */
function movableClock() {
  let nowMs = Date.now();
  return {
    clock: () => new Date(nowMs),
    advance: (seconds: number) => {
      nowMs += seconds * 1000;
    },
  };
}

const CODE_LETTER = `[${USER_CODE_ALPHABET}]`;
const SHOWN_USER_CODE = new RegExp(`^${CODE_LETTER}{4}-${CODE_LETTER}{4}$`);

describeEachDatabase('device login', (database) => {
  const time = movableClock();
  let services: ApiServices;
  beforeAll(async () => {
    services = await createTestServices(
      database().db,
      {},
      {
        clock: time.clock,
        mail: {
          transport: { kind: 'outbox-only' },
          from: 'Tasklane <t@app.test>',
          appUrl: 'http://app.test/',
        },
      },
    );
  });
  afterAll(async () => {
    await services.close();
  });

  /** A device starting a login from its own address, and a poll that waits out the interval. */
  async function startedDevice(clientName = 'Tasklane CLI on build-box') {
    const device = callerFor(services, { ip: randomIp(), userAgent: 'tasklane-cli/0.0.0' }).caller;
    const started = await device.auth.deviceStart({ clientName });
    const poll = () => {
      time.advance(DEVICE_POLL_INTERVAL_SECONDS);
      return device.auth.devicePoll({ deviceCode: started.deviceCode });
    };
    return { device, started, poll };
  }

  async function person() {
    return signedInTestUser(services);
  }

  async function deviceSessionCount(userId: string): Promise<number> {
    const { rows } = await sql<{ count: number }>`
      select count(*)::int as count from sessions where user_id = ${userId} and client_name is not null
    `.execute(services.db);
    return rows[0]?.count ?? 0;
  }

  it('starts with a device code, a WDJB-MJHT user code, the page under APP_URL, 600 s and 5 s', async () => {
    const { started } = await startedDevice();
    expect(started.userCode).toMatch(SHOWN_USER_CODE);
    expect(started.deviceCode).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(started.verificationUri).toBe('http://app.test/device');
    expect(started.verificationUriComplete).toBe(`http://app.test/device?code=${started.userCode}`);
    expect(started.expiresIn).toBe(DEVICE_CODE_TTL_SECONDS);
    expect(started.expiresIn).toBe(600);
    expect(started.interval).toBe(5);
  });

  it('stores neither code, only their hashes', async () => {
    const { started } = await startedDevice();
    const { rows } = await sql<Record<string, unknown>>`select * from device_codes`.execute(
      services.db,
    );
    const stored = JSON.stringify(rows);
    const bare = started.userCode.replace('-', '');
    for (const secret of [started.deviceCode, started.userCode, bare]) {
      expect(stored).not.toContain(secret);
      expect(stored).not.toContain(Buffer.from(secret).toString('hex'));
    }
  });

  it('answers pending until a decision, and slow_down to a poll sooner than the interval', async () => {
    const { device, started, poll } = await startedDevice();
    expect(await poll()).toEqual({ status: 'pending' });
    time.advance(DEVICE_POLL_INTERVAL_SECONDS - 1);
    expect(await device.auth.devicePoll({ deviceCode: started.deviceCode })).toEqual({
      status: 'slow_down',
    });
    // The too-fast poll counts as a poll: the device waits a whole interval from it.
    time.advance(DEVICE_POLL_INTERVAL_SECONDS - 1);
    expect(await device.auth.devicePoll({ deviceCode: started.deviceCode })).toEqual({
      status: 'slow_down',
    });
    expect(await poll()).toEqual({ status: 'pending' });
  });

  it('shows the client name and time for the code typed in any case, with or without the dash', async () => {
    const { started } = await startedDevice('Tasklane CLI on laptop');
    const { caller } = await person();
    const typed = [
      started.userCode,
      started.userCode.toLowerCase(),
      started.userCode.replace('-', ''),
      ` ${started.userCode.replace('-', ' ').toLowerCase()} `,
    ];
    for (const userCode of typed) {
      const found = await caller.auth.deviceLookup({ userCode });
      expect(found.clientName).toBe('Tasklane CLI on laptop');
      expect(found.createdAt.getTime()).toBeLessThanOrEqual(time.clock().getTime());
      expect(found.expiresAt.getTime() - found.createdAt.getTime()).toBe(600_000);
    }
  });

  it('gives the approving person a session once, with the refresh token, named after the client', async () => {
    const { started, poll } = await startedDevice('Tasklane CLI on build-box');
    const approver = await person();
    expect(await approver.caller.auth.deviceApprove({ userCode: started.userCode })).toEqual({
      ok: true,
      clientName: 'Tasklane CLI on build-box',
    });

    const approved = await poll();
    if (approved.status !== 'approved')
      throw new Error(`expected approved, got ${approved.status}`);
    expect(approved.session.user.id).toBe(approver.userId);
    expect(approved.session.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // The access token works, and the refresh token renews it.
    const signedIn = callerFor(services, { authorization: bearer(approved.session.accessToken) });
    expect((await signedIn.caller.auth.me()).id).toBe(approver.userId);
    const renewed = await callerFor(services).caller.auth.refresh({
      refreshToken: approved.session.refreshToken ?? '',
    });
    expect(renewed.user.id).toBe(approver.userId);

    // It shows in the person's session list with the client's name.
    const sessions = await approver.caller.auth.sessions();
    const named = sessions.filter((session) => session.clientName !== null);
    expect(named).toEqual([
      expect.objectContaining({
        clientName: 'Tasklane CLI on build-box',
        userAgent: 'tasklane-cli/0.0.0',
        current: false,
      }),
    ]);

    // Used: every later poll is expired, and no second session is made.
    expect(await poll()).toEqual({ status: 'expired' });
    expect(await deviceSessionCount(approver.userId)).toBe(1);
  });

  it('opens exactly one session when polls of an approved code race', async () => {
    const { device, started } = await startedDevice();
    const approver = await person();
    await approver.caller.auth.deviceApprove({ userCode: started.userCode });
    time.advance(DEVICE_POLL_INTERVAL_SECONDS);
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => device.auth.devicePoll({ deviceCode: started.deviceCode })),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses.filter((status) => status === 'approved')).toHaveLength(1);
    // The others lost the race to the row lock: the code was used (or they came too soon).
    expect(statuses.every((s) => ['approved', 'expired', 'slow_down'].includes(s))).toBe(true);
    expect(await deviceSessionCount(approver.userId)).toBe(1);
  });

  it('answers denied after a denial, and a denied code can never be approved', async () => {
    const { started, poll } = await startedDevice();
    const { caller } = await person();
    expect(await caller.auth.deviceDeny({ userCode: started.userCode })).toEqual({
      ok: true,
      clientName: 'Tasklane CLI on build-box',
    });
    expect(await poll()).toEqual({ status: 'denied' });
    const later = await refusal(caller.auth.deviceApprove({ userCode: started.userCode }));
    expect(later.code).toBe('NOT_FOUND');
    expect(later.message).toBe(UNKNOWN_USER_CODE_MESSAGE);
    const other = await person();
    expect(
      (await refusal(other.caller.auth.deviceApprove({ userCode: started.userCode }))).code,
    ).toBe('NOT_FOUND');
    expect(await poll()).toEqual({ status: 'denied' });
  });

  it('decides a code once: a second approval or a denial after approval is refused', async () => {
    const { started, poll } = await startedDevice();
    const { caller, userId } = await person();
    await caller.auth.deviceApprove({ userCode: started.userCode });
    expect((await refusal(caller.auth.deviceApprove({ userCode: started.userCode }))).code).toBe(
      'NOT_FOUND',
    );
    expect((await refusal(caller.auth.deviceDeny({ userCode: started.userCode }))).code).toBe(
      'NOT_FOUND',
    );
    expect((await poll()).status).toBe('approved');
    expect(await deviceSessionCount(userId)).toBe(1);
  });

  it('expires after 600 s: polls say expired and the code can no longer be looked up or approved', async () => {
    const { device, started } = await startedDevice();
    const { caller, userId } = await person();
    time.advance(DEVICE_CODE_TTL_SECONDS);
    expect((await refusal(caller.auth.deviceLookup({ userCode: started.userCode }))).code).toBe(
      'NOT_FOUND',
    );
    expect((await refusal(caller.auth.deviceApprove({ userCode: started.userCode }))).code).toBe(
      'NOT_FOUND',
    );
    expect(await device.auth.devicePoll({ deviceCode: started.deviceCode })).toEqual({
      status: 'expired',
    });
    expect(await deviceSessionCount(userId)).toBe(0);
  });

  it('an approved code not collected before it expires gives no session', async () => {
    const { device, started } = await startedDevice();
    const { caller, userId } = await person();
    await caller.auth.deviceApprove({ userCode: started.userCode });
    time.advance(DEVICE_CODE_TTL_SECONDS);
    expect(await device.auth.devicePoll({ deviceCode: started.deviceCode })).toEqual({
      status: 'expired',
    });
    expect(await deviceSessionCount(userId)).toBe(0);
  });

  it('answers expired to an unknown device code', async () => {
    const { caller } = callerFor(services);
    expect(await caller.auth.devicePoll({ deviceCode: 'A'.repeat(43) })).toEqual({
      status: 'expired',
    });
    expect(await caller.auth.devicePoll({ deviceCode: 'not a device code' })).toEqual({
      status: 'expired',
    });
  });

  it('lets only a signed-in person look up, approve or deny a code', async () => {
    const { started, poll } = await startedDevice();
    const anonymous = callerFor(services).caller;
    // Called one at a time: a promise made before the previous one is awaited may reject with
    // nothing listening yet, an unhandled rejection.
    const calls = [
      () => anonymous.auth.deviceLookup({ userCode: started.userCode }),
      () => anonymous.auth.deviceApprove({ userCode: started.userCode }),
      () => anonymous.auth.deviceDeny({ userCode: started.userCode }),
    ];
    for (const call of calls) expect((await refusal(call())).code).toBe('UNAUTHORIZED');
    expect(await poll()).toEqual({ status: 'pending' });
  });

  it('refuses an API key, whatever its scopes: deciding for a device takes the person', async () => {
    const { started, poll } = await startedDevice();
    const { accessToken } = await person();
    const { secret } = await createKey(services, accessToken, {
      scopes: ['tasks:read', 'tasks:write'],
    });
    const { caller } = keyCaller(services, secret);
    const calls = [
      () => caller.auth.deviceLookup({ userCode: started.userCode }),
      () => caller.auth.deviceApprove({ userCode: started.userCode }),
      () => caller.auth.deviceDeny({ userCode: started.userCode }),
    ];
    for (const call of calls) expect((await refusal(call())).code).toBe('FORBIDDEN');
    expect(await poll()).toEqual({ status: 'pending' });
  });

  it('a person deleted after approving takes the approval with them', async () => {
    const { started, poll } = await startedDevice();
    const { caller, userId } = await person();
    await caller.auth.deviceApprove({ userCode: started.userCode });
    await sql`delete from users where id = ${userId}`.execute(services.db);
    expect(await poll()).toEqual({ status: 'expired' });
  });

  it('refuses bad input with field errors and changes nothing', async () => {
    const { started, poll } = await startedDevice();
    const { caller } = await person();
    const { caller: device } = callerFor(services, { ip: randomIp() });
    for (const clientName of ['', '   ', 'x'.repeat(101), 'bell\u0007']) {
      const refused = await refusal(device.auth.deviceStart({ clientName }));
      expect(refused.code).toBe('BAD_REQUEST');
      expect(failedFields(refused)).toEqual(['clientName']);
    }
    // Letters outside the alphabet (vowels, digits), wrong lengths: never looked up.
    const ambiguous = started.userCode.replace(/^./, 'A');
    for (const userCode of ['', 'WDJB-MJH', 'WDJB-MJHTX', 'WDJB-MJH0', ambiguous]) {
      const refused = await refusal(caller.auth.deviceApprove({ userCode }));
      expect(refused.code).toBe('BAD_REQUEST');
      expect(failedFields(refused)).toEqual(['userCode']);
    }
    expect(await poll()).toEqual({ status: 'pending' });
  });
});

describeEachDatabase('device login across instances', (database) => {
  it('a code started on one instance is approved on another and polled on a third (one AUTH_SECRET)', async () => {
    const authSecret = randomBytes(32);
    const instances = await Promise.all(
      [0, 1, 2].map(() =>
        createApiServices({ db: database().db, authSecret, auth: testAuthConfig }),
      ),
    );
    const [a, b, c] = instances;
    if (a === undefined || b === undefined || c === undefined) throw new Error('no instances');
    try {
      const started = await callerFor(a, { ip: randomIp() }).caller.auth.deviceStart({
        clientName: 'CLI',
      });
      const approver = await signedInTestUser(b);
      await approver.caller.auth.deviceApprove({ userCode: started.userCode });
      const answer = await callerFor(c).caller.auth.devicePoll({ deviceCode: started.deviceCode });
      expect(answer.status).toBe('approved');
    } finally {
      await Promise.all(instances.map((instance) => instance.close()));
    }
  });
});

describeEachDatabase('device login limits', (database) => {
  const limits = {
    deviceStartPerAddress: { limit: 2, windowSeconds: 3600 },
    deviceCodeFailuresPerUser: { limit: 3, windowSeconds: 900 },
    deviceCodeFailuresPerAddress: { limit: 5, windowSeconds: 900 },
  };
  let services: ApiServices;
  beforeAll(async () => {
    services = await createTestServices(database().db, {}, { rateLimits: limits });
  });
  afterAll(async () => {
    await services.close();
  });

  /** A code nobody was given (well-formed, so it is looked up). */
  const WRONG = 'BBBB-BBBB';

  it('refuses a person after too many codes that matched nothing, even the right one, with Retry-After', async () => {
    const device = callerFor(services, { ip: randomIp() }).caller;
    const started = await device.auth.deviceStart({ clientName: 'CLI' });
    const { userId, accessToken } = await signedInTestUser(services);
    const { caller, response } = callerFor(services, {
      ip: randomIp(),
      authorization: bearer(accessToken),
    });
    // A right code in between does not count.
    await caller.auth.deviceLookup({ userCode: started.userCode });
    for (let i = 0; i < 3; i += 1) {
      expect((await refusal(caller.auth.deviceLookup({ userCode: WRONG }))).code).toBe('NOT_FOUND');
    }
    const limited = await refusal(caller.auth.deviceApprove({ userCode: started.userCode }));
    expect(limited.code).toBe('TOO_MANY_REQUESTS');
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    // From another address too: the limit is the person's.
    const elsewhere = callerFor(services, { ip: randomIp(), authorization: bearer(accessToken) });
    expect(
      (await refusal(elsewhere.caller.auth.deviceDeny({ userCode: started.userCode }))).code,
    ).toBe('TOO_MANY_REQUESTS');
    const { rows } = await sql<{ state: string }>`
      select state from device_codes where user_id = ${userId}
    `.execute(services.db);
    expect(rows).toEqual([]);
  });

  it('refuses an address after too many codes that matched nothing, whoever typed them', async () => {
    const ip = randomIp();
    const device = callerFor(services, { ip: randomIp() }).caller;
    const started = await device.auth.deviceStart({ clientName: 'CLI' });
    for (let i = 0; i < 5; i += 1) {
      const { accessToken } = await signedInTestUser(services);
      const { caller } = callerFor(services, { ip, authorization: bearer(accessToken) });
      expect((await refusal(caller.auth.deviceLookup({ userCode: WRONG }))).code).toBe('NOT_FOUND');
    }
    const { accessToken } = await signedInTestUser(services);
    const fresh = callerFor(services, { ip, authorization: bearer(accessToken) }).caller;
    expect((await refusal(fresh.auth.deviceApprove({ userCode: started.userCode }))).code).toBe(
      'TOO_MANY_REQUESTS',
    );
  });

  it('limits device logins started from one address', async () => {
    const { caller } = callerFor(services, { ip: randomIp() });
    await caller.auth.deviceStart({ clientName: 'CLI' });
    await caller.auth.deviceStart({ clientName: 'CLI' });
    expect((await refusal(caller.auth.deviceStart({ clientName: 'CLI' }))).code).toBe(
      'TOO_MANY_REQUESTS',
    );
  });
});
