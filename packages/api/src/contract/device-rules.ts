// Device login (RFC 8628): the shape of a user code and the timing a device polls with. Plain
// values and two pure functions, so the web page and the CLI read and show codes the same way.

/** RFC 8628 §6.1: consonants only, no vowels (no words) and none easily confused. */
export const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';
export const USER_CODE_LENGTH = 8;
/** A device code and its user code live this long (seconds). */
export const DEVICE_CODE_TTL_SECONDS = 600;
/** A device polls at most this often (seconds); faster is answered `slow_down`. */
export const DEVICE_POLL_INTERVAL_SECONDS = 5;
/** RFC 8628 §3.5: after `slow_down`, a device waits this much longer between polls. */
export const DEVICE_SLOW_DOWN_SECONDS = 5;
export const CLIENT_NAME_MAX_LENGTH = 100;
/** The web page a person approves a device on, under APP_URL. */
export const DEVICE_PAGE_PATH = '/device';

/**
 * What a person typed, as the code it means: upper case, without the dash and spaces. The code
 * is shown as `WDJB-MJHT` and accepted as `wdjbmjht`, `WDJB MJHT` or `wdjb-mjht`.
 */
export function normalizeUserCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '');
}

/** `WDJBMJHT` as it is shown: `WDJB-MJHT`. */
export function formatUserCode(code: string): string {
  const normalized = normalizeUserCode(code);
  const half = USER_CODE_LENGTH / 2;
  if (normalized.length !== USER_CODE_LENGTH) return normalized;
  return `${normalized.slice(0, half)}-${normalized.slice(half)}`;
}

const USER_CODE_SHAPE = new RegExp(`^[${USER_CODE_ALPHABET}]{${USER_CODE_LENGTH}}$`);

/** Whether a normalized code has the shape of a user code (it may still be unknown). */
export function isUserCodeShape(normalized: string): boolean {
  return USER_CODE_SHAPE.test(normalized);
}
