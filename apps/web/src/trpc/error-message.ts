// The sentence a person sees for a failed call, from the error readers of the client entry.
import { waitText } from '@tasklane/api/contract';
import { fieldErrors, isTasklaneError, retryAfterSeconds } from '@tasklane/api/client';

/** A sentence to show a person for any failure. */
export function errorMessage(error: unknown): string {
  const wait = retryAfterSeconds(error);
  if (wait !== undefined) return `Too many attempts. Please wait ${waitText(wait)} and try again.`;
  if (isTasklaneError(error)) {
    if (error.data === undefined || error.data === null) {
      return 'Could not reach Tasklane. Check your connection and try again.';
    }
    // A BAD_REQUEST's message is zod's issue list; say the first problem in words instead.
    const zodError = error.data.zodError;
    if (zodError !== null) {
      const fields = Object.values(fieldErrors(error)).flatMap((messages) => messages ?? []);
      return [...zodError.formErrors, ...fields][0] ?? 'Some of the values are not valid.';
    }
    return error.message;
  }
  return 'Something went wrong. Please try again.';
}
