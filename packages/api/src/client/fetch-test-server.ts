// For tests: the router mounted on tRPC's Fetch adapter, exactly as the README's "mount it in your
// own server" recipe does, served through a `fetch` function instead of a socket. It records the
// procedure paths of every HTTP request, so tests can count sign-ins, refreshes and batches.
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';

import { createContext, type ApiServices, type CookieOptions, type RequestInfo } from '../context';
import { MAX_BATCH_SIZE, TRPC_ENDPOINT_PATH } from '../contract/transport';
import { appRouter } from '../root';

export interface FetchTestServer {
  fetch: typeof globalThis.fetch;
  /** One entry per HTTP request: its procedure paths, e.g. "tasks.list,tasks.stats" for a batch. */
  readonly requests: string[];
  /** Serve the next requests with other services (e.g. a new signing secret, same database). */
  useServices(services: ApiServices): void;
}

export function fetchTestServer(services: ApiServices, clientIp = '198.51.100.7'): FetchTestServer {
  let current = services;
  const requests: string[] = [];
  return {
    requests,
    useServices(next) {
      current = next;
    },
    fetch: (input, init) => {
      const request = new Request(input, init);
      requests.push(
        decodeURIComponent(new URL(request.url).pathname.slice(TRPC_ENDPOINT_PATH.length + 1)),
      );
      return fetchRequestHandler({
        endpoint: TRPC_ENDPOINT_PATH,
        req: request,
        router: appRouter,
        maxBatchSize: MAX_BATCH_SIZE,
        createContext: ({ req, resHeaders }) =>
          createContext(current, fetchRequestInfo(req, clientIp), {
            setCookie: (name, value, options) => {
              resHeaders.append('set-cookie', serializeCookie(name, value, options));
            },
            setHeader: (name, value) => {
              resHeaders.set(name, value);
            },
          }),
      });
    },
  };
}

export function fetchRequestInfo(request: Request, clientIp: string): RequestInfo {
  const header = (name: string) => request.headers.get(name) ?? undefined;
  return {
    authorization: header('authorization'),
    cookies: parseCookies(header('cookie')),
    ip: clientIp,
    userAgent: header('user-agent'),
    origin: header('origin'),
    secure: new URL(request.url).protocol === 'https:',
  };
}

function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const pair of header?.split(';') ?? []) {
    const separator = pair.indexOf('=');
    if (separator > 0) {
      cookies[pair.slice(0, separator).trim()] = decodeURIComponent(
        pair.slice(separator + 1).trim(),
      );
    }
  }
  return cookies;
}

function serializeCookie(name: string, value: string, options: CookieOptions): string {
  return [
    `${name}=${encodeURIComponent(value)}`,
    `Path=${options.path}`,
    `Max-Age=${options.maxAge}`,
    `SameSite=${options.sameSite === 'strict' ? 'Strict' : 'Lax'}`,
    ...(options.httpOnly ? ['HttpOnly'] : []),
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}
