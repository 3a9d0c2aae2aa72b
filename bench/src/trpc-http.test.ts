// Pins the request shapes against the real @trpc/client: the bench must send what a client sends.
import { createTRPCClient, httpBatchLink, httpLink } from '@trpc/client';
import superjson from 'superjson';
import { describe, expect, it } from 'vitest';

import type { AppRouter } from '@tasklane/api';

import { batchPath, mutationPath, queryPath } from './trpc-http';

function recordingFetch(seen: { url: string; init: RequestInit | undefined }[]) {
  return (url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    seen.push({ url: url instanceof Request ? url.url : url.toString(), init });
    return Promise.resolve(new Response('{}', { status: 500 }));
  };
}

describe('tRPC HTTP shapes', () => {
  it('matches the URL of a query, a batch and the body of a mutation', async () => {
    const seen: { url: string; init: RequestInit | undefined }[] = [];
    const single = createTRPCClient<AppRouter>({
      links: [
        httpLink({ url: 'http://h/api/trpc', transformer: superjson, fetch: recordingFetch(seen) }),
      ],
    });
    await single.auth.me.query().catch(() => undefined);
    expect(seen[0]?.url).toBe(`http://h${queryPath('auth.me', undefined)}`);

    const batched = createTRPCClient<AppRouter>({
      links: [
        httpBatchLink({
          url: 'http://h/api/trpc',
          transformer: superjson,
          fetch: recordingFetch(seen),
        }),
      ],
    });
    await Promise.all([
      batched.auth.me.query().catch(() => undefined),
      batched.auth.me.query().catch(() => undefined),
    ]);
    expect(seen[1]?.url).toBe(
      `http://h${batchPath([
        { procedure: 'auth.me', input: undefined },
        { procedure: 'auth.me', input: undefined },
      ])}`,
    );
    expect(mutationPath('tasks.create')).toBe('/api/trpc/tasks.create');
  });
});
