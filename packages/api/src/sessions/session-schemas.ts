// Input schemas of the session procedures. Client-safe: imports only zod and other schemas.
import { z } from 'zod';

import { currentPasswordSchema, emailSchema } from '../accounts/account-schemas';
import { tokenDeliverySchema } from './token-delivery';

export { tokenDeliverySchema, type TokenDelivery } from './token-delivery';

export const signInInput = z.strictObject({
  email: emailSchema,
  password: currentPasswordSchema,
  tokenDelivery: tokenDeliverySchema.optional(),
});
export type SignInInput = z.input<typeof signInInput>;

/**
 * Without `refreshToken` the server reads the HttpOnly cookie. The new refresh token goes back the
 * way the old one came: a cookie's successor is never put where JavaScript can read it.
 */
export const refreshInput = z
  .strictObject({
    refreshToken: z.string().min(1).max(256).optional(),
    tokenDelivery: tokenDeliverySchema.optional(),
  })
  .refine(
    (input) =>
      input.tokenDelivery === undefined ||
      input.tokenDelivery === (input.refreshToken === undefined ? 'cookie' : 'body'),
    {
      error: 'A refresh token sent in the body is answered in the body; a cookie with a cookie.',
      path: ['tokenDelivery'],
    },
  )
  .optional();
export type RefreshInput = z.input<typeof refreshInput>;

export const revokeSessionInput = z.strictObject({
  sessionId: z.uuid({ error: 'Unknown session.' }),
});
export type RevokeSessionInput = z.input<typeof revokeSessionInput>;
