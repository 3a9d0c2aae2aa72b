// The events this screen knows of, in order: those the live stream delivered and the server's
// answers to changes made here. A page fetched while some arrived replays them (replayOnPage), so
// a read that started before a change and answered after it cannot undo that change on screen.
import type { TaskEvent } from '@tasklane/api/client';

export type ListEvent = Exclude<TaskEvent, { type: 'reset' | 'reminder' }>;

/** Events kept for pages being fetched; far more than arrive during a fetch. */
const KEPT_EVENTS = 500;

export interface LiveEventLog {
  /** A mark to take before fetching a page: `since(mark)` gives the events recorded after it. */
  mark: () => number;
  since: (mark: number) => readonly ListEvent[];
  record: (event: ListEvent) => void;
}

export function createLiveEventLog(): LiveEventLog {
  // Numbered from `first`: the oldest are dropped past KEPT_EVENTS.
  let first = 0;
  const events: ListEvent[] = [];
  return {
    mark: () => first + events.length,
    since: (mark) => events.slice(Math.max(0, mark - first)),
    record: (event) => {
      events.push(event);
      if (events.length > KEPT_EVENTS) {
        const dropped = events.length - KEPT_EVENTS;
        events.splice(0, dropped);
        first += dropped;
      }
    },
  };
}
