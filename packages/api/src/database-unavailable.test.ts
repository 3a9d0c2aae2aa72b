import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';

import { createDatabase } from '@tasklane/db';

import { isDatabaseUnavailable } from './database-unavailable';
import { callerFor, createTestServices } from './testing';

function withCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('isDatabaseUnavailable', () => {
  it('recognises refused and cut connections, timeouts and a server going away', () => {
    const outages = [
      withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'),
      withCode('read ECONNRESET', 'ECONNRESET'),
      withCode('terminating connection due to administrator command', '57P01'),
      withCode('the database system is starting up', '57P03'),
      withCode('canceling statement due to statement timeout', '57014'),
      withCode('connection failure', '08006'),
      new Error('Connection terminated unexpectedly'),
      new Error('Connection terminated due to connection timeout'),
      new Error('timeout exceeded when trying to connect'),
      new Error('Client has encountered a connection error and is not queryable'),
      new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], 'failed'),
      new Error('wrapped', { cause: withCode('read ECONNRESET', 'ECONNRESET') }),
    ];
    for (const error of outages) expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it('leaves bugs and bad data alone, so they stay 500s or their own codes', () => {
    const others = [
      withCode('duplicate key value violates unique constraint', '23505'),
      withCode('invalid byte sequence for encoding "UTF8": 0x00', '22021'),
      withCode('syntax error at or near "selec"', '42601'),
      new TypeError('Cannot read properties of undefined'),
      new Error('Connection refused by policy, not by the network'),
      'ECONNREFUSED',
      null,
      undefined,
    ];
    for (const error of others) expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it('does not loop forever on a cyclic cause chain', () => {
    const error = new Error('outer');
    Object.assign(error, { cause: error });
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});

describe('procedures while the database is unreachable', () => {
  it('answer SERVICE_UNAVAILABLE with Retry-After, and a protected procedure fails closed', async () => {
    const unreachable = createDatabase({
      url: 'postgres://postgres@127.0.0.1:1/nowhere',
      pool: { connectionTimeoutMillis: 500 },
    });
    try {
      const services = await createTestServices(unreachable.db);
      const { token } = await services.tokens.issue({
        userId: '00000000-0000-4000-8000-000000000001',
        sessionId: '00000000-0000-4000-8000-000000000002',
      });
      const { caller, response } = callerFor(services, { authorization: `Bearer ${token}` });
      const error = await caller.auth.me().then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      expect(error).toBeInstanceOf(TRPCError);
      expect(error).toMatchObject({
        code: 'SERVICE_UNAVAILABLE',
        message: expect.stringMatching(/temporarily unavailable/) as unknown,
      });
      expect(response.headers.get('retry-after')).toBe('2');
    } finally {
      await unreachable.destroy();
    }
  });
});
