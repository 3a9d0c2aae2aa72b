import type { TRPCRouterRecord } from '@trpc/server';
import { TRPCError } from '@trpc/server';

import { protectedProcedure } from '../trpc';

export const authRouter = {
  me: protectedProcedure.query(async ({ ctx }) => {
    const user = await ctx.services.db
      .selectFrom('users')
      .select(['id', 'email', 'name', 'created_at as createdAt'])
      .where('id', '=', ctx.userId)
      .executeTakeFirst();
    if (user === undefined)
      throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Please sign in again.' });
    return user;
  }),
} satisfies TRPCRouterRecord;
