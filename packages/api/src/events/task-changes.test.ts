import { randomBytes } from 'node:crypto';

import { TRPCError } from '@trpc/server';
import { afterEach, expect, it } from 'vitest';

import { describeEachDatabase } from '@tasklane/db/testing';

import type { ApiServices } from '../context';
import { openedServices, signedInTestUser, type SignedInTestUser } from '../testing';
import { trpcError } from '../tasks/task-test-support';
import type { EventStreamLimits } from './event-hub';
import { eventTypes, openStream, replay, type OpenedStream } from './event-test-support';
import { streamRefusalOf } from './task-changes';
import type { NotificationSource } from '../sessions/session-validity';
import { pruneTaskEvents, TASK_EVENTS_CHANNEL } from './task-event-log';

describeEachDatabase('tasks.changes (in process)', (database) => {
  // Instances of one deployment share the token secret.
  const authSecret = randomBytes(32);
  const opened = openedServices(database);
  const streams: OpenedStream[] = [];
  afterEach(async () => {
    await Promise.all(streams.splice(0).map((stream) => stream.close()));
    await opened.closeAll();
  });

  /** An instance: its own services (session cache, event hub, LISTEN) on the shared database. */
  function instance(
    streamLimits: EventStreamLimits = {},
    auth: { accessTokenTtlSeconds?: number } = {},
  ): Promise<ApiServices> {
    return opened.open({ authSecret, notifications: database(), streams: streamLimits }, auth);
  }

  async function stream(services: ApiServices, token: string, lastEventId?: string) {
    const opened = await openStream(services, token, lastEventId);
    streams.push(opened);
    return opened;
  }

  /** The same person signed in on another device, as seen by `services`. */
  async function sameUserOn(services: ApiServices, user: SignedInTestUser) {
    const session = await services.db
      .insertInto('sessions')
      .values({ user_id: user.userId, expires_at: new Date(Date.now() + 3_600_000) })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { token } = await services.tokens.issue({ userId: user.userId, sessionId: session.id });
    return { sessionId: session.id, token };
  }

  it('starts with a reset at the current position, then carries every change in order', async () => {
    const a = await instance();
    const alice = await signedInTestUser(a);
    const before = await alice.caller.tasks.create({ title: 'Before' });
    const live = await stream(a, alice.accessToken);
    await live.until((events) => events.length === 1);
    expect(live.events[0]).toEqual({ id: '1', event: { type: 'reset' } });

    const task = await alice.caller.tasks.create({ title: 'Live' });
    await alice.caller.tasks.update({ id: task.id, version: 1, title: 'Live, edited' });
    await alice.caller.tasks.setCompleted({ id: before.id, completed: true });
    await alice.caller.tasks.clearCompleted();
    await alice.caller.tasks.delete({ id: task.id });
    await live.until((events) => events.at(-1)?.id === '6');
    // How many upserts arrive depends on when the stream read the log (an upsert is sent with the
    // task as it is then, and left out once the task is gone); what holds: ids only increase,
    // no id comes twice, the deletes come last in commit order, and the events replay to the
    // server's state.
    const ids = live.events.map((event) => Number(event.id));
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(new Set(ids).size).toBe(ids.length);
    expect(live.events.slice(-2)).toEqual([
      { id: '5', event: { type: 'delete', id: before.id } },
      { id: '6', event: { type: 'delete', id: task.id } },
    ]);
    expect(replay(live.events)).toEqual(new Map());
    const after = await alice.caller.tasks.create({ title: 'After' });
    await live.until((events) => events.at(-1)?.id === '7');
    expect(replay(live.events)).toEqual(new Map([[after.id, after]]));
  });

  it('reaches the streams of that person on another instance, and only theirs', async () => {
    const a = await instance();
    const b = await instance();
    const alice = await signedInTestUser(a);
    const bob = await signedInTestUser(a);
    const aliceOnB = await sameUserOn(b, alice);
    const hers = await stream(b, aliceOnB.token);
    const his = await stream(b, bob.accessToken);
    await Promise.all([hers.until((e) => e.length === 1), his.until((e) => e.length === 1)]);

    const task = await alice.caller.tasks.create({ title: 'From A' });
    await hers.until((events) => events.length === 2);
    expect(hers.events[1]?.event).toEqual({ type: 'upsert', task });
    await bob.caller.tasks.create({ title: 'His' });
    await his.until((events) => events.length === 2);
    expect(hers.events).toHaveLength(2);
    expect(eventTypes(his.events)).toEqual(['reset', 'upsert His v1']);
  });

  it('resumes after the last event id with every event since, in order, once', async () => {
    const a = await instance();
    const alice = await signedInTestUser(a);
    const first = await stream(a, alice.accessToken);
    await alice.caller.tasks.create({ title: 'One' });
    await first.until((events) => events.length === 2);
    const lastId = first.lastId();
    await first.close();

    const two = await alice.caller.tasks.create({ title: 'Two' });
    await alice.caller.tasks.create({ title: 'Three' });
    await alice.caller.tasks.delete({ id: two.id });
    const resumed = await stream(a, alice.accessToken, lastId);
    await alice.caller.tasks.create({ title: 'Four' });
    await resumed.until((events) => events.at(-1)?.id === '5');
    // Event 2 created "Two", which is gone by the time it is read: only its delete is sent.
    expect(resumed.events.map((event) => event.id)).toEqual(['3', '4', '5']);
    expect(eventTypes(resumed.events)).toEqual([
      'upsert Three v1',
      `delete ${two.id}`,
      'upsert Four v1',
    ]);
  });

  it('answers reset to a resume point older than the retention', async () => {
    const a = await instance();
    const alice = await signedInTestUser(a);
    for (const title of ['a', 'b']) await alice.caller.tasks.create({ title });
    await pruneTaskEvents(a.db, new Date(Date.now() + 1000));
    await alice.caller.tasks.create({ title: 'c' });
    const resumed = await stream(a, alice.accessToken, '1');
    await resumed.until((events) => events.length === 1);
    expect(resumed.events).toEqual([{ id: '3', event: { type: 'reset' } }]);
    // A resume point that was never given out (ahead of the log) is a reset too.
    const ahead = await stream(a, alice.accessToken, '99');
    await ahead.until((events) => events.length === 1);
    expect(ahead.events).toEqual([{ id: '3', event: { type: 'reset' } }]);
    // While every later event is still kept, the same person resumes.
    const kept = await stream(a, alice.accessToken, '2');
    await alice.caller.tasks.create({ title: 'd' });
    await kept.until((events) => events.length === 2);
    expect(eventTypes(kept.events)).toEqual(['upsert c v1', 'upsert d v1']);
  });

  it('refuses a malformed event id with a typed error', async () => {
    const a = await instance();
    const alice = await signedInTestUser(a);
    const error = await trpcError(
      openStream(a, alice.accessToken, 'not-an-id').then((s) => s.close()),
    );
    expect(error.code).toBe('BAD_REQUEST');
  });

  it('closes the streams of a revoked session on every instance, and no others', async () => {
    const a = await instance();
    const b = await instance();
    const alice = await signedInTestUser(a);
    const other = await sameUserOn(a, alice);
    const onA = await stream(a, alice.accessToken);
    const onB = await stream(b, alice.accessToken);
    const otherDevice = await stream(b, other.token);
    await Promise.all([onA, onB, otherDevice].map((s) => s.until((e) => e.length === 1)));

    await alice.caller.auth.signOut();
    for (const ended of [onA, onB]) {
      const error = await ended.ended;
      expect(error).toBeInstanceOf(TRPCError);
      expect(error instanceof TRPCError ? error.code : undefined).toBe('UNAUTHORIZED');
    }
    expect(a.events.stats().streams + b.events.stats().streams).toBe(1);
    // The other device's stream lives on.
    await alice.caller.tasks.create({ title: 'after' }).catch(() => undefined);
    const device = await signedInTestUser(a);
    await device.caller.tasks.create({ title: 'noise' });
    expect(b.events.stats().streams).toBe(1);
  });

  it('limits streams per person and per instance, with 429/503 and Retry-After', async () => {
    const a = await instance({ maxStreamsPerUser: 2, maxStreams: 3 });
    const alice = await signedInTestUser(a);
    const bob = await signedInTestUser(a);
    await stream(a, alice.accessToken);
    await stream(a, alice.accessToken);
    const third = await trpcError(openStream(a, alice.accessToken));
    expect(third.code).toBe('TOO_MANY_REQUESTS');

    await stream(a, bob.accessToken);
    const full = await openStream(a, bob.accessToken).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(full instanceof TRPCError ? full.code : full).toBe('SERVICE_UNAVAILABLE');
    expect(a.events.stats()).toMatchObject({ streams: 3, users: 2 });
  });

  it('records the refusal for the HTTP answer', async () => {
    const a = await instance({ maxStreamsPerUser: 0 });
    const alice = await signedInTestUser(a);
    const { recordingResponse } = await import('../testing');
    const { createContext } = await import('../context');
    const { createCaller } = await import('../root');
    const { testRequest } = await import('../testing');
    const response = recordingResponse();
    const caller = createCaller(
      createContext(a, testRequest({ authorization: `Bearer ${alice.accessToken}` }), response),
    );
    await trpcError(caller.tasks.changes());
    expect(streamRefusalOf(response)).toMatchObject({ status: 429, retryAfterSeconds: 30 });
    expect(response.headers.get('retry-after')).toBe('30');
  });

  it('ends every stream on shutdown so clients reconnect elsewhere, and refuses new ones', async () => {
    const a = await instance();
    const alice = await signedInTestUser(a);
    const live = await stream(a, alice.accessToken);
    await live.until((events) => events.length === 1);
    a.events.drain();
    const error = await live.ended;
    expect(error instanceof DOMException ? error.name : error).toBe('AbortError');
    expect((await trpcError(openStream(a, alice.accessToken))).code).toBe('SERVICE_UNAVAILABLE');
  });

  it('ends a stream when its access token expires, for a reconnect with a fresh one', async () => {
    const a = await instance({}, { accessTokenTtlSeconds: 1 });
    const alice = await signedInTestUser(a);
    const live = await stream(a, alice.accessToken);
    const error = await live.ended;
    expect(error instanceof DOMException ? error.message : error).toBe('Reconnect (expired)');
    expect(a.events.stats().streams).toBe(0);
  });

  it('sends a change too large to ride in its notification, read from the log', async () => {
    const a = await instance();
    const alice = await signedInTestUser(a);
    const live = await stream(a, alice.accessToken);
    await live.until((events) => events.length === 1);
    // Over 8,000 bytes in UTF-8: the notification carries only the owner.
    await alice.caller.tasks.create({ title: 'Long', description: '€'.repeat(3000) });
    await alice.caller.tasks.create({ title: 'Short' });
    await live.until((events) => events.length === 3);
    expect(eventTypes(live.events)).toEqual(['reset', 'upsert Long v1', 'upsert Short v1']);
  });

  // Changes carried by notifications stand in for the log only while every notification is heard:
  // once the listener is lost, a change made meanwhile is announced to no one, and the streams
  // polling the log must not take the changes carried before as all there is.
  it('reads the log, not the changes carried before, once its listener is lost', async () => {
    let cut: (() => void) | undefined;
    let stopListening: (() => Promise<void>) | undefined;
    const notifications: NotificationSource = {
      async listen(channel, onPayload, onClose) {
        if (channel !== TASK_EVENTS_CHANNEL) return database().listen(channel, onPayload, onClose);
        let heard = true;
        const stop = await database().listen(channel, (payload) => {
          if (heard) onPayload(payload);
        });
        stopListening = stop;
        cut = () => {
          heard = false;
          onClose?.(new Error('connection lost'));
        };
        return stop;
      },
    };
    const services = await opened.open({
      authSecret,
      notifications,
      streams: { pollIntervalMs: 50, reconnectDelayMs: 60_000 },
    });
    await services.events.ready();
    const alice = await signedInTestUser(services);
    const live = await stream(services, alice.accessToken);
    await alice.caller.tasks.create({ title: 'Carried' });
    await live.until((events) => events.length === 2);

    cut?.();
    expect(services.events.stats().mode).toBe('polling');
    await alice.caller.tasks.create({ title: 'Unannounced' });
    await live.until((events) => events.length === 3);
    expect(eventTypes(live.events)).toEqual([
      'reset',
      'upsert Carried v1',
      'upsert Unannounced v1',
    ]);
    await stopListening?.();
  });

  it('reads the log on its own when no notification can arrive', async () => {
    const services = await opened.open({ streams: { pollIntervalMs: 50 } });
    expect(services.events.stats().mode).toBe('polling');
    const alice = await signedInTestUser(services);
    const live = await stream(services, alice.accessToken);
    await alice.caller.tasks.create({ title: 'Polled' });
    await live.until((events) => events.length === 2);
    expect(eventTypes(live.events)).toEqual(['reset', 'upsert Polled v1']);
  });
});
