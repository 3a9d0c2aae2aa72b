// The client's device login against the real router (tRPC's Fetch adapter, real database): it
// waits the server's interval, slows down when told, and ends approved, denied or expired.
import { afterAll, beforeAll, expect, it } from 'vitest';

import { describeEachDatabase } from '@tasklane/db/testing';

import type { ApiServices } from '../context';
import { createTestServices, signedInTestUser } from '../testing';
import { fetchTestServer } from './fetch-test-server';
import { createTasklaneClient, deviceLogin, DeviceLoginError, type DeviceCode } from './index';

const URL = 'http://tasklane.test';

describeEachDatabase('deviceLogin (client)', (database) => {
  let nowMs = Date.now();
  let services: ApiServices;
  beforeAll(async () => {
    services = await createTestServices(database().db, {}, { clock: () => new Date(nowMs) });
  });
  afterAll(async () => {
    await services.close();
  });

  /** A device login whose waits are recorded; `onWait` decides what happens during each. */
  function login(onWait: (waits: number[], code: DeviceCode) => Promise<void>) {
    const server = fetchTestServer(
      services,
      `198.51.100.${String(Math.floor(Math.random() * 250) + 1)}`,
    );
    const waits: number[] = [];
    let shown: DeviceCode | undefined;
    const result = deviceLogin({
      url: URL,
      clientName: 'Client test',
      fetch: server.fetch,
      onCode: (code) => {
        shown = code;
      },
      wait: async (ms) => {
        waits.push(ms);
        if (shown === undefined) throw new Error('waited before the code was shown');
        await onWait(waits, shown);
      },
    });
    return { result, waits };
  }

  it('waits the interval, adds 5 s after slow_down, and gives a session that works', async () => {
    const person = await signedInTestUser(services);
    const { result, waits } = login(async (made, code) => {
      // The first two polls come without the clock moving: pending, then too soon.
      if (made.length <= 2) return;
      await person.caller.auth.deviceApprove({ userCode: code.userCode });
      nowMs += made.at(-1) ?? 0;
    });
    const session = await result;
    expect(waits).toEqual([5000, 5000, 10_000]);
    expect(session.user.id).toBe(person.userId);
    const client = createTasklaneClient({
      url: URL,
      fetch: fetchTestServer(services).fetch,
      credentials: {
        refreshToken: session.refreshToken,
        cachedAccessToken: { token: session.accessToken, expiresAt: session.accessTokenExpiresAt },
      },
    });
    expect((await client.auth.me.query()).id).toBe(person.userId);
  });

  it('ends with DeviceLoginError denied when the person denies', async () => {
    const person = await signedInTestUser(services);
    const { result } = login(async (made, code) => {
      if (made.length === 1) await person.caller.auth.deviceDeny({ userCode: code.userCode });
      nowMs += made.at(-1) ?? 0;
    });
    await expect(result).rejects.toEqual(new DeviceLoginError('denied'));
  });

  it('ends with DeviceLoginError expired when nobody approves in time', async () => {
    const { result } = login((made) => {
      nowMs += made.length === 1 ? 600_000 : (made.at(-1) ?? 0);
      return Promise.resolve();
    });
    const error = await result.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DeviceLoginError);
    expect(error).toMatchObject({ reason: 'expired' });
  });
});
