// The failures a shell user sees: one line on stderr and an exit code, never a stack trace.
import { errorCode, fieldErrors, isTasklaneError, retryAfterSeconds } from '@tasklane/api/client';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
/** What shells report for a command stopped with Ctrl-C. */
export const EXIT_INTERRUPTED = 130;

/** The command line itself is wrong (exit 2). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A failure with a message written for the person at the shell (exit 1 unless told). */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number = EXIT_FAILURE,
  ) {
    super(message);
  }
}

/** A failure plus what already happened anyway, e.g. a logout that could not reach the server. */
export class WithNote extends Error {
  override readonly name = 'WithNote';
  constructor(
    readonly failure: unknown,
    readonly note: string,
  ) {
    super(note);
  }
}

export interface FailureContext {
  url: string;
  /** True while signing in: UNAUTHORIZED then means the password, not the session. */
  signingIn: boolean;
}

export interface Failure {
  message: string;
  exitCode: number;
  /** Only for failures nobody anticipated, shown with TASKLANE_DEBUG=1. */
  unexpected: boolean;
}

export function describeFailure(error: unknown, context: FailureContext): Failure {
  if (error instanceof WithNote) {
    const inner = describeFailure(error.failure, context);
    return { ...inner, message: `${inner.message} ${error.note}` };
  }
  if (error instanceof UsageError) return failure(error.message, EXIT_USAGE);
  if (error instanceof CliError) return failure(error.message, error.exitCode);
  if (!isTasklaneError(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return { message, exitCode: EXIT_FAILURE, unexpected: true };
  }

  const unreachable = connectionProblem(error);
  if (unreachable !== undefined)
    return failure(`Cannot reach Tasklane at ${context.url}: ${unreachable}.`);

  switch (errorCode(error)) {
    case undefined:
      return failure(
        `Unexpected answer from ${context.url} (${error.message}). Is it a Tasklane server?`,
      );
    case 'UNAUTHORIZED':
      return failure(
        context.signingIn
          ? 'Wrong email or password.'
          : 'Your session has expired or was revoked. Run `tasklane login` to sign in again.',
      );
    case 'TOO_MANY_REQUESTS': {
      const seconds = retryAfterSeconds(error);
      return failure(
        seconds === undefined
          ? 'Too many attempts. Try again later.'
          : `Too many attempts. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`,
      );
    }
    case 'BAD_REQUEST':
      return failure(invalidInputMessage(error.message, fieldErrors(error)));
    case 'INTERNAL_SERVER_ERROR':
      return failure(`The server failed: ${error.message}`);
    default:
      return failure(error.message);
  }
}

function failure(message: string, exitCode = EXIT_FAILURE): Failure {
  return { message, exitCode, unexpected: false };
}

function invalidInputMessage(message: string, fields: Partial<Record<string, string[]>>): string {
  const problems = Object.entries(fields).flatMap(([field, messages = []]) =>
    messages.map((text) => `${field}: ${text}`),
  );
  return problems.length === 0
    ? `Invalid input: ${message}`
    : `Invalid input: ${problems.join('; ')}`;
}

const CONNECTION_CODES: Readonly<Partial<Record<string, string>>> = {
  ECONNREFUSED: 'connection refused (is the server running?)',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
  ECONNRESET: 'the connection was reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'the connection timed out',
  UND_ERR_SOCKET: 'the connection was closed',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  CERT_HAS_EXPIRED: 'its TLS certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is self-signed',
};

/** Why the request never got an answer, from the error's cause chain; undefined if it did. */
function connectionProblem(error: Error): string | undefined {
  let fetchFailed = false;
  let deepest = '';
  let current: unknown = error.cause;
  for (let depth = 0; depth < 8 && current instanceof Error; depth += 1) {
    if (current.name === 'TimeoutError') return 'no answer in time';
    const code = 'code' in current && typeof current.code === 'string' ? current.code : undefined;
    const known = code === undefined ? undefined : CONNECTION_CODES[code];
    if (known !== undefined) return known;
    if (current instanceof TypeError && current.message === 'fetch failed') fetchFailed = true;
    deepest = current.message;
    current = current.cause;
  }
  return fetchFailed ? `the request failed (${deepest})` : undefined;
}
