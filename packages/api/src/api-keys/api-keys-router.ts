// apiKeys.*: a signed-in person creates, lists and revokes their API keys. Only a session may
// call these; a key never manages keys. Contract: specs/contracts/api-keys.md.
import type { TRPCRouterRecord } from '@trpc/server';

import { signInAgain } from '../sessions/session-errors';
import { protectedProcedure } from '../trpc';
import { toApiKey, type ApiKey } from './api-key';
import { apiKeyLimitReached } from './api-key-errors';
import { apiKeyCreateInput, apiKeyIdInput } from './api-key-schemas';
import { apiKeyScope } from './api-key-scope';
import { newApiKeySecret } from './api-key-secret';

const DAY_MS = 24 * 3600 * 1000;

export const apiKeysRouter = {
  create: protectedProcedure
    .input(apiKeyCreateInput)
    .mutation(async ({ ctx, input }): Promise<{ apiKey: ApiKey; secret: string }> => {
      const { secret, hash, prefix } = newApiKeySecret();
      const now = ctx.services.clock();
      const result = await apiKeyScope(ctx.services.db, ctx.userId).create({
        name: input.name,
        scopes: input.scopes,
        prefix,
        hash,
        createdAt: now,
        expiresAt:
          input.expiresInDays === null
            ? null
            : new Date(now.getTime() + input.expiresInDays * DAY_MS),
      });
      switch (result.status) {
        case 'created':
          return { apiKey: toApiKey(result.key), secret };
        case 'limit-reached':
          throw apiKeyLimitReached(result.limit);
        case 'no-user':
          throw signInAgain();
      }
    }),

  list: protectedProcedure.query(async ({ ctx }): Promise<ApiKey[]> => {
    const keys = await apiKeyScope(ctx.services.db, ctx.userId).list();
    return keys.map(toApiKey);
  }),

  /**
   * Safe to repeat, and the same answer for another person's key id (which stays untouched).
   * Answers once every instance has forgotten the key.
   */
  revoke: protectedProcedure.input(apiKeyIdInput).mutation(async ({ ctx, input }) => {
    if (await apiKeyScope(ctx.services.db, ctx.userId).revoke(input.id)) {
      await ctx.services.apiKeys.revoked(input.id);
    }
    return { ok: true as const };
  }),
} satisfies TRPCRouterRecord;
