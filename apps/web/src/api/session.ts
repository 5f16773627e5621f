/**
 * The session's tokens as the API layer uses them (one home): renewing the 15-minute access token with the
 * refresh token (`POST /auth/refresh`, one request at a time across tabs) and telling the app when the server
 * rejected the session, so that it sends the user to log in again.
 */
import type { LoginResponse } from '@jiebang/contracts';
import { clearToken, getRefreshToken, getToken, setToken } from '../auth/token';

/** Base path of the versioned public API. */
export const API_BASE = '/api/v1';

/** What the client tells the app when the server rejected the access token. */
export interface UnauthorizedEvent {
  /** True when the rejected call needed a session (so the user should log in again). */
  required: boolean;
}

let unauthorizedHandler: ((event: UnauthorizedEvent) => void) | undefined;

/** Registers the app's reaction to a rejected token (at most one handler); returns an unregister function. */
export function setUnauthorizedHandler(handler: (event: UnauthorizedEvent) => void): () => void {
  unauthorizedHandler = handler;
  return () => {
    if (unauthorizedHandler === handler) unauthorizedHandler = undefined;
  };
}

/**
 * Reacts to a 401 of a call made with `token`: forgets that token (a login may have replaced it meanwhile) and
 * tells the app. `required` is false for a public read, which is retried without the token instead.
 */
export function noteUnauthorized(token: string | null, required = true): void {
  if (token && getToken() === token) clearToken();
  if (token || required) unauthorizedHandler?.({ required });
}

/**
 * Tells the app that the server refused `token` on a protected channel other than HTTP (the negotiation
 * socket's `connect_error` `UNAUTHORIZED`): the token is forgotten and the user is sent to log in again.
 */
export function reportUnauthorized(token: string | null): void {
  noteUnauthorized(token, true);
}

let refreshing: Promise<string | null> | undefined;

/** One refresh (`POST /auth/refresh`); stores and returns the new access token, or null (both tokens forgotten). */
async function refreshOnce(): Promise<string | null> {
  const before = getRefreshToken();
  if (!before) return null;
  const work = async (): Promise<string | null> => {
    // Another tab may have rotated the refresh token while this one waited for the lock: use its result.
    const current = getRefreshToken();
    if (!current) return null;
    if (current !== before) return getToken();
    const res = await fetch(`${API_BASE}/auth/refresh`, {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify({ refreshToken: current }),
    });
    if (!res.ok) {
      if (res.status === 401) clearToken();
      return null;
    }
    const tokens = (await res.json()) as LoginResponse;
    setToken(tokens.accessToken, tokens.refreshToken);
    return tokens.accessToken;
  };
  // A refresh token is used once (the server revokes the session if it sees one twice): tabs take turns.
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  return locks ? locks.request('jiebang.refresh', work) : work();
}

/**
 * Renews the access token with the stored refresh token (one request at a time, shared by concurrent callers).
 * @returns the new access token, or null when the session is over (the user must log in again).
 */
export function refreshSession(): Promise<string | null> {
  if (!refreshing) {
    refreshing = refreshOnce()
      .catch(() => null)
      .finally(() => {
        refreshing = undefined;
      });
  }
  return refreshing;
}
