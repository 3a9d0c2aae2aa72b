// Helpers for the auth test suites: real sign-ups through the router, distinct client addresses
// (rate limits count per address), and the error a call was refused with.
import { randomInt, randomUUID } from 'node:crypto';

import { TRPCError } from '@trpc/server';
import { ZodError } from 'zod';

import type { ApiServices, RequestInfo } from '../context';
import type { Logger } from '../logger';
import { callerFor } from './test-context';
import type { AuthSession } from '../sessions/session-delivery';

export const TEST_PASSWORD = 'correct horse battery staple';

/** A fresh documentation-range-like address, so suites never share a rate-limit counter. */
export function randomIp(): string {
  return `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
}

export function bearer(token: string): string {
  return `Bearer ${token}`;
}

export interface RegisteredUser {
  email: string;
  password: string;
  ip: string;
  session: AuthSession & { refreshToken: string };
}

/** Signs up through auth.signUp with the refresh token in the body. */
export async function registeredUser(
  services: ApiServices,
  fields: { email?: string; password?: string; name?: string; ip?: string } = {},
): Promise<RegisteredUser> {
  const ip = fields.ip ?? randomIp();
  const email = fields.email ?? `user-${randomUUID()}@example.com`;
  const password = fields.password ?? TEST_PASSWORD;
  const { caller } = callerFor(services, { ip });
  const session = await caller.auth.signUp({
    email,
    password,
    name: fields.name ?? 'Test User',
    tokenDelivery: 'body',
  });
  if (session.refreshToken === undefined) throw new Error('signUp returned no refresh token');
  return { email, password, ip, session: { ...session, refreshToken: session.refreshToken } };
}

/** A caller authenticated with the access token. */
export function signedInCaller(
  services: ApiServices,
  accessToken: string,
  request: Partial<RequestInfo> = {},
) {
  return callerFor(services, { authorization: bearer(accessToken), ...request });
}

/** A logger that keeps its warnings, to check what a flood writes. */
export function recordingLogger(): { logger: Logger; warnings: Record<string, unknown>[] } {
  const warnings: Record<string, unknown>[] = [];
  const logger: Logger = {
    info: () => undefined,
    warn: (fields) => warnings.push(fields),
    error: () => undefined,
  };
  return { logger, warnings };
}

/** The TRPCError a call was refused with; fails the test when the call succeeded. */
export async function refusal(call: Promise<unknown>): Promise<TRPCError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error('expected the call to be refused, but it succeeded');
}

/** Field paths of a BAD_REQUEST's zod error, e.g. ['password']. */
export function failedFields(error: TRPCError): string[] {
  return error.cause instanceof ZodError
    ? error.cause.issues.map((issue) => issue.path.join('.'))
    : [];
}
