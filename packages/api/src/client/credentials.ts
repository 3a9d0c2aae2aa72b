// The ways a client proves who it is, and the tokens it holds while signed in.

/** Signs in with `auth.signIn` on first use and keeps the session fresh with its refresh token. */
export interface PasswordCredentials {
  email: string;
  password: string;
}

/**
 * Continues a session from a stored refresh token (a CLI, a job). Each refresh rotates the token:
 * persist the new one from `onTokens`, since the old one is refused (and replaying it revokes the
 * whole session).
 */
export interface RefreshTokenCredentials {
  refreshToken: string;
  /** An access token saved with the refresh token, used until shortly before it expires. */
  cachedAccessToken?: { token: string; expiresAt: Date };
}

/**
 * The caller manages tokens itself. The function is asked before every batch of calls, and asked
 * again once when the server answers UNAUTHORIZED.
 */
export interface AccessTokenCredentials {
  accessToken: () => string | Promise<string>;
}

export type TasklaneCredentials =
  PasswordCredentials | RefreshTokenCredentials | AccessTokenCredentials;

/** The tokens of the current session, reported after every sign-in and refresh. */
export interface TasklaneTokens {
  accessToken: string;
  accessTokenExpiresAt: Date;
  /** Undefined with access-token credentials, where the caller owns the session. */
  refreshToken: string | undefined;
}
