// The account procedures of `auth`: sign up, the profile, password change and reset, email
// verification and change, and account deletion.
// Each calls its use case and answers; account-errors.ts maps the use cases' errors to tRPC
// errors. Contract: specs/contracts/auth.md.
import type { TRPCRouterRecord } from '@trpc/server';

import { authenticate } from '../sessions/authenticate';
import { deliverSession, endBrowserSession } from '../sessions/session-delivery';
import { signInAgain } from '../sessions/session-errors';
import { mapDomainErrors, protectedProcedure, publicProcedure, viewerProcedure } from '../trpc';
import { changePassword, deleteAccount } from './account';
import { accountErrorResponse } from './account-errors';
import {
  changePasswordInput,
  confirmEmailChangeInput,
  deleteAccountInput,
  requestEmailChangeInput,
  requestPasswordResetInput,
  resetPasswordInput,
  signUpInput,
  updateProfileInput,
  verifyEmailInput,
} from './account-schemas';
import { confirmEmailChange, requestEmailChange } from './email-change';
import { requestEmailVerification, verifyEmail } from './email-verification';
import { requestPasswordReset, resetPassword } from './password-reset';
import { updateProfile } from './profile';
import { signUp } from './sign-up';
import { findUser, type User } from './user-store';

const accountErrors = mapDomainErrors(accountErrorResponse);
const publicAccountProcedure = publicProcedure.use(accountErrors);
const protectedAccountProcedure = protectedProcedure.use(accountErrors);

export const accountProcedures = {
  signUp: publicAccountProcedure.input(signUpInput).mutation(async ({ ctx, input }) => {
    const opened = await signUp(ctx.services, ctx.request, input);
    return deliverSession(ctx, opened, input.tokenDelivery ?? 'cookie');
  }),

  // Open to API keys too, whatever their scopes: a service may check whose key it holds.
  me: viewerProcedure.use(accountErrors).query(async ({ ctx }): Promise<User> => {
    const user = await findUser(ctx.services.db, ctx.userId);
    if (user === undefined) throw signInAgain();
    return user;
  }),

  /** Changes the name and/or the time zone; answers the updated user. */
  updateProfile: protectedAccountProcedure
    .input(updateProfileInput)
    .mutation(({ ctx, input }): Promise<User> => updateProfile(ctx.services, ctx.userId, input)),

  changePassword: protectedAccountProcedure
    .input(changePasswordInput)
    .mutation(async ({ ctx, input }) => {
      await changePassword(ctx.services, { ...viewerOf(ctx), ip: ctx.request.ip }, input);
      return { ok: true as const };
    }),

  deleteAccount: protectedAccountProcedure
    .input(deleteAccountInput)
    .mutation(async ({ ctx, input }) => {
      await deleteAccount(ctx.services, { ...viewerOf(ctx), ip: ctx.request.ip }, input);
      endBrowserSession(ctx);
      return { ok: true as const };
    }),

  requestPasswordReset: publicAccountProcedure
    .input(requestPasswordResetInput)
    .mutation(async ({ ctx, input }) => {
      await requestPasswordReset(ctx.services, { ip: ctx.request.ip }, input);
      return { ok: true as const };
    }),

  resetPassword: publicAccountProcedure
    .input(resetPasswordInput)
    .mutation(async ({ ctx, input }) => {
      await resetPassword(ctx.services, input);
      return { ok: true as const };
    }),

  requestEmailVerification: protectedAccountProcedure.mutation(async ({ ctx }) => {
    await requestEmailVerification(ctx.services, viewerOf(ctx));
    return { ok: true as const };
  }),

  verifyEmail: publicAccountProcedure.input(verifyEmailInput).mutation(async ({ ctx, input }) => {
    const { email } = await verifyEmail(ctx.services, input);
    return { ok: true as const, email };
  }),

  requestEmailChange: protectedAccountProcedure
    .input(requestEmailChangeInput)
    .mutation(async ({ ctx, input }) => {
      await requestEmailChange(ctx.services, { ...viewerOf(ctx), ip: ctx.request.ip }, input);
      return { ok: true as const };
    }),

  // Public: the link may be opened on a device that is not signed in. A session following it
  // (an access token of the same account) stays signed in.
  confirmEmailChange: publicAccountProcedure
    .input(confirmEmailChangeInput)
    .mutation(async ({ ctx, input }) => {
      const viewer = await authenticate(ctx.services, ctx.request.authorization);
      const { email } = await confirmEmailChange(ctx.services, input, viewer);
      return { ok: true as const, email };
    }),
} satisfies TRPCRouterRecord;

function viewerOf(ctx: { userId: string; sessionId: string }) {
  return { userId: ctx.userId, sessionId: ctx.sessionId };
}
