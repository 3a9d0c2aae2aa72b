import { describe, expect, it } from 'vitest';

import { packageOf, summarizeCpuProfile, type CpuProfileNode } from './cpu-profile-summary';

const node = (id: number, functionName: string, url: string): CpuProfileNode => ({
  id,
  callFrame: { functionName, url, lineNumber: 0 },
});

describe('the CPU profile summary', () => {
  it('names packages from pnpm paths, node internals and the server bundle', () => {
    expect(
      packageOf(
        node(1, 'f', 'file:///r/node_modules/.pnpm/@trpc+server@11/node_modules/@trpc/server/x.js'),
      ),
    ).toBe('@trpc/server');
    expect(packageOf(node(1, 'f', 'file:///r/node_modules/.pnpm/pg@8/node_modules/pg/x.js'))).toBe(
      'pg',
    );
    expect(packageOf(node(1, 'f', 'node:internal/streams'))).toBe('node (internals)');
    expect(packageOf(node(1, 'f', 'file:///r/apps/server/dist/main.js'))).toBe(
      'tasklane (server bundle)',
    );
    expect(packageOf(node(1, '(garbage collector)', ''))).toBe('(garbage collector)');
  });

  it('gives each sample the time before it, and leaves idle time out of the shares', () => {
    const summary = summarizeCpuProfile({
      nodes: [
        node(1, '(idle)', ''),
        node(2, 'parse', 'file:///r/node_modules/.pnpm/pg@8/node_modules/pg/x.js'),
        node(3, '(garbage collector)', ''),
      ],
      samples: [1, 2, 2, 3, 1],
      timeDeltas: [5000, 1000, 2000, 1000, 4000],
    });
    expect(summary.idleMs).toBe(9);
    expect(summary.busyMs).toBe(4);
    expect(summary.packages).toEqual([
      { name: 'pg', ms: 3, share: 0.75 },
      { name: '(garbage collector)', ms: 1, share: 0.25 },
    ]);
    expect(summary.functions[0]).toEqual({ name: 'parse pg:1', ms: 3, share: 0.75 });
  });
});
