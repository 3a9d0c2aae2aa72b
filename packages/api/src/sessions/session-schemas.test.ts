import { describe, expect, it } from 'vitest';

import { refreshInput, revokeSessionInput, signInInput } from './session-schemas';

const valid = { email: 'ada@example.com' };

function fieldErrors(result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) {
  return (result.error?.issues ?? []).map((issue) => issue.path.join('.'));
}

describe('session input schemas', () => {
  it('rejects unknown fields instead of ignoring them', () => {
    expect(
      signInInput.safeParse({ email: valid.email, password: 'x', role: 'admin' }).success,
    ).toBe(false);
    expect(
      revokeSessionInput.safeParse({ sessionId: crypto.randomUUID(), all: true }).success,
    ).toBe(false);
  });

  it('sign-in accepts any existing password up to the maximum, even one shorter than today’s rule', () => {
    expect(signInInput.safeParse({ email: valid.email, password: 'old' }).success).toBe(true);
    expect(signInInput.safeParse({ email: valid.email, password: '' }).success).toBe(false);
  });

  it('answers a refresh the way its token came', () => {
    expect(refreshInput.safeParse(undefined).success).toBe(true);
    expect(refreshInput.safeParse({}).success).toBe(true);
    expect(refreshInput.safeParse({ refreshToken: 't', tokenDelivery: 'body' }).success).toBe(true);
    expect(refreshInput.safeParse({ tokenDelivery: 'cookie' }).success).toBe(true);
    // A cookie's successor must never be handed to JavaScript.
    expect(fieldErrors(refreshInput.safeParse({ tokenDelivery: 'body' }))).toEqual([
      'tokenDelivery',
    ]);
    expect(refreshInput.safeParse({ refreshToken: 't', tokenDelivery: 'cookie' }).success).toBe(
      false,
    );
  });
});
