// Input schemas of apiKeys.* (client-safe: zod and the contract only).
import { z } from 'zod';

import {
  API_KEY_MAX_EXPIRY_DAYS,
  API_KEY_NAME_MAX_LENGTH,
  API_KEY_SCOPES,
  type ApiKeyScope,
} from '../contract/api-key-rules';
import { visibleText } from '../text-rules';

const CONTROL = /\p{Cc}/u;
const SURROGATE_PAIR = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;

/** Characters as a person (and the database's char_length) counts them: an emoji is one. */
function characterCount(value: string): number {
  return value.length - (value.match(SURROGATE_PAIR) ?? []).length;
}

export const apiKeyNameSchema = visibleText(
  z
    .string({ error: 'Name the key.' })
    .trim()
    .min(1, 'Name the key.')
    .refine((value) => characterCount(value) <= API_KEY_NAME_MAX_LENGTH, {
      error: `Use at most ${API_KEY_NAME_MAX_LENGTH} characters.`,
      abort: true,
    })
    .refine((value) => !CONTROL.test(value), { error: 'Use printable characters only.' }),
);

const scopeSchema = z.enum(API_KEY_SCOPES as [ApiKeyScope, ...ApiKeyScope[]], {
  error: `A scope is one of ${API_KEY_SCOPES.join(', ')}.`,
});

export const apiKeyCreateInput = z.strictObject({
  name: apiKeyNameSchema,
  scopes: z
    .array(scopeSchema, { error: 'Choose at least one scope.' })
    .min(1, 'Choose at least one scope.')
    .max(API_KEY_SCOPES.length, 'A scope is listed twice.')
    .refine((scopes) => new Set(scopes).size === scopes.length, 'A scope is listed twice.'),
  expiresInDays: z
    .number({ error: `Choose 1 to ${API_KEY_MAX_EXPIRY_DAYS} days, or never.` })
    .int(`Choose a whole number of days.`)
    .min(1, `Choose 1 to ${API_KEY_MAX_EXPIRY_DAYS} days, or never.`)
    .max(API_KEY_MAX_EXPIRY_DAYS, `Choose 1 to ${API_KEY_MAX_EXPIRY_DAYS} days, or never.`)
    .nullable(),
});
export type ApiKeyCreateInput = z.input<typeof apiKeyCreateInput>;

export const apiKeyIdInput = z.strictObject({
  id: z.uuid({ error: 'Not a key id.' }),
});
