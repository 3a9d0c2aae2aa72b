// The person's profile: their name and the time zone their "today" is in.
import { postgresErrorCode } from '@tasklane/db';

import type { ApiServices } from '../context';
import { SessionEndedError } from '../sessions/session-errors';
import { UnknownTimeZoneError } from './account-errors';
import { updateProfile as storeProfile, type User } from './user-store';

// SQLSTATE 22023: PostgreSQL's answer for a time zone name its tz database lacks.
const PG_INVALID_PARAMETER_VALUE = '22023';

export async function updateProfile(
  services: ApiServices,
  userId: string,
  input: {
    name?: string | undefined;
    timeZone?: string | undefined;
    emailReminders?: boolean | undefined;
  },
): Promise<User> {
  let user;
  try {
    user = await storeProfile(services.db, { userId, ...input });
  } catch (error) {
    if (postgresErrorCode(error) === PG_INVALID_PARAMETER_VALUE) {
      throw new UnknownTimeZoneError('timeZone');
    }
    throw error;
  }
  if (user === undefined) throw new SessionEndedError();
  return user;
}
