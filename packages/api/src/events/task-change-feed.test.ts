import { randomBytes } from 'node:crypto';

import { TRPCError } from '@trpc/server';
import { afterEach, expect, it } from 'vitest';

import { describeEachDatabase } from '@tasklane/db/testing';

import { createContext, type ApiServices } from '../context';
import { createCaller } from '../root';
import { openedServices, recordingResponse, signedInTestUser, testRequest } from '../testing';
import { openStream, type OpenedStream } from './event-test-support';
import type { TaskChangeFeed } from './task-change-feed';
import { taskChangeFeedOf } from './task-changes';
import type { TaskEvent } from './task-event';

/** What a sink was sent, and how it ended. */
interface RecordingSink {
  sent: { seq: number; event: TaskEvent }[];
  ended: { error: unknown } | undefined;
  /** Whether `send` answers that the sink has room. */
  room: boolean;
  /** Waits until `predicate` holds for what was sent (the test timeout bounds it). */
  until(predicate: (sink: RecordingSink) => boolean): Promise<void>;
}

describeEachDatabase('task change feed', (database) => {
  const authSecret = randomBytes(32);
  const opened = openedServices(database);
  const others: OpenedStream[] = [];
  afterEach(async () => {
    await Promise.all(others.splice(0).map((stream) => stream.close()));
    await opened.closeAll();
  });

  const instance = (): Promise<ApiServices> =>
    opened.open({ authSecret, notifications: database() });

  /** Opens `tasks.changes` as the live route does: takes the feed and starts it with a sink. */
  async function feedFor(
    services: ApiServices,
    token: string,
  ): Promise<{ feed: TaskChangeFeed; sink: RecordingSink }> {
    const caller = createCaller(
      createContext(
        services,
        testRequest({ authorization: `Bearer ${token}` }),
        recordingResponse(),
      ),
    );
    const events = await caller.tasks.changes();
    const feed = taskChangeFeedOf(events);
    if (feed === undefined) throw new Error('tasks.changes returned no feed');
    let changed: () => void = () => undefined;
    const sink: RecordingSink = {
      sent: [],
      ended: undefined,
      room: true,
      async until(predicate) {
        while (!predicate(sink)) {
          await new Promise<void>((resolve) => {
            changed = resolve;
          });
        }
      },
    };
    feed.start({
      send(seq, event) {
        sink.sent.push({ seq, event });
        changed();
        return sink.room;
      },
      end(error) {
        sink.ended = { error };
        changed();
      },
    });
    return { feed, sink };
  }

  it('sends nothing more to a full sink until it has room, then every change in order, once', async () => {
    const a = await instance();
    const alice = await signedInTestUser(a);
    const { feed, sink } = await feedFor(a, alice.accessToken);
    sink.room = false;
    await sink.until(({ sent }) => sent.length === 1);
    expect(sink.sent[0]).toEqual({ seq: 0, event: { type: 'reset' } });

    // A stream with room on the same instance is woken by the same notifications: once it has
    // all three, the full one has been woken for them too.
    const witness = await openStream(a, alice.accessToken);
    others.push(witness);
    await witness.until((events) => events.length === 1);
    for (const title of ['One', 'Two', 'Three']) await alice.caller.tasks.create({ title });
    await witness.until((events) => events.length === 4);
    expect(sink.sent).toHaveLength(1);

    sink.room = true;
    feed.resume();
    await sink.until(({ sent }) => sent.length === 4);
    expect(sink.sent.map(({ seq }) => seq)).toEqual([0, 1, 2, 3]);
    expect(
      sink.sent.slice(1).map(({ event }) => event.type === 'upsert' && event.task.title),
    ).toEqual(['One', 'Two', 'Three']);
    await alice.caller.tasks.create({ title: 'Four' });
    await sink.until(({ sent }) => sent.length === 5);
    expect(sink.sent.at(-1)?.seq).toBe(4);
    expect(sink.ended).toBeUndefined();
  });

  it('ends a revoked session’s feed before the revoking call answers, even while its sink is full', async () => {
    const a = await instance();
    const alice = await signedInTestUser(a);
    const { sink } = await feedFor(a, alice.accessToken);
    sink.room = false;
    await sink.until(({ sent }) => sent.length === 1);

    await alice.caller.auth.signOut();
    const error = sink.ended?.error;
    expect(error).toBeInstanceOf(TRPCError);
    expect(error instanceof TRPCError ? error.code : undefined).toBe('UNAUTHORIZED');
    expect(a.events.stats().streams).toBe(0);
  });

  it('ends with no error when the client goes away, and frees its place at once', async () => {
    const a = await instance();
    const alice = await signedInTestUser(a);
    const { feed, sink } = await feedFor(a, alice.accessToken);
    await sink.until(({ sent }) => sent.length === 1);
    expect(a.events.stats().streams).toBe(1);

    feed.close();
    expect(sink.ended).toEqual({ error: undefined });
    expect(a.events.stats().streams).toBe(0);
  });
});
