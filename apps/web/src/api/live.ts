/**
 * Live updates: while a user is signed in, one socket to `/live` (see `@jiebang/contracts` `live.ts`) tells the
 * page when a notification was written for the user or their organisation; the queries it concerns are refreshed
 * at once (TanStack Query invalidation), so the bell, lists and the page in view follow without polling or reload.
 */
import {
  LIVE_NAMESPACE,
  type LiveClientEvents,
  type LiveNotification,
  type LiveServerEvents,
} from '@jiebang/contracts';
import { useEffect } from 'react';
import { io, type Socket } from 'socket.io-client';
import { getToken } from '../auth/token';
import { queryClient } from './query';
import { API_BASE, refreshSession } from './session';

/**
 * The API path prefixes a notification's in-app `link` concerns: its area (`/deals/…` → every `/api/v1/deals…`
 * query, including a deal's parts) and the notifications themselves.
 */
export function affectedPrefixes(link: string | null): string[] {
  const prefixes = [`${API_BASE}/notifications`];
  const area = link && /^\/([a-z-]+)(?:[/?#]|$)/.exec(link)?.[1];
  if (area) prefixes.push(`${API_BASE}/${area}`);
  return prefixes;
}

/** Refreshes every cached GET under the prefixes a notification concerns. */
export function applyLiveNotification(n: LiveNotification): Promise<void> {
  const prefixes = affectedPrefixes(n.link);
  return queryClient.invalidateQueries({
    predicate: (q) => {
      const path = q.queryKey[1];
      return typeof path === 'string' && prefixes.some((p) => path === p || path.startsWith(`${p}/`));
    },
  });
}

/**
 * Holds the live socket while `userId` is set (a signed-in user) and applies what it hears. Each (re)connect
 * presents the current access token, renewed first when only the refresh token is left; a refused socket simply
 * stays closed (the page's next API call deals with the session).
 */
export function useLiveUpdates(userId: string | null | undefined): void {
  useEffect(() => {
    if (!userId) return undefined;
    const socket: Socket<LiveServerEvents, LiveClientEvents> = io(`${window.location.origin}${LIVE_NAMESPACE}`, {
      auth: (cb) =>
        void (getToken() ? Promise.resolve(getToken()) : refreshSession()).then((t) => cb({ token: t ?? '' })),
      transports: ['websocket'],
    });
    socket.on('notification', (n) => void applyLiveNotification(n));
    socket.on('connect_error', (err) => {
      if (err.message === 'UNAUTHORIZED') socket.disconnect();
    });
    return () => {
      socket.disconnect();
    };
  }, [userId]);
}
