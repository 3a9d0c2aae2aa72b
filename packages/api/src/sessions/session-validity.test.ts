import { afterEach, expect, it, vi } from 'vitest';

import { sql } from '@tasklane/db';
import { describeEachDatabase } from '@tasklane/db/testing';

import type { ApiServices } from '../context';
import { callerFor, openedServices } from '../testing';
import {
  randomIp,
  refusal,
  registeredUser,
  signedInCaller,
  TEST_PASSWORD,
  type RegisteredUser,
} from '../testing/auth-test-support';

describeEachDatabase('session revocation across instances', (database, target) => {
  const opened = openedServices(database);
  afterEach(() => opened.closeAll());

  /** One server instance: its own services, cache and subscription, on the shared database. */
  function instance(): Promise<ApiServices> {
    return opened.open({ notifications: database(), sessionCache: { reconnectDelayMs: 50 } });
  }

  /** Two instances sharing one secret, as a deployment behind a load balancer has. */
  async function twoInstances() {
    const a = await instance();
    const b = await instance();
    const shared = { ...b, tokens: a.tokens };
    return { a, b: shared };
  }

  /** Makes `services` cache the session: the second call must not touch the database. */
  async function warm(services: ApiServices, accessToken: string) {
    const { caller } = signedInCaller(services, accessToken);
    await caller.auth.me();
    const before = services.sessions.stats();
    await caller.auth.me();
    const after = services.sessions.stats();
    expect(after.mode).toBe('cached');
    expect(after.hits).toBe(before.hits + 1);
  }

  async function refusedOn(services: ApiServices, accessToken: string): Promise<string> {
    return (await refusal(signedInCaller(services, accessToken).caller.auth.me())).code;
  }

  async function secondSession(services: ApiServices, user: RegisteredUser) {
    const { caller } = callerFor(services, { ip: randomIp() });
    return caller.auth.signIn({
      email: user.email,
      password: TEST_PASSWORD,
      tokenDelivery: 'body',
    });
  }

  it('answers repeated checks from the cache once subscribed', async () => {
    const a = await instance();
    const user = await registeredUser(a);
    await warm(a, user.session.accessToken);
    expect(a.sessions.stats().size).toBe(1);
  });

  it('signOut on one instance is refused by the other on the very next request', async () => {
    const { a, b } = await twoInstances();
    const user = await registeredUser(a);
    await warm(b, user.session.accessToken);
    await signedInCaller(a, user.session.accessToken).caller.auth.signOut();
    expect(await refusedOn(b, user.session.accessToken)).toBe('UNAUTHORIZED');
  });

  it('signOutEverywhere on one instance is honoured by the other at once', async () => {
    const { a, b } = await twoInstances();
    const user = await registeredUser(a);
    const other = await secondSession(a, user);
    await warm(b, user.session.accessToken);
    await warm(b, other.accessToken);
    await signedInCaller(a, user.session.accessToken).caller.auth.signOutEverywhere();
    expect(await refusedOn(b, user.session.accessToken)).toBe('UNAUTHORIZED');
    expect(await refusedOn(b, other.accessToken)).toBe('UNAUTHORIZED');
  });

  it('revokeSession on one instance is honoured by the other at once', async () => {
    const { a, b } = await twoInstances();
    const user = await registeredUser(a);
    const other = await secondSession(a, user);
    await warm(b, other.accessToken);
    const { caller } = signedInCaller(a, user.session.accessToken);
    const target = (await caller.auth.sessions()).find((session) => !session.current);
    await caller.auth.revokeSession({ sessionId: target?.id ?? '' });
    expect(await refusedOn(b, other.accessToken)).toBe('UNAUTHORIZED');
  });

  it('changePassword on one instance ends the other sessions everywhere at once', async () => {
    const { a, b } = await twoInstances();
    const user = await registeredUser(a);
    const other = await secondSession(a, user);
    await warm(b, user.session.accessToken);
    await warm(b, other.accessToken);
    await signedInCaller(a, user.session.accessToken).caller.auth.changePassword({
      currentPassword: TEST_PASSWORD,
      newPassword: 'another long passphrase',
    });
    expect(await refusedOn(b, other.accessToken)).toBe('UNAUTHORIZED');
    // The session that changed the password stays signed in, on both instances.
    expect((await signedInCaller(b, user.session.accessToken).caller.auth.me()).id).toBe(
      user.session.user.id,
    );
  });

  it('deleteAccount on one instance is honoured by the other at once', async () => {
    const { a, b } = await twoInstances();
    const user = await registeredUser(a);
    await warm(b, user.session.accessToken);
    await signedInCaller(a, user.session.accessToken).caller.auth.deleteAccount({
      password: TEST_PASSWORD,
    });
    expect(await refusedOn(b, user.session.accessToken)).toBe('UNAUTHORIZED');
  });

  it('refresh-token reuse on one instance ends the session on the other at once', async () => {
    const { a: real, b } = await twoInstances();
    // A used token counts as reuse once the reuse window is over; the clock moves past it.
    let nowMs = Date.now();
    const a = { ...real, clock: () => new Date(nowMs) };
    const user = await registeredUser(a);
    await warm(b, user.session.accessToken);
    const { caller } = callerFor(a);
    await caller.auth.refresh({ refreshToken: user.session.refreshToken });
    nowMs += 60_000;
    await refusal(caller.auth.refresh({ refreshToken: user.session.refreshToken }));
    expect(await refusedOn(b, user.session.accessToken)).toBe('UNAUTHORIZED');
  });

  it('hears of revocations made outside the API (the trigger notifies), not just at the TTL', async () => {
    const a = await instance();
    const user = await registeredUser(a);
    await warm(a, user.session.accessToken);
    await a.db
      .updateTable('sessions')
      .set({ revoked_at: sql<Date>`now()` })
      .where('user_id', '=', user.session.user.id)
      .execute();
    // Delivery is asynchronous here (no API call to wait for it), but takes far less than the
    // 60-second safety-net TTL.
    await vi.waitFor(async () => {
      expect(await refusedOn(a, user.session.accessToken)).toBe('UNAUTHORIZED');
    });
  });

  it('reads the database on every request when the cache is turned off', async () => {
    const services = await opened.open({ notifications: database(), sessionCache: false });
    const user = await registeredUser(services);
    const { caller } = signedInCaller(services, user.session.accessToken);
    await caller.auth.me();
    await caller.auth.me();
    expect(services.sessions.stats()).toMatchObject({ mode: 'direct', hits: 0, size: 0 });
  });

  if (target.name === 'postgres') {
    it('fails closed while its subscription is lost, and resumes caching once it is back', async () => {
      const a = await instance();
      const user = await registeredUser(a);
      await warm(a, user.session.accessToken);

      await sql`
        select pg_terminate_backend(pid) from pg_stat_activity
        where datname = current_database() and query like 'listen %'
      `.execute(a.db);
      await vi.waitFor(() => {
        expect(a.sessions.stats().mode).not.toBe('cached');
      });
      expect(a.sessions.stats().size).toBe(0);

      // It re-subscribes by itself and caches again.
      await vi.waitFor(() => {
        expect(a.sessions.stats().mode).toBe('cached');
      });
      await warm(a, user.session.accessToken);
    });

    it('checks the database while it cannot subscribe at all', async () => {
      const unreachable = {
        listen: () => Promise.reject(new Error('connection refused')),
      };
      const services = await opened.open({
        notifications: unreachable,
        sessionCache: { reconnectDelayMs: 10_000 },
      });
      const user = await registeredUser(services);
      const { caller } = signedInCaller(services, user.session.accessToken);
      await caller.auth.me();
      expect(services.sessions.stats()).toMatchObject({ mode: 'connecting', hits: 0, size: 0 });
      await services.db
        .updateTable('sessions')
        .set({ revoked_at: sql<Date>`now()` })
        .where('user_id', '=', user.session.user.id)
        .execute();
      expect((await refusal(caller.auth.me())).code).toBe('UNAUTHORIZED');
    });
  }
});
