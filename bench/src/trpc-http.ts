// tRPC v11's HTTP shapes with the superjson transformer, exactly as `@trpc/client` sends them:
// queries as GET with `?input=<superjson>`, batches as `a,b,c?batch=1&input={"0":..}`, mutations
// as POST with the superjson envelope as the body.
import superjson from 'superjson';

import { TRPC_ENDPOINT_PATH } from '@tasklane/api/contract';

function encodeInput(value: unknown): string {
  return encodeURIComponent(JSON.stringify(value));
}

export function queryPath(procedure: string, input: unknown): string {
  return `${TRPC_ENDPOINT_PATH}/${procedure}?input=${encodeInput(superjson.serialize(input))}`;
}

export function batchPath(calls: { procedure: string; input: unknown }[]): string {
  const inputs = Object.fromEntries(
    calls.map((call, index) => [String(index), superjson.serialize(call.input)]),
  );
  return `${TRPC_ENDPOINT_PATH}/${calls.map((call) => call.procedure).join(',')}?batch=1&input=${encodeInput(inputs)}`;
}

export function mutationPath(procedure: string): string {
  return `${TRPC_ENDPOINT_PATH}/${procedure}`;
}

/** The `data` of a successful single (unbatched) tRPC answer, deserialised. */
export function resultData(body: string): unknown {
  const parsed = JSON.parse(body) as { result?: { data?: unknown } };
  const data = parsed.result?.data;
  if (data === undefined) throw new Error(`not a tRPC result: ${body.slice(0, 200)}`);
  return superjson.deserialize(data as Parameters<typeof superjson.deserialize>[0]);
}
