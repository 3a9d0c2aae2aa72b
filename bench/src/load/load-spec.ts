// What the parent asks the load process to do, and what it answers. Plain data, sent over IPC.

/** How the body of each request is made; every request gets fresh values. */
export type BodySpec =
  | { kind: 'none' }
  | { kind: 'create-task'; envelope: Envelope }
  | { kind: 'sign-in'; envelope: Envelope };

/** `superjson` wraps the input as tRPC's client sends it: `{"json": input}`. */
export type Envelope = 'superjson' | 'plain';

export interface LoadSpec {
  origin: string;
  method: 'GET' | 'POST';
  path: string;
  body: BodySpec;
  /**
   * Send `Authorization: Bearer` with the access token of a random seeded user, or (`'apiKey'`)
   * with that user's API key.
   */
  auth: boolean | 'apiKey';
  /** Send a random `X-Forwarded-For`, as clients behind a trusted proxy would. */
  forwardedFor: boolean;
  connections: number;
  durationSeconds: number;
  /** A fixed offered rate (requests per second over all connections); unset: as fast as possible. */
  overallRate?: number;
}

/** The seeded users a request may act as; index i of each list belongs to the same user. */
export interface Identities {
  tokens: string[];
  /** One API key per user, when the database has them (index i: user i). */
  apiKeys?: string[];
  emails: string[];
  password: string;
}

export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
}

export interface LoadResult {
  durationSeconds: number;
  requests: number;
  /** 2xx responses. */
  ok: number;
  okPerSecond: number;
  /**
   * Latency of the 2xx responses in ms, from each response's own high-resolution timing (no
   * correction for coordinated omission: at a fixed rate, a shortfall shows in `okPerSecond`).
   */
  latency: { mean: number; p50: number; p90: number; p99: number; max: number };
  statusCounts: Record<string, number>;
  /** Latency by HTTP status, to tell fast refusals from slow successes. */
  byStatus: Record<string, LatencySummary>;
  errors: number;
  timeouts: number;
}

export interface RunnerCommand {
  id: number;
  identitiesFile: string;
  loads: LoadSpec[];
}

export type RunnerReply =
  { id: number; ok: true; results: LoadResult[] } | { id: number; ok: false; error: string };
