// Shared by the event test files: a stream opened in process, read in the background, and waits
// that end on what arrived (the test timeout bounds them), never on a fixed sleep.
import { isTrackedEnvelope } from '@trpc/server';

import type { ApiServices } from '../context';
import type { Task } from '../tasks/task';
import { createContext } from '../context';
import { createCaller } from '../root';
import { recordingResponse, testRequest, type RecordedResponse } from '../testing';
import type { TaskEvent } from './task-event';

export interface ReceivedEvent {
  id: string;
  event: TaskEvent;
}

export interface OpenedStream {
  events: ReceivedEvent[];
  response: RecordedResponse;
  /** Resolves once the stream has ended, with its error if it failed. */
  ended: Promise<unknown>;
  /** Waits until `predicate` holds for the events received (or the stream ended: it throws). */
  until(predicate: (events: readonly ReceivedEvent[]) => boolean): Promise<void>;
  /** The client goes away. */
  close(): Promise<void>;
  lastId(): string | undefined;
}

export async function openStream(
  services: ApiServices,
  accessToken: string,
  lastEventId?: string,
): Promise<OpenedStream> {
  const controller = new AbortController();
  const response = recordingResponse();
  const caller = createCaller(
    createContext(services, testRequest({ authorization: `Bearer ${accessToken}` }), response),
    { signal: controller.signal },
  );
  const iterable = await caller.tasks.changes(
    lastEventId === undefined ? undefined : { lastEventId },
  );
  const events: ReceivedEvent[] = [];
  let changed: () => void = () => undefined;
  let done = false;
  const ended = (async (): Promise<unknown> => {
    try {
      for await (const value of iterable) {
        if (!isTrackedEnvelope<TaskEvent>(value)) throw new Error('untracked event');
        events.push({ id: value[0], event: value[1] });
        changed();
      }
      return undefined;
    } catch (error) {
      return error;
    } finally {
      done = true;
      changed();
    }
  })();
  return {
    events,
    response,
    ended,
    async until(predicate) {
      for (;;) {
        if (predicate(events)) return;
        if (done) throw new Error(`stream ended early: ${String(await ended)}`);
        await new Promise<void>((resolve) => {
          changed = resolve;
        });
      }
    },
    async close() {
      controller.abort();
      await ended;
    },
    lastId: () => events.at(-1)?.id,
  };
}

export function eventTypes(events: readonly ReceivedEvent[]): string[] {
  return events.map(({ event }) =>
    event.type === 'upsert'
      ? `upsert ${event.task.title} v${event.task.version}`
      : event.type === 'delete'
        ? `delete ${event.id}`
        : event.type === 'reminder'
          ? `reminder ${event.task.title}`
          : 'reset',
  );
}

/** Applies events to an empty cache the way a client would: the tasks they leave, by id. */
export function replay(events: readonly ReceivedEvent[]): Map<string, Task> {
  const tasks = new Map<string, Task>();
  for (const { event } of events) {
    switch (event.type) {
      case 'reset':
        tasks.clear();
        break;
      case 'upsert':
        tasks.set(event.task.id, event.task);
        break;
      case 'delete':
        tasks.delete(event.id);
        break;
      case 'reminder':
        // A nudge, not a change to the task.
        break;
    }
  }
  return tasks;
}
