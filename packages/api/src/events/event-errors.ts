// The errors `tasks.changes` ends or refuses a stream with. Messages are for people.
import { TRPCError } from '@trpc/server';

import type { StreamEnd, StreamRefusal } from './event-hub';

export function streamRefused(refusal: StreamRefusal): TRPCError {
  return new TRPCError({ code: refusal.code, message: refusal.message });
}

export function streamSignedOut(): TRPCError {
  return new TRPCError({ code: 'UNAUTHORIZED', message: 'Please sign in again.' });
}

/** The session behind the stream was ended: the client must not reconnect with it. */
export function streamRevoked(): TRPCError {
  return new TRPCError({ code: 'UNAUTHORIZED', message: 'This session has ended.' });
}

/**
 * Ends the response without tRPC's final `return` event: tRPC treats an AbortError from the
 * source as the request going away, so it neither reports nor forwards it, and an EventSource
 * whose response ends that way reconnects by itself, with `Last-Event-ID`, and with whatever
 * headers its fetch gives then (a fresh access token).
 */
export function reconnectRequested(reason: Exclude<StreamEnd, 'revoked'>): DOMException {
  return new DOMException(`Reconnect (${reason})`, 'AbortError');
}
