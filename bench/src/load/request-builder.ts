// Builds one HTTP request of a load: a random seeded user, a fresh body. Used by the load process
// and by the parent's smoke check, so both send exactly the same shape.
import type { BodySpec, Identities, LoadSpec } from './load-spec';

export interface BuiltRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** Which seeded user sends the request, and its serial number within the load. */
export interface RequestPick {
  user: number;
  serial: number;
}

export function buildRequest(
  spec: LoadSpec,
  identities: Identities,
  pick: RequestPick,
): BuiltRequest {
  const headers: Record<string, string> = {};
  if (spec.auth !== false) {
    const pool = spec.auth === 'apiKey' ? (identities.apiKeys ?? []) : identities.tokens;
    const token = pool[pick.user % pool.length];
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
  }
  if (spec.forwardedFor) headers['x-forwarded-for'] = benchmarkAddress(pick.serial);
  const body = buildBody(spec.body, identities, pick);
  if (body !== undefined) headers['content-type'] = 'application/json';
  return {
    method: spec.method,
    path: spec.path,
    headers,
    ...(body === undefined ? {} : { body }),
  };
}

function buildBody(
  spec: BodySpec,
  identities: Identities,
  { user, serial }: RequestPick,
): string | undefined {
  switch (spec.kind) {
    case 'none':
      return undefined;
    case 'create-task':
      return envelope(spec.envelope, { title: `Bench task ${serial}` });
    case 'sign-in':
      return envelope(spec.envelope, {
        email: identities.emails[user % identities.emails.length] ?? '',
        password: identities.password,
        tokenDelivery: 'body',
      });
  }
}

function envelope(kind: 'superjson' | 'plain', input: object): string {
  return JSON.stringify(kind === 'superjson' ? { json: input } : input);
}

/** An address in 198.18.0.0/15, the range set aside for benchmarks (RFC 2544); never contacted. */
function benchmarkAddress(serial: number): string {
  const n = serial % (2 * 65536);
  return `198.${18 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`;
}
