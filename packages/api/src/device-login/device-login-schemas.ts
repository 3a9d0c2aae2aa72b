// Input schemas of device login. Client-safe: imports only zod, the contract and text rules, so
// the web page checks a typed code with exactly the server's rule.
import { z } from 'zod';

import {
  CLIENT_NAME_MAX_LENGTH,
  isUserCodeShape,
  normalizeUserCode,
} from '../contract/device-rules';
import { visibleText } from '../text-rules';

const CONTROL = /\p{Cc}/u;
const SURROGATE_PAIR = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;

/** Characters as a person counts them (code points), as the database's char_length does. */
function characterCount(value: string): number {
  return value.length - (value.match(SURROGATE_PAIR) ?? []).length;
}

/** What the device calls itself, shown to the person approving it and in the session list. */
export const clientNameSchema = visibleText(
  z
    .string({ error: 'Name the client.' })
    .trim()
    .min(1, 'Name the client.')
    .refine((value) => characterCount(value) <= CLIENT_NAME_MAX_LENGTH, {
      error: `Use at most ${CLIENT_NAME_MAX_LENGTH} characters.`,
      abort: true,
    })
    .refine((value) => !CONTROL.test(value), { error: 'Use printable characters only.' }),
);

export const USER_CODE_MESSAGE = 'Enter the 8-letter code your device shows, like WDJB-MJHT.';

/** A typed user code, any case, with or without the dash; parsed to its normalized form. */
export const userCodeSchema = z
  .string({ error: USER_CODE_MESSAGE })
  .max(64, USER_CODE_MESSAGE)
  .transform(normalizeUserCode)
  .refine(isUserCodeShape, USER_CODE_MESSAGE);

export const deviceStartInput = z.strictObject({ clientName: clientNameSchema });
export type DeviceStartInput = z.input<typeof deviceStartInput>;

export const devicePollInput = z.strictObject({
  deviceCode: z.string({ error: 'Send the device code.' }).min(1).max(256),
});
export type DevicePollInput = z.input<typeof devicePollInput>;

/** deviceLookup, deviceApprove and deviceDeny. */
export const userCodeInput = z.strictObject({ userCode: userCodeSchema });
export type UserCodeInput = z.input<typeof userCodeInput>;
