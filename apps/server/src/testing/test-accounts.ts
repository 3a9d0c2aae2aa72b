// People for the reliability tests, made the way a real client makes them: auth.signUp over HTTP.
import { randomBytes, randomUUID } from 'node:crypto';

import { fetchTrpc } from './trpc-http';

export interface TestAccount {
  userId: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string | undefined;
}

export function uniqueEmail(label: string): string {
  return `${label}-${randomUUID()}@example.com`;
}

export function strongPassword(): string {
  return `pw-${randomBytes(12).toString('base64url')}`;
}

interface AuthSessionBody {
  user: { id: string };
  accessToken: string;
  refreshToken?: string;
}

function isAuthSession(value: unknown): value is AuthSessionBody {
  if (typeof value !== 'object' || value === null) return false;
  if (!('user' in value) || !('accessToken' in value)) return false;
  const { user, accessToken } = value;
  return (
    typeof accessToken === 'string' &&
    typeof user === 'object' &&
    user !== null &&
    'id' in user &&
    typeof user.id === 'string'
  );
}

export async function signUp(
  baseUrl: string,
  label: string,
  headers: Record<string, string> = {},
): Promise<TestAccount> {
  const email = uniqueEmail(label);
  const password = strongPassword();
  const answer = await fetchTrpc(
    baseUrl,
    {
      path: 'auth.signUp',
      kind: 'mutation',
      input: { email, password, name: label, tokenDelivery: 'body' },
      headers,
    },
    15_000,
  );
  if (answer.status !== 200 || !isAuthSession(answer.data)) {
    throw new Error(`sign-up failed with ${answer.status}: ${answer.text}`);
  }
  return {
    userId: answer.data.user.id,
    email,
    password,
    accessToken: answer.data.accessToken,
    refreshToken: answer.data.refreshToken,
  };
}

/** A new session for an existing account (a second device). */
export async function signIn(
  baseUrl: string,
  account: { email: string; password: string },
  headers: Record<string, string> = {},
): Promise<{ accessToken: string; refreshToken: string | undefined }> {
  const answer = await fetchTrpc(
    baseUrl,
    {
      path: 'auth.signIn',
      kind: 'mutation',
      input: { email: account.email, password: account.password, tokenDelivery: 'body' },
      headers,
    },
    15_000,
  );
  if (answer.status !== 200 || !isAuthSession(answer.data)) {
    throw new Error(`sign-in failed with ${answer.status}: ${answer.text}`);
  }
  return { accessToken: answer.data.accessToken, refreshToken: answer.data.refreshToken };
}

/** Figures a reliability test prints, so a CI log shows what was exercised. */
export function reportFigures(test: string, figures: Record<string, number | string>): void {
  const line = Object.entries(figures)
    .map(([name, value]) => `${name}=${value}`)
    .join(' ');
  console.log(`[reliability] ${test}: ${line}`);
}
