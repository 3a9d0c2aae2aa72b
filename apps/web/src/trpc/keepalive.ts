/**
 * The context of a call that must survive the page unloading (pagehide): the HTTP transport
 * sends it with `fetch(…, { keepalive: true })`. Unlike `navigator.sendBeacon`, a keepalive fetch
 * carries the Authorization header.
 */
export const KEEPALIVE_CONTEXT = { keepalive: true } as const;
