// Calls one tRPC procedure through Fastify's `inject` (the whole HTTP stack, no socket) and keeps
// everything a test of the HTTP contract looks at: status, headers, cookies and the error body.
import type { FastifyInstance } from 'fastify';
import superjson from 'superjson';

import { trpcRequest, type TrpcCall } from './trpc-http';

export interface InjectCall extends TrpcCall {
  /** The client's socket address (Fastify's `request.ip` without a trusted proxy). */
  remoteAddress?: string;
}

export interface TrpcErrorBody {
  message: string;
  code: number;
  data: {
    code: string;
    httpStatus: number;
    path?: string;
    zodError: { formErrors: string[]; fieldErrors: Record<string, string[] | undefined> } | null;
    details?: unknown;
  };
}

export interface InjectAnswer {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  text: string;
  /** The deserialised result of a successful call. */
  data: unknown;
  error: TrpcErrorBody | undefined;
  /** `Set-Cookie` headers, one string each. */
  setCookies: string[];
}

export async function injectTrpc(app: FastifyInstance, call: InjectCall): Promise<InjectAnswer> {
  const request = trpcRequest(call);
  const response = await app.inject({
    method: request.method,
    url: request.url,
    headers: request.headers,
    ...(request.body === undefined ? {} : { payload: request.body }),
    ...(call.remoteAddress === undefined ? {} : { remoteAddress: call.remoteAddress }),
  });
  const setCookie = response.headers['set-cookie'];
  const answer: InjectAnswer = {
    status: response.statusCode,
    headers: response.headers,
    text: response.body,
    data: undefined,
    error: undefined,
    setCookies: setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [setCookie],
  };
  const body = parseJson(response.body) as
    { result?: { data?: unknown }; error?: { json?: TrpcErrorBody } } | undefined;
  if (body?.error?.json !== undefined) answer.error = body.error.json;
  if (body?.result?.data !== undefined) {
    answer.data = superjson.deserialize(
      body.result.data as Parameters<typeof superjson.deserialize>[0],
    );
  }
  return answer;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The value of cookie `name` among Set-Cookie headers, with its attributes. */
export function findSetCookie(
  setCookies: readonly string[],
  name: string,
): { value: string; attributes: string[] } | undefined {
  for (const header of setCookies) {
    const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
    const separator = pair.indexOf('=');
    if (pair.slice(0, separator) === name) {
      return { value: pair.slice(separator + 1), attributes };
    }
  }
  return undefined;
}
