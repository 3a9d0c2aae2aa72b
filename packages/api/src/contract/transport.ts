// Where the API is served and how much one HTTP request may carry: the server mounts tRPC with
// these values and every client sends with them.

/** The path of the tRPC endpoint on a Tasklane server. */
export const TRPC_ENDPOINT_PATH = '/api/trpc';

/** Calls one batched request may hold: the server refuses more, clients split larger bursts. */
export const MAX_BATCH_SIZE = 20;
