import { expect, it } from 'vitest';

import { sql } from '@tasklane/db';
import { describeEachDatabase } from '@tasklane/db/testing';

import { callerFor, createTestServices, testAuthConfig } from '../testing';
import { bearer, failedFields, refusal, registeredUser } from '../testing/auth-test-support';
import { DEFAULT_REFRESH_REUSE_SECONDS } from './refresh';
import { REFRESH_COOKIE_NAME } from './refresh-cookie';

const webOrigin = testAuthConfig.webOrigins[0] ?? '';

/** A clock the test moves, so both sides of the reuse window are tested without sleeping. */
function movableClock() {
  let nowMs = Date.now();
  return {
    clock: () => new Date(nowMs),
    advance: (seconds: number) => {
      nowMs += seconds * 1000;
    },
  };
}

describeEachDatabase('auth.refresh', (database) => {
  it('rotates the refresh token and issues a working access token for the same session', async () => {
    const services = await createTestServices(database().db);
    const user = await registeredUser(services);
    const { caller } = callerFor(services);
    const next = await caller.auth.refresh({ refreshToken: user.session.refreshToken });
    expect(next.user).toEqual(user.session.user);
    expect(next.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(next.refreshToken).not.toBe(user.session.refreshToken);
    const [before, after] = await Promise.all([
      services.tokens.verify(user.session.accessToken),
      services.tokens.verify(next.accessToken),
    ]);
    expect(after?.sessionId).toBe(before?.sessionId);
    expect(
      await callerFor(services, { authorization: bearer(next.accessToken) }).caller.auth.me(),
    ).toEqual(user.session.user);
    // The newest token keeps working.
    const third = await caller.auth.refresh({ refreshToken: next.refreshToken ?? '' });
    expect(third.user.id).toBe(user.session.user.id);
  });

  it('revokes the whole session when a used refresh token is presented after the reuse window', async () => {
    const time = movableClock();
    const services = await createTestServices(database().db, {}, { clock: time.clock });
    const user = await registeredUser(services);
    const { caller } = callerFor(services);
    const next = await caller.auth.refresh({ refreshToken: user.session.refreshToken });
    time.advance(DEFAULT_REFRESH_REUSE_SECONDS);

    const replay = await refusal(caller.auth.refresh({ refreshToken: user.session.refreshToken }));
    expect(replay.code).toBe('UNAUTHORIZED');
    // Both the thief's and the owner's copies are dead now, and so are the session's access tokens.
    const legit = await refusal(caller.auth.refresh({ refreshToken: next.refreshToken ?? '' }));
    expect(legit.code).toBe('UNAUTHORIZED');
    const me = callerFor(services, { authorization: bearer(next.accessToken) }).caller;
    expect((await refusal(me.auth.me())).code).toBe('UNAUTHORIZED');
  });

  it('answers a second use within the reuse window with the same successor (16.10)', async () => {
    const time = movableClock();
    const services = await createTestServices(database().db, {}, { clock: time.clock });
    const user = await registeredUser(services);
    const { caller } = callerFor(services);
    const first = await caller.auth.refresh({ refreshToken: user.session.refreshToken });
    // The response was lost; the client retries just inside the window.
    time.advance(DEFAULT_REFRESH_REUSE_SECONDS - 0.001);
    const retry = await caller.auth.refresh({ refreshToken: user.session.refreshToken });
    expect(retry.refreshToken).toBe(first.refreshToken);
    expect(retry.user).toEqual(user.session.user);
    // The session lives on: the successor both answers agree on keeps working.
    const me = callerFor(services, { authorization: bearer(retry.accessToken) }).caller;
    expect(await me.auth.me()).toEqual(user.session.user);
    const third = await caller.auth.refresh({ refreshToken: retry.refreshToken ?? '' });
    expect(third.refreshToken).not.toBe(retry.refreshToken);
  });

  it('gives two concurrent refreshes with one token the same successor, and keeps the session', async () => {
    const services = await createTestServices(database().db);
    const user = await registeredUser(services);
    const { caller } = callerFor(services);
    const [one, two] = await Promise.all([
      caller.auth.refresh({ refreshToken: user.session.refreshToken }),
      caller.auth.refresh({ refreshToken: user.session.refreshToken }),
    ]);
    expect(one.refreshToken).toBe(two.refreshToken);
    const live = await services.db
      .selectFrom('sessions')
      .select('revoked_at')
      .where('user_id', '=', user.session.user.id)
      .executeTakeFirstOrThrow();
    expect(live.revoked_at).toBeNull();
  });

  it('revokes at the end of the reuse window exactly, even after a use inside it', async () => {
    const time = movableClock();
    const services = await createTestServices(database().db, {}, { clock: time.clock });
    const user = await registeredUser(services);
    const { caller } = callerFor(services);
    await caller.auth.refresh({ refreshToken: user.session.refreshToken });
    time.advance(1);
    await caller.auth.refresh({ refreshToken: user.session.refreshToken });
    // The window counts from the first use, not the latest replay.
    time.advance(DEFAULT_REFRESH_REUSE_SECONDS - 1);
    const late = await refusal(caller.auth.refresh({ refreshToken: user.session.refreshToken }));
    expect(late.code).toBe('UNAUTHORIZED');
    const live = await services.db
      .selectFrom('sessions')
      .select('revoked_at')
      .where('user_id', '=', user.session.user.id)
      .executeTakeFirstOrThrow();
    expect(live.revoked_at).toBeInstanceOf(Date);
  });

  it('reads and rotates the HttpOnly cookie, only for requests from a web origin', async () => {
    const services = await createTestServices(database().db);
    const user = await registeredUser(services);
    const cookies = { [REFRESH_COOKIE_NAME]: user.session.refreshToken };

    for (const origin of [undefined, 'https://evil.example', 'null']) {
      const { caller } = callerFor(services, { cookies, origin });
      expect((await refusal(caller.auth.refresh())).code).toBe('FORBIDDEN');
    }
    const { caller, response } = callerFor(services, { cookies, origin: webOrigin });
    const next = await caller.auth.refresh();
    expect(next.refreshToken).toBeUndefined();
    const rotated = response.cookies.get(REFRESH_COOKIE_NAME);
    expect(rotated?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(rotated?.value).not.toBe(user.session.refreshToken);
    expect(rotated?.options.httpOnly).toBe(true);

    // Without any cookie there is nothing to refresh.
    const none = callerFor(services, { origin: webOrigin }).caller;
    expect((await refusal(none.auth.refresh())).code).toBe('UNAUTHORIZED');
  });

  it('never hands the successor of a cookie to JavaScript', async () => {
    const services = await createTestServices(database().db);
    const user = await registeredUser(services);
    const { caller } = callerFor(services, {
      cookies: { [REFRESH_COOKIE_NAME]: user.session.refreshToken },
      origin: webOrigin,
    });
    const error = await refusal(caller.auth.refresh({ tokenDelivery: 'body' }));
    expect([error.code, failedFields(error)]).toEqual(['BAD_REQUEST', ['tokenDelivery']]);
  });

  it('clears a cookie that no longer works', async () => {
    const services = await createTestServices(database().db);
    const { caller, response } = callerFor(services, {
      cookies: { [REFRESH_COOKIE_NAME]: 'A'.repeat(43) },
      origin: webOrigin,
    });
    expect((await refusal(caller.auth.refresh())).code).toBe('UNAUTHORIZED');
    expect(response.cookies.get(REFRESH_COOKIE_NAME)).toMatchObject({
      value: '',
      options: { maxAge: 0 },
    });
  });

  it('refuses malformed, unknown, expired and idle sessions alike', async () => {
    const services = await createTestServices(database().db);
    const { caller } = callerFor(services);
    for (const token of ['x', 'A'.repeat(43), 'é'.repeat(43)]) {
      expect((await refusal(caller.auth.refresh({ refreshToken: token }))).code).toBe(
        'UNAUTHORIZED',
      );
    }

    const expired = await registeredUser(services);
    await services.db
      .updateTable('sessions')
      .set({
        created_at: sql<Date>`now() - interval '31 days'`,
        expires_at: sql<Date>`now() - interval '1 second'`,
      })
      .where('user_id', '=', expired.session.user.id)
      .execute();
    expect(
      (await refusal(caller.auth.refresh({ refreshToken: expired.session.refreshToken }))).code,
    ).toBe('UNAUTHORIZED');

    // Unused for more than 7 days: gone, even though the 30 days are not over.
    const idle = await registeredUser(services);
    await services.db
      .updateTable('sessions')
      .set({ last_used_at: sql<Date>`now() - interval '7 days 1 minute'` })
      .where('user_id', '=', idle.session.user.id)
      .execute();
    expect(
      (await refusal(caller.auth.refresh({ refreshToken: idle.session.refreshToken }))).code,
    ).toBe('UNAUTHORIZED');

    // Just inside the idle limit still works, and counts as use.
    const active = await registeredUser(services);
    await services.db
      .updateTable('sessions')
      .set({ last_used_at: sql<Date>`now() - interval '6 days 23 hours'` })
      .where('user_id', '=', active.session.user.id)
      .execute();
    await caller.auth.refresh({ refreshToken: active.session.refreshToken });
    const touched = await services.db
      .selectFrom('sessions')
      .select(sql<boolean>`last_used_at > now() - interval '1 minute'`.as('recent'))
      .where('user_id', '=', active.session.user.id)
      .executeTakeFirstOrThrow();
    expect(touched.recent).toBe(true);
  });

  it('honours the configured lifetimes', async () => {
    const services = await createTestServices(database().db, {
      refreshTokenTtlSeconds: 3600,
      refreshIdleTtlSeconds: 600,
    });
    const user = await registeredUser(services);
    const session = await services.db
      .selectFrom('sessions')
      .select(sql<number>`extract(epoch from expires_at - created_at)::int`.as('lifetime'))
      .where('user_id', '=', user.session.user.id)
      .executeTakeFirstOrThrow();
    expect(session.lifetime).toBe(3600);
    await services.db
      .updateTable('sessions')
      .set({ last_used_at: sql<Date>`now() - interval '601 seconds'` })
      .where('user_id', '=', user.session.user.id)
      .execute();
    const { caller } = callerFor(services);
    expect(
      (await refusal(caller.auth.refresh({ refreshToken: user.session.refreshToken }))).code,
    ).toBe('UNAUTHORIZED');
  });
});
