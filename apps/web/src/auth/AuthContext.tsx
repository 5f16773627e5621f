/**
 * Session state of the web app: the signed-in user (`GET /auth/me`), login and logout. When the server
 * rejects the token during a session, the user is sent to `/login?next=<where they were>`.
 */
import type { CurrentUser, LoginResponse } from '@jiebang/contracts';
import {
  createContext,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { api, unwrap } from '../api/http';
import { clearServerState } from '../api/query';
import { setUnauthorizedHandler } from '../api/session';
import { clearToken, getRefreshToken, getToken, setToken, TOKEN_STORAGE_KEY } from './token';

/** `loading` while `/auth/me` is pending. */
export type AuthStatus = 'loading' | 'anonymous' | 'authenticated';

/** What `useAuth()` returns. */
export interface AuthContextValue {
  status: AuthStatus;
  /** The signed-in user (`null` unless `authenticated`). */
  user: CurrentUser | null;
  /**
   * Logs in (with the TOTP code when the account has a second factor) and loads the user; rejects with the
   * `ApiError` of the login call (401 `INVALID_CREDENTIALS` / `TOTP_REQUIRED`, 429, 403 `TOTP_ENROLMENT_REQUIRED`…).
   */
  login: (username: string, password: string, totpCode?: string) => Promise<CurrentUser>;
  /** Stores the tokens of a session opened elsewhere (TOTP enrolment, password change) and loads the user. */
  startSession: (tokens: LoginResponse) => Promise<CurrentUser>;
  /** Ends the session on the server (`POST /auth/logout`, best effort) and forgets the tokens and the user. */
  logout: () => Promise<void>;
}

export const AuthContext = createContext<AuthContextValue | null>(null);

/** `/login?next=<path>` (plus `expired=1` after a rejected session). */
export function loginPath(next: string, expired = false): string {
  const params = new URLSearchParams();
  if (next && next !== '/') params.set('next', next);
  if (expired) params.set('expired', '1');
  const qs = params.toString();
  return qs ? `/login?${qs}` : '/login';
}

interface SessionState {
  status: AuthStatus;
  user: CurrentUser | null;
}

/** Provides the session to the app; must sit inside the router. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const navigate = useNavigate();
  const location = useLocation();
  const [session, setSession] = useState<SessionState>(() =>
    getToken() || getRefreshToken() ? { status: 'loading', user: null } : { status: 'anonymous', user: null },
  );
  // Bumped to (re)load `/auth/me`, e.g. when another tab logs in or out.
  const [generation, setGeneration] = useState(0);

  // Read by the 401 handler without re-registering it on every navigation.
  const here = useRef('/');
  const sessionRef = useRef(session);
  useLayoutEffect(() => {
    here.current = `${location.pathname}${location.search}${location.hash}`;
    sessionRef.current = session;
  });

  useEffect(() => {
    const controller = new AbortController();
    // Without a token there is nobody to load: anonymous (set from the settled promise, never synchronously).
    const me =
      getToken() || getRefreshToken()
        ? unwrap(api.GET('/api/v1/auth/me', { signal: controller.signal }))
        : Promise.resolve(null);
    me.then(
      (user) => {
        if (controller.signal.aborted) return;
        setSession(user ? { status: 'authenticated', user } : { status: 'anonymous', user: null });
      },
      () => {
        if (controller.signal.aborted) return;
        // A rejected token (401) has been cleared by the client already; after a network or server failure
        // the token is kept, so that a reload can restore the session.
        setSession({ status: 'anonymous', user: null });
      },
    );
    return () => controller.abort();
  }, [generation]);

  useEffect(
    () =>
      setUnauthorizedHandler(({ required }) => {
        const wasSignedIn = sessionRef.current.status === 'authenticated';
        setSession({ status: 'anonymous', user: null });
        if (required && wasSignedIn && !here.current.startsWith('/login')) {
          void navigate(loginPath(here.current, true), { replace: true });
        }
      }),
    [navigate],
  );

  useEffect(() => {
    const onStorage = (e: StorageEvent) => {
      if (e.key === TOKEN_STORAGE_KEY || e.key === null) setGeneration((g) => g + 1);
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, []);

  const startSession = useCallback(async (tokens: LoginResponse) => {
    setToken(tokens.accessToken, tokens.refreshToken);
    try {
      const user = await unwrap(api.GET('/api/v1/auth/me'));
      clearServerState();
      setSession({ status: 'authenticated', user });
      return user;
    } catch (err) {
      clearToken();
      setSession({ status: 'anonymous', user: null });
      throw err;
    }
  }, []);

  const login = useCallback(
    async (username: string, password: string, totpCode?: string) =>
      startSession(
        await unwrap(
          api.POST('/api/v1/auth/login', {
            body: totpCode ? { username, password, totpCode } : { username, password },
          }),
        ),
      ),
    [startSession],
  );

  const logout = useCallback(async () => {
    if (getToken() || getRefreshToken()) await api.POST('/api/v1/auth/logout').catch(() => undefined);
    clearToken();
    clearServerState();
    setSession({ status: 'anonymous', user: null });
  }, []);

  const value = useMemo<AuthContextValue>(
    () => ({ status: session.status, user: session.user, login, startSession, logout }),
    [session, login, startSession, logout],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
