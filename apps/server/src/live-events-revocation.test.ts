// Every way a session ends (sign-out, sign-out everywhere, revoking one session, a password
// change, a password reset, an email change, a replayed refresh token, an account deletion) closes
// that session's live streams on every instance within a second of the answer, and leaves the
// streams of the sessions it keeps open. Two instances listening on sockets, one database (the
// embedded one and PostgreSQL), real SMTP for the mailed links.
import { randomBytes } from 'node:crypto';

import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';

import { startSmtpTestServer, testAuthConfig, type SmtpTestServer } from '@tasklane/api/testing';
import { describeEachDatabase } from '@tasklane/db/testing';

import { subscribeToTaskChanges, type TaskStreamClient } from './testing/task-stream-client';
import { buildTestApp } from './testing/test-app';
import { signIn, signUp, strongPassword, type TestAccount } from './testing/test-accounts';
import { fetchTrpc, type TrpcCall } from './testing/trpc-http';

/** The rule's bound: a revoked session's streams are closed this soon after the answer. */
const CLOSED_WITHIN_MS = 1000;
const APP_URL = 'http://app.test';

let smtp: SmtpTestServer;
beforeAll(async () => {
  smtp = await startSmtpTestServer();
});
afterAll(async () => {
  await smtp.stop();
});

/** One person on two devices, each device holding a stream on each instance. */
interface TwoDevices {
  phone: TestAccount;
  laptop: { accessToken: string; refreshToken: string | undefined };
  phoneStreams: TaskStreamClient[];
  laptopStreams: TaskStreamClient[];
}

interface Instance {
  app: FastifyInstance;
  url: string;
}

/** How a revocation path ends sessions, and which of the two devices keeps its session. */
interface RevocationPath {
  name: string;
  revoke(a: Instance, person: TwoDevices): Promise<void>;
  survivor: 'phone' | 'laptop' | 'none';
}

describeEachDatabase(
  'tasks.changes: a revoked session’s streams close on every instance',
  (database) => {
    const authSecret = randomBytes(32);
    const apps: FastifyInstance[] = [];
    const streams: TaskStreamClient[] = [];
    let a: Instance;
    let b: Instance;

    async function instance(): Promise<Instance> {
      const app = await buildTestApp(database(), {
        authSecret,
        auth: { ...testAuthConfig, refreshReuseWindowSeconds: 0 },
        mail: {
          transport: { kind: 'smtp', url: smtp.url },
          from: 'Tasklane <no-reply@app.test>',
          appUrl: APP_URL,
        },
        jobs: { pollIntervalMs: 20 },
      });
      apps.push(app);
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.server.address();
      if (address === null || typeof address === 'string') throw new Error('not listening');
      return { app, url: `http://127.0.0.1:${address.port}` };
    }

    beforeAll(async () => {
      a = await instance();
      b = await instance();
    });
    const openStreams = (): number =>
      a.app.apiServices.events.stats().streams + b.app.apiServices.events.stats().streams;
    afterEach(async () => {
      for (const stream of streams.splice(0)) stream.close();
      // The instances see the clients go once their sockets close: each test starts with none.
      await vi.waitFor(() => {
        expect(openStreams()).toBe(0);
      });
    });
    afterAll(async () => {
      await Promise.all(apps.splice(0).map((app) => app.close()));
    });

    function subscribe(on: Instance, token: string): TaskStreamClient {
      const stream = subscribeToTaskChanges({ baseUrl: on.url, accessToken: () => token });
      streams.push(stream);
      return stream;
    }

    async function call(on: Instance, trpcCall: TrpcCall): Promise<unknown> {
      const answer = await fetchTrpc(on.url, trpcCall, 15_000);
      if (answer.status !== 200) {
        throw new Error(`${trpcCall.path} answered ${answer.status}: ${answer.text}`);
      }
      return answer.data;
    }

    async function twoDevices(label: string): Promise<TwoDevices> {
      const phone = await signUp(a.url, label);
      const laptop = await signIn(b.url, phone);
      const phoneStreams = [subscribe(a, phone.accessToken), subscribe(b, phone.accessToken)];
      const laptopStreams = [subscribe(a, laptop.accessToken), subscribe(b, laptop.accessToken)];
      // Each stream starts with its reset: open and admitted on its instance.
      await Promise.all(
        [...phoneStreams, ...laptopStreams].map((stream) => stream.until((e) => e.length === 1)),
      );
      return { phone, laptop, phoneStreams, laptopStreams };
    }

    /** Waits for the stream to end, but no longer than the rule allows. */
    async function closedInTime(stream: TaskStreamClient): Promise<unknown> {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => {
          reject(new Error(`the stream was still open ${CLOSED_WITHIN_MS} ms after the answer`));
        }, CLOSED_WITHIN_MS);
      });
      try {
        return await Promise.race([stream.ended(), late]);
      } finally {
        clearTimeout(timer);
      }
    }

    /** A change made now reaches every one of these streams: they are open and live. */
    async function stillLive(streamsOfSurvivor: TaskStreamClient[], token: string): Promise<void> {
      const title = `still live ${randomBytes(4).toString('hex')}`;
      await call(a, { path: 'tasks.create', kind: 'mutation', input: { title }, token });
      await Promise.all(
        streamsOfSurvivor.map((stream) =>
          stream.until((events) =>
            events.some(({ event }) => event.type === 'upsert' && event.task.title === title),
          ),
        ),
      );
      for (const stream of streamsOfSurvivor) expect(stream.error()).toBeUndefined();
    }

    /** The token of the link mailed to `to` under `subject`, whose path is `path`. */
    async function mailedToken(
      to: string,
      mail: { subject: string; path: string },
    ): Promise<string> {
      const [received] = await smtp.waitForMails(
        1,
        (candidate) => candidate.to.includes(to) && candidate.subject === mail.subject,
      );
      const match = new RegExp(`${mail.path}#token=([A-Za-z0-9_%-]+)`).exec(received?.text ?? '');
      if (match?.[1] === undefined) throw new Error(`no ${mail.path} link in the mail`);
      return decodeURIComponent(match[1]);
    }

    const paths: RevocationPath[] = [
      {
        name: 'sign-out',
        survivor: 'laptop',
        async revoke(on, { phone }) {
          await call(on, { path: 'auth.signOut', kind: 'mutation', token: phone.accessToken });
        },
      },
      {
        name: 'sign-out everywhere',
        survivor: 'none',
        async revoke(on, { laptop }) {
          await call(on, {
            path: 'auth.signOutEverywhere',
            kind: 'mutation',
            token: laptop.accessToken,
          });
        },
      },
      {
        name: 'revoking one session from the list',
        survivor: 'phone',
        async revoke(on, { phone }) {
          const sessions = await call(on, {
            path: 'auth.sessions',
            kind: 'query',
            token: phone.accessToken,
          });
          const others = (sessions as { id: string; current: boolean }[]).filter((s) => !s.current);
          expect(others).toHaveLength(1);
          await call(on, {
            path: 'auth.revokeSession',
            kind: 'mutation',
            input: { sessionId: others[0]?.id },
            token: phone.accessToken,
          });
        },
      },
      {
        name: 'a password change (every other session)',
        survivor: 'phone',
        async revoke(on, { phone }) {
          await call(on, {
            path: 'auth.changePassword',
            kind: 'mutation',
            input: { currentPassword: phone.password, newPassword: strongPassword() },
            token: phone.accessToken,
          });
        },
      },
      {
        name: 'a password reset (every session)',
        survivor: 'none',
        async revoke(on, { phone }) {
          await call(on, {
            path: 'auth.requestPasswordReset',
            kind: 'mutation',
            input: { email: phone.email },
          });
          const token = await mailedToken(phone.email, {
            subject: 'Reset your Tasklane password',
            path: '/reset-password',
          });
          await call(on, {
            path: 'auth.resetPassword',
            kind: 'mutation',
            input: { token, newPassword: strongPassword() },
          });
        },
      },
      {
        name: 'an email change (every session but the confirming one)',
        survivor: 'phone',
        async revoke(on, { phone }) {
          const newEmail = `moved-${randomBytes(6).toString('hex')}@example.com`;
          await call(on, {
            path: 'auth.requestEmailChange',
            kind: 'mutation',
            input: { newEmail, password: phone.password },
            token: phone.accessToken,
          });
          const token = await mailedToken(newEmail, {
            subject: 'Confirm your new email address for Tasklane',
            path: '/confirm-email',
          });
          await call(on, {
            path: 'auth.confirmEmailChange',
            kind: 'mutation',
            input: { token },
            token: phone.accessToken,
          });
        },
      },
      {
        name: 'a used refresh token presented again (the session is revoked)',
        survivor: 'phone',
        async revoke(on, { laptop }) {
          const refreshWith = (refreshToken: string | undefined) =>
            fetchTrpc(on.url, { path: 'auth.refresh', kind: 'mutation', input: { refreshToken } });
          expect((await refreshWith(laptop.refreshToken)).status).toBe(200);
          // The reuse window is 0 here: presented again, the old token revokes its session.
          const replayed = await refreshWith(laptop.refreshToken);
          expect([replayed.status, replayed.errorCode]).toEqual([401, 'UNAUTHORIZED']);
        },
      },
      {
        name: 'an account deletion',
        survivor: 'none',
        async revoke(on, { phone }) {
          await call(on, {
            path: 'auth.deleteAccount',
            kind: 'mutation',
            input: { password: phone.password },
            token: phone.accessToken,
          });
        },
      },
    ];

    it.each(paths)('$name', async (path) => {
      const person = await twoDevices('revocation');
      const closing =
        path.survivor === 'phone'
          ? person.laptopStreams
          : path.survivor === 'laptop'
            ? person.phoneStreams
            : [...person.phoneStreams, ...person.laptopStreams];

      await path.revoke(a, person);
      const errors = await Promise.all(closing.map(closedInTime));
      for (const error of errors) expect(error).toMatchObject({ data: { code: 'UNAUTHORIZED' } });
      // Every stream of an ended session is gone from both instances' counts.
      expect(openStreams()).toBe(4 - closing.length);

      switch (path.survivor) {
        case 'phone':
          await stillLive(person.phoneStreams, person.phone.accessToken);
          break;
        case 'laptop':
          await stillLive(person.laptopStreams, person.laptop.accessToken);
          break;
        case 'none':
          break;
      }
    });
  },
);
