import { randomUUID } from 'node:crypto';

import { expect, it } from 'vitest';

import { sql } from '@tasklane/db';
import { describeEachDatabase } from '@tasklane/db/testing';

import { callerFor, createTestServices, testAuthConfig } from '../testing';
import {
  bearer,
  failedFields,
  randomIp,
  refusal,
  registeredUser,
  signedInCaller,
  TEST_PASSWORD,
} from '../testing/auth-test-support';
import { REFRESH_COOKIE_NAME } from './refresh-cookie';

const webOrigin = testAuthConfig.webOrigins[0] ?? '';
const NEW_PASSWORD = 'a brand new passphrase';

describeEachDatabase('auth sessions and account', (database) => {
  async function userWithTwoSessions() {
    const services = await createTestServices(database().db);
    const user = await registeredUser(services);
    const { caller } = callerFor(services, { ip: randomIp(), userAgent: 'Phone' });
    const other = await caller.auth.signIn({
      email: user.email,
      password: user.password,
      tokenDelivery: 'body',
    });
    return { services, user, first: user.session, other };
  }

  it('signOut revokes this session only, and clears the cookie', async () => {
    const { services, first, other } = await userWithTwoSessions();
    const { caller, response } = signedInCaller(services, first.accessToken);
    expect(await caller.auth.signOut()).toEqual({ ok: true });
    expect(response.cookies.get(REFRESH_COOKIE_NAME)?.options.maxAge).toBe(0);
    // The browser forgets what the app kept there (16.9).
    expect(response.headers.get('clear-site-data')).toBe('"cookies", "storage"');
    expect((await refusal(caller.auth.me())).code).toBe('UNAUTHORIZED');
    const refreshed = callerFor(services).caller.auth.refresh({ refreshToken: first.refreshToken });
    expect((await refusal(refreshed)).code).toBe('UNAUTHORIZED');
    expect(await signedInCaller(services, other.accessToken).caller.auth.me()).toEqual(other.user);
  });

  it('signOut works with the refresh cookie alone, from a web origin only', async () => {
    const services = await createTestServices(database().db);
    const user = await registeredUser(services);
    const cookies = { [REFRESH_COOKIE_NAME]: user.session.refreshToken };
    const forged = callerFor(services, { cookies, origin: 'https://evil.example' }).caller;
    expect((await refusal(forged.auth.signOut())).code).toBe('FORBIDDEN');
    expect(await signedInCaller(services, user.session.accessToken).caller.auth.me()).toEqual(
      user.session.user,
    );

    const { caller, response } = callerFor(services, { cookies, origin: webOrigin });
    expect(await caller.auth.signOut()).toEqual({ ok: true });
    expect(response.cookies.get(REFRESH_COOKIE_NAME)?.value).toBe('');
    const me = signedInCaller(services, user.session.accessToken).caller;
    expect((await refusal(me.auth.me())).code).toBe('UNAUTHORIZED');
    // Signing out again is harmless; with nothing at all it is UNAUTHORIZED.
    expect(await caller.auth.signOut()).toEqual({ ok: true });
    expect((await refusal(callerFor(services).caller.auth.signOut())).code).toBe('UNAUTHORIZED');
  });

  it('signOutEverywhere revokes every session and says how many', async () => {
    const { services, first, other } = await userWithTwoSessions();
    const { caller, response } = signedInCaller(services, other.accessToken);
    expect(await caller.auth.signOutEverywhere()).toEqual({ revoked: 2 });
    expect(response.headers.get('clear-site-data')).toBe('"cookies", "storage"');
    for (const token of [first.accessToken, other.accessToken]) {
      expect((await refusal(signedInCaller(services, token).caller.auth.me())).code).toBe(
        'UNAUTHORIZED',
      );
    }
  });

  it('lists live sessions with the current one marked, and revokes one by id', async () => {
    const { services, first, other } = await userWithTwoSessions();
    const { caller } = signedInCaller(services, first.accessToken);
    const sessions = await caller.auth.sessions();
    expect(sessions).toHaveLength(2);
    const current = sessions.find((session) => session.current);
    const phone = sessions.find((session) => !session.current);
    expect(current?.userAgent).toBe('vitest');
    expect(phone).toMatchObject({
      userAgent: 'Phone',
      current: false,
      createdAt: expect.any(Date) as Date,
      lastUsedAt: expect.any(Date) as Date,
    });

    expect(await caller.auth.revokeSession({ sessionId: phone?.id ?? '' })).toEqual({ ok: true });
    expect((await refusal(signedInCaller(services, other.accessToken).caller.auth.me())).code).toBe(
      'UNAUTHORIZED',
    );
    expect((await caller.auth.sessions()).map((session) => session.id)).toEqual([current?.id]);
    // Already revoked, another user's, or made up: the same NOT_FOUND.
    const stranger = await registeredUser(services);
    const strangerSession = (
      await signedInCaller(services, stranger.session.accessToken).caller.auth.sessions()
    )[0]?.id;
    for (const sessionId of [phone?.id ?? '', strangerSession ?? '', randomUUID()]) {
      expect((await refusal(caller.auth.revokeSession({ sessionId }))).code).toBe('NOT_FOUND');
    }
    expect(await signedInCaller(services, stranger.session.accessToken).caller.auth.me()).toEqual(
      stranger.session.user,
    );
  });

  it('changePassword checks the current password, keeps this session and ends the others', async () => {
    const { services, user, first, other } = await userWithTwoSessions();
    const { caller } = signedInCaller(services, first.accessToken);

    const wrong = await refusal(
      caller.auth.changePassword({ currentPassword: 'not my password', newPassword: NEW_PASSWORD }),
    );
    expect([wrong.code, failedFields(wrong)]).toEqual(['BAD_REQUEST', ['currentPassword']]);
    const common = await refusal(
      caller.auth.changePassword({ currentPassword: TEST_PASSWORD, newPassword: 'iloveyou123' }),
    );
    expect([common.code, failedFields(common)]).toEqual(['BAD_REQUEST', ['newPassword']]);
    const personal = await refusal(
      caller.auth.changePassword({ currentPassword: TEST_PASSWORD, newPassword: `${user.email}!` }),
    );
    expect([personal.code, failedFields(personal)]).toEqual(['BAD_REQUEST', ['newPassword']]);
    const weak = await refusal(
      caller.auth.changePassword({ currentPassword: TEST_PASSWORD, newPassword: ' '.repeat(8) }),
    );
    expect([weak.code, failedFields(weak)]).toEqual(['BAD_REQUEST', ['newPassword']]);
    expect(await signedInCaller(services, other.accessToken).caller.auth.me()).toEqual(other.user);

    expect(
      await caller.auth.changePassword({
        currentPassword: TEST_PASSWORD,
        newPassword: NEW_PASSWORD,
      }),
    ).toEqual({ ok: true });
    expect(await caller.auth.me()).toEqual(user.session.user);
    expect((await refusal(signedInCaller(services, other.accessToken).caller.auth.me())).code).toBe(
      'UNAUTHORIZED',
    );
    const signIn = callerFor(services, { ip: randomIp() }).caller.auth.signIn;
    expect((await refusal(signIn({ email: user.email, password: TEST_PASSWORD }))).code).toBe(
      'UNAUTHORIZED',
    );
    expect((await signIn({ email: user.email, password: NEW_PASSWORD })).user.id).toBe(
      user.session.user.id,
    );
  });

  it('limits wrong current passwords per user', async () => {
    const services = await createTestServices(
      database().db,
      {},
      {
        rateLimits: { passwordConfirmFailuresPerUser: { limit: 2, windowSeconds: 900 } },
      },
    );
    const user = await registeredUser(services);
    const { caller } = signedInCaller(services, user.session.accessToken);
    const attempt = (password: string) => caller.auth.deleteAccount({ password });
    expect((await refusal(attempt('guess one'))).code).toBe('BAD_REQUEST');
    expect((await refusal(attempt('guess two'))).code).toBe('BAD_REQUEST');
    expect((await refusal(attempt(TEST_PASSWORD))).code).toBe('TOO_MANY_REQUESTS');
    expect(await caller.auth.me()).toEqual(user.session.user);
  });

  it('deleteAccount needs the password, then removes the user, their tasks and sessions', async () => {
    const { services, user, first, other } = await userWithTwoSessions();
    const bystander = await registeredUser(services);
    for (const owner of [user.session.user.id, bystander.session.user.id]) {
      await services.db.insertInto('tasks').values({ user_id: owner, title: 'Keep?' }).execute();
    }
    const { caller, response } = signedInCaller(services, first.accessToken);
    const wrong = await refusal(caller.auth.deleteAccount({ password: 'nope nope' }));
    expect([wrong.code, failedFields(wrong)]).toEqual(['BAD_REQUEST', ['password']]);

    expect(await caller.auth.deleteAccount({ password: TEST_PASSWORD })).toEqual({ ok: true });
    expect(response.cookies.get(REFRESH_COOKIE_NAME)?.options.maxAge).toBe(0);
    for (const token of [first.accessToken, other.accessToken]) {
      expect((await refusal(signedInCaller(services, token).caller.auth.me())).code).toBe(
        'UNAUTHORIZED',
      );
    }
    const left = await Promise.all([
      services.db.selectFrom('users').select('id').where('id', '=', user.session.user.id).execute(),
      services.db
        .selectFrom('sessions')
        .select('id')
        .where('user_id', '=', user.session.user.id)
        .execute(),
      services.db
        .selectFrom('tasks')
        .select('id')
        .where('user_id', '=', user.session.user.id)
        .execute(),
    ]);
    expect(left).toEqual([[], [], []]);
    const theirs = await services.db
      .selectFrom('tasks')
      .select('title')
      .where('user_id', '=', bystander.session.user.id)
      .execute();
    expect(theirs).toEqual([{ title: 'Keep?' }]);
    const signIn = callerFor(services, { ip: randomIp() }).caller.auth.signIn;
    expect((await refusal(signIn({ email: user.email, password: TEST_PASSWORD }))).code).toBe(
      'UNAUTHORIZED',
    );
  });

  it('deletes a user’s dead sessions on sign-in, and never a live one', async () => {
    const { services, user, first, other } = await userWithTwoSessions();
    const firstId = (await services.tokens.verify(first.accessToken))?.sessionId ?? '';
    const otherId = (await services.tokens.verify(other.accessToken))?.sessionId ?? '';
    // One session revoked two days ago, the other still live.
    await services.db
      .updateTable('sessions')
      .set({ revoked_at: sql<Date>`now() - interval '2 days'` })
      .where('id', '=', firstId)
      .execute();
    await callerFor(services, { ip: randomIp() }).caller.auth.signIn({
      email: user.email,
      password: TEST_PASSWORD,
    });
    const left = await services.db
      .selectFrom('sessions')
      .select('id')
      .where('user_id', '=', user.session.user.id)
      .execute();
    expect(left.map((row) => row.id)).not.toContain(firstId);
    expect(left.map((row) => row.id)).toContain(otherId);
    expect(left).toHaveLength(2);
  });

  it('refuses protected procedures without a valid bearer token', async () => {
    const services = await createTestServices(database().db);
    const user = await registeredUser(services);
    const other = await createTestServices(database().db);
    const forged = (
      await other.tokens.issue({ userId: user.session.user.id, sessionId: randomUUID() })
    ).token;
    for (const authorization of [
      undefined,
      '',
      'Bearer',
      `Basic ${user.session.accessToken}`,
      `bearer ${user.session.accessToken}`,
      bearer(`${user.session.accessToken}x`),
      bearer(forged),
      bearer(user.session.refreshToken),
    ]) {
      const { caller } = callerFor(services, { authorization });
      expect((await refusal(caller.auth.me())).code).toBe('UNAUTHORIZED');
    }
    // A token signed with this server's key but for a session that does not exist.
    const stray = await services.tokens.issue({
      userId: user.session.user.id,
      sessionId: randomUUID(),
    });
    expect((await refusal(signedInCaller(services, stray.token).caller.auth.me())).code).toBe(
      'UNAUTHORIZED',
    );
    // A real session id under another user's id.
    const claims = await services.tokens.verify(user.session.accessToken);
    const stranger = await registeredUser(services);
    const swapped = await services.tokens.issue({
      userId: stranger.session.user.id,
      sessionId: claims?.sessionId ?? '',
    });
    expect((await refusal(signedInCaller(services, swapped.token).caller.auth.me())).code).toBe(
      'UNAUTHORIZED',
    );
  });
});
