// The errors a request made with an API key, and the apiKeys procedures, answer with. An unknown,
// revoked and expired key get the same answer, so a caller learns nothing about which it was.
import { TRPCError } from '@trpc/server';

import type { ApiKeyScope } from '../contract/api-key-rules';

export const API_KEY_NOT_VALID_MESSAGE = 'This API key is not valid.';

export function apiKeyNotValid(): TRPCError {
  return new TRPCError({ code: 'UNAUTHORIZED', message: API_KEY_NOT_VALID_MESSAGE });
}

/** Account, session and key management need the person, signed in; a key never does them. */
export function apiKeyNotAllowed(): TRPCError {
  return new TRPCError({
    code: 'FORBIDDEN',
    message: 'An API key cannot do this. Sign in to Tasklane as the person to do it.',
  });
}

export function missingScope(scope: ApiKeyScope): TRPCError {
  return new TRPCError({
    code: 'FORBIDDEN',
    message: `This API key does not have the ${scope} scope.`,
  });
}

export function apiKeyLimitReached(limit: number): TRPCError {
  return new TRPCError({
    code: 'FORBIDDEN',
    message: `You have reached the limit of ${limit} API keys. Revoke one to create another.`,
  });
}
