// The auth procedures; each one's rules live in the module it calls. Contract:
// specs/contracts/auth.md.
import type { TRPCRouterRecord } from '@trpc/server';

import { protectedProcedure, publicProcedure } from '../trpc';
import { changePassword, deleteAccount } from './account';
import { signInAgain } from './auth-errors';
import {
  changePasswordInput,
  deleteAccountInput,
  refreshInput,
  revokeSessionInput,
  signInInput,
  signUpInput,
} from './auth-schemas';
import { refreshIdleSeconds, type User } from './auth-session';
import { refresh } from './refresh';
import { liveSessions } from './session-store';
import { signIn } from './sign-in';
import { revokeSession, signOut, signOutEverywhere } from './sign-out';
import { signUp } from './sign-up';

export const authRouter = {
  signUp: publicProcedure.input(signUpInput).mutation(({ ctx, input }) => signUp(ctx, input)),

  signIn: publicProcedure.input(signInInput).mutation(({ ctx, input }) => signIn(ctx, input)),

  refresh: publicProcedure.input(refreshInput).mutation(({ ctx, input }) => refresh(ctx, input)),

  /** Protected by the access token, or by the refresh cookie from a web origin once it expired. */
  signOut: publicProcedure.mutation(({ ctx }) => signOut(ctx)),

  signOutEverywhere: protectedProcedure.mutation(({ ctx }) => signOutEverywhere(ctx)),

  me: protectedProcedure.query(async ({ ctx }): Promise<User> => {
    const user = await ctx.services.db
      .selectFrom('users')
      .select(['id', 'email', 'name', 'created_at as createdAt'])
      .where('id', '=', ctx.userId)
      .executeTakeFirst();
    if (user === undefined) throw signInAgain();
    return user;
  }),

  sessions: protectedProcedure.query(async ({ ctx }) => {
    const sessions = await liveSessions(ctx.services.db, ctx.userId, refreshIdleSeconds(ctx));
    return sessions.map((session) => ({ ...session, current: session.id === ctx.sessionId }));
  }),

  revokeSession: protectedProcedure
    .input(revokeSessionInput)
    .mutation(({ ctx, input }) => revokeSession(ctx, input.sessionId)),

  changePassword: protectedProcedure
    .input(changePasswordInput)
    .mutation(({ ctx, input }) => changePassword(ctx, input)),

  deleteAccount: protectedProcedure
    .input(deleteAccountInput)
    .mutation(({ ctx, input }) => deleteAccount(ctx, input)),
} satisfies TRPCRouterRecord;
