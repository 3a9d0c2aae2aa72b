// Calls tRPC procedures over plain HTTP (a real socket with fetch, or Fastify's inject) and reads
// the answer as a client would, keeping the status and headers that fault and fuzz tests check.
import superjson from 'superjson';

export type ProcedureKind = 'query' | 'mutation';

export interface TrpcCall {
  /** e.g. `tasks.create` */
  path: string;
  kind: ProcedureKind;
  input?: unknown;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string | undefined;
  headers?: Record<string, string>;
}

export interface TrpcHttpRequest {
  method: 'GET' | 'POST';
  /** Path and query, e.g. `/api/trpc/tasks.list?input=...` */
  url: string;
  headers: Record<string, string>;
  /** Always set for a mutation. */
  body?: string;
}

export interface TrpcAnswer {
  status: number;
  headers: Readonly<Record<string, string | undefined>>;
  /** The deserialised result when the call succeeded. */
  data?: unknown;
  /** `data.code` of a tRPC error body (`UNAUTHORIZED`, `SERVICE_UNAVAILABLE`, ...). */
  errorCode?: string;
  errorMessage?: string;
  text: string;
}

export function trpcRequest(call: TrpcCall): TrpcHttpRequest {
  const headers: Record<string, string> = { ...call.headers };
  if (call.token !== undefined) headers.authorization = `Bearer ${call.token}`;
  if (call.kind === 'query') {
    const query =
      call.input === undefined
        ? ''
        : `?input=${encodeURIComponent(JSON.stringify(superjson.serialize(call.input)))}`;
    return { method: 'GET', url: `/api/trpc/${call.path}${query}`, headers };
  }
  // What tRPC's own links send: a mutation without input still has a (superjson) body.
  headers['content-type'] = 'application/json';
  const body = JSON.stringify(superjson.serialize(call.input));
  return { method: 'POST', url: `/api/trpc/${call.path}`, headers, body };
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The error inside a tRPC error body (`{ error: { json: { message, code, data } } }`). */
export function trpcErrorOf(body: unknown): { code: string; message: string } | undefined {
  const json = record(record(record(body)?.error)?.json);
  const data = record(json?.data);
  if (typeof data?.code !== 'string' || typeof json?.message !== 'string') return undefined;
  return { code: data.code, message: json.message };
}

export function readTrpcAnswer(
  status: number,
  headers: Readonly<Record<string, string | undefined>>,
  text: string,
): TrpcAnswer {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { status, headers, text };
  }
  const error = trpcErrorOf(body);
  if (error !== undefined) {
    return { status, headers, text, errorCode: error.code, errorMessage: error.message };
  }
  const data = record(record(record(body)?.result)?.data);
  if (data === undefined) return { status, headers, text };
  return {
    status,
    headers,
    text,
    // `{ json, meta }` is superjson's own envelope: let superjson read it back.
    data: superjson.parse(JSON.stringify(data)),
  };
}

/** One call over a real socket; rejects (AbortError/TimeoutError) if no answer within the time. */
export async function fetchTrpc(
  baseUrl: string,
  call: TrpcCall,
  timeoutMs = 5000,
): Promise<TrpcAnswer> {
  const request = trpcRequest(call);
  const response = await fetch(`${baseUrl}${request.url}`, {
    method: request.method,
    headers: request.headers,
    ...(request.body === undefined ? {} : { body: request.body }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  return readTrpcAnswer(response.status, Object.fromEntries(response.headers), text);
}

/** Like `fetchTrpc`, but a failure to connect or to answer in time is an outcome, not a throw. */
export async function tryFetchTrpc(
  baseUrl: string,
  call: TrpcCall,
  timeoutMs = 5000,
): Promise<TrpcAnswer | { status: 'no-answer'; reason: string }> {
  try {
    return await fetchTrpc(baseUrl, call, timeoutMs);
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { status: 'no-answer', reason };
  }
}
