// One listening connection per process, whatever it listens to: PostgreSQL wakes every listening
// backend of a database at each notifying commit, so each extra connection costs every write.
import { sql } from 'kysely';
import { afterEach, expect, it, vi } from 'vitest';

import { listenStatementPattern } from './shared-listener';
import { describeEachDatabase } from './testing/describe-each-database';

describeEachDatabase('listening', (database, target) => {
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
  });

  /** Listens, and records what arrives; stopped after the test. */
  async function subscribe(channel: string, onClose?: (error: Error | undefined) => void) {
    const payloads: string[] = [];
    const stop = await database().listen(channel, (payload) => payloads.push(payload), onClose);
    stops.push(stop);
    return { payloads, stop };
  }

  const notify = async (channel: string, payload: string): Promise<void> => {
    await sql`select pg_notify(${channel}, ${payload})`.execute(database().db);
  };

  /** This database's backends whose last statement listens on `channel`. */
  const listeningOn = async (channel: string): Promise<number[]> => {
    const { rows } = await sql<{ pid: number }>`
      select pid from pg_stat_activity
      where datname = current_database() and query ~ ${listenStatementPattern(channel)}
    `.execute(database().db);
    return rows.map((row) => row.pid);
  };

  it('delivers each channel’s notifications to its subscribers only', async () => {
    const first = await subscribe('shared_a');
    const second = await subscribe('shared_a');
    const other = await subscribe('shared_b');
    await notify('shared_a', 'to a');
    await notify('shared_b', 'to b');
    await vi.waitFor(() => {
      expect(first.payloads).toEqual(['to a']);
      expect(second.payloads).toEqual(['to a']);
      expect(other.payloads).toEqual(['to b']);
    });
  });

  if (target.name !== 'postgres') return;

  it('listens on every channel through one connection, which names them all', async () => {
    await subscribe('shared_a');
    await subscribe('shared_b');
    await subscribe('shared_a');
    const onA = await listeningOn('shared_a');
    expect(onA).toHaveLength(1);
    expect(await listeningOn('shared_b')).toEqual(onA);
  });

  it('stops listening on a channel with its last subscriber, and ends with the last of all', async () => {
    const a = await subscribe('shared_a');
    const b = await subscribe('shared_b');
    await a.stop();
    expect(await listeningOn('shared_a')).toEqual([]);
    expect(await listeningOn('shared_b')).toHaveLength(1);
    await notify('shared_a', 'unheard');
    await notify('shared_b', 'heard');
    await vi.waitFor(() => {
      expect(b.payloads).toEqual(['heard']);
    });
    expect(a.payloads).toEqual([]);

    await b.stop();
    await vi.waitFor(async () => {
      expect(await listeningOn('shared_b')).toEqual([]);
    });
  });

  it('tells every subscriber when the connection is lost, and the next listen opens another', async () => {
    const closed: string[] = [];
    const a = await subscribe('shared_a', () => closed.push('a'));
    await subscribe('shared_b', () => closed.push('b'));
    const [pid] = await listeningOn('shared_a');
    await sql`select pg_terminate_backend(${pid})`.execute(database().db);
    await vi.waitFor(() => {
      expect(closed.sort()).toEqual(['a', 'b']);
    });

    const again = await subscribe('shared_a');
    const now = await listeningOn('shared_a');
    expect(now).toHaveLength(1);
    expect(now).not.toContain(pid);
    await notify('shared_a', 'after');
    await vi.waitFor(() => {
      expect(again.payloads).toEqual(['after']);
    });
    expect(a.payloads).toEqual([]);
  });
});
