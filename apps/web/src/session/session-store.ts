// Who is signed in, and the access token, kept in memory only: never in localStorage or a
// readable cookie, so an injected script cannot take a token that outlives the page.

export type SessionState =
  | { status: 'restoring' }
  | { status: 'signed-out'; message: string | null }
  | { status: 'signed-in'; user: User; accessToken: string; accessTokenExpiresAt: Date };

export interface SessionStore {
  getState: () => SessionState;
  subscribe: (listener: () => void) => () => void;
  signIn: (session: AuthSession) => void;
  /** `message` explains an involuntary sign-out (expired or revoked session) on the sign-in page. */
  signOut: (message?: string | null) => void;
  /** Replaces the user shown (after a profile read) without touching the token. */
  setUser: (user: User) => void;
  accessToken: () => string | null;
}

export function createSessionStore(initial: SessionState = { status: 'restoring' }): SessionStore {
  let state = initial;
  const listeners = new Set<() => void>();
  const set = (next: SessionState): void => {
    state = next;
    for (const listener of listeners) listener();
  };
  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    signIn(session) {
      set({
        status: 'signed-in',
        user: session.user,
        accessToken: session.accessToken,
        accessTokenExpiresAt: session.accessTokenExpiresAt,
      });
    },
    signOut(message = null) {
      set({ status: 'signed-out', message });
    },
    setUser(user) {
      if (state.status === 'signed-in') set({ ...state, user });
    },
    accessToken: () => (state.status === 'signed-in' ? state.accessToken : null),
  };
}
import type { AuthSession, User } from '@tasklane/api/client';
