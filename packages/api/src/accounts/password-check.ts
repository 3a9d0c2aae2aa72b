// Checking a password against a stored hash in constant work. Hashing itself is bounded by the
// hasher's work limiter; a full queue throws WorkLimiterBusyError, which routers answer as busy.
import type { PasswordCheck, PasswordHasher } from './password-hasher';

/** Checks a password against a stored hash, or burns the same time when there is none. */
export async function checkPassword(
  passwords: PasswordHasher,
  storedHash: string | undefined,
  password: string,
): Promise<PasswordCheck> {
  if (storedHash !== undefined) return passwords.verify(storedHash, password);
  await passwords.verifyNothing(password);
  return { valid: false, needsRehash: false };
}
