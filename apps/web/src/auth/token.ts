/**
 * The tokens of the signed-in user, kept in `localStorage` so that a reload keeps the session: the short-lived
 * access token (a JWT whose `exp` has passed is treated as absent and removed) and the opaque refresh token that
 * renews it (`POST /api/v1/auth/refresh`, see `api/session.ts`).
 */

/** `localStorage` key of the access token. */
export const TOKEN_STORAGE_KEY = 'jiebang.accessToken';
/** `localStorage` key of the refresh token. */
export const REFRESH_STORAGE_KEY = 'jiebang.refreshToken';

/** Seconds of clock skew tolerated before a token counts as expired. */
const EXPIRY_SKEW_S = 5;

/** `exp` claim (epoch seconds) of a JWT, or `undefined` when it cannot be read. */
export function tokenExpiry(token: string): number | undefined {
  const part = token.split('.')[1];
  if (!part) return undefined;
  try {
    const base64 = part
      .replace(/-/g, '+')
      .replace(/_/g, '/')
      .padEnd(Math.ceil(part.length / 4) * 4, '=');
    const claims = JSON.parse(atob(base64)) as { exp?: unknown };
    return typeof claims.exp === 'number' ? claims.exp : undefined;
  } catch {
    return undefined;
  }
}

/** True when the token carries an `exp` claim that lies in the past. */
export function isTokenExpired(token: string, nowMs: number = Date.now()): boolean {
  const exp = tokenExpiry(token);
  return exp !== undefined && exp + EXPIRY_SKEW_S < nowMs / 1000;
}

function storage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

/** The stored access token, or `null` when there is none (or it has expired). */
export function getToken(): string | null {
  const token = storage()?.getItem(TOKEN_STORAGE_KEY) ?? null;
  if (token && isTokenExpired(token)) {
    // Only the access token: the refresh token may still renew the session.
    storage()?.removeItem(TOKEN_STORAGE_KEY);
    return null;
  }
  return token || null;
}

/** Stores the access token (and the refresh token, when the server gave one) after a login or a refresh. */
export function setToken(token: string, refreshToken?: string): void {
  storage()?.setItem(TOKEN_STORAGE_KEY, token);
  if (refreshToken) storage()?.setItem(REFRESH_STORAGE_KEY, refreshToken);
}

/** The stored refresh token, or `null`. */
export function getRefreshToken(): string | null {
  return storage()?.getItem(REFRESH_STORAGE_KEY) || null;
}

/** Forgets both tokens (logout, or the server refused the session). */
export function clearToken(): void {
  storage()?.removeItem(TOKEN_STORAGE_KEY);
  storage()?.removeItem(REFRESH_STORAGE_KEY);
}
