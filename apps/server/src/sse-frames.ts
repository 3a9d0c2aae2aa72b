// tRPC's Server-Sent Events wire format, for the live streams written straight to the Node
// response (live-stream-route.ts). `httpSubscriptionLink` reads these frames, so they are byte for
// byte what @trpc/server 11.22.1's `sseStreamProducer` writes (stream/sse.ts): the lines of an
// event, then two newlines. Upgrading tRPC means checking that file again.

/** The response headers tRPC sends with a stream (`sseHeaders`, and `vary` from resolveResponse). */
export const SSE_HEADERS = {
  'content-type': 'text/event-stream',
  'x-accel-buffering': 'no',
  connection: 'keep-alive',
  vary: 'trpc-accept, accept',
} as const;

interface SseEvent {
  event?: string;
  data: string;
  id?: string;
}

export function sseFrame({ event, data, id }: SseEvent): string {
  const name = event === undefined ? '' : `event: ${event}\n`;
  const identity = id === undefined ? '' : `id: ${id}\n`;
  return `${name}data: ${data}\n${identity}\n\n`;
}

/** The first event: the options the client link reads (reconnectAfterInactivityMs). */
export function connectedFrame(clientOptions: object): string {
  return sseFrame({ event: 'connected', data: JSON.stringify(clientOptions) });
}

/** A heartbeat; the client link counts it as activity. */
export const PING_FRAME = sseFrame({ event: 'ping', data: '' });

/** The procedure finished: the client link closes its EventSource instead of reconnecting. */
export const RETURN_FRAME = sseFrame({ event: 'return', data: '' });

/** An error the procedure ended with; `data` is the serialised tRPC error shape. */
export function errorFrame(data: string): string {
  return sseFrame({ event: 'serialized-error', data });
}
