/**
 * The live-updates socket (namespace `/live`): every signed-in page holds one connection, and the server tells it
 * when something the user sees has changed, so the web refreshes the affected queries instead of polling. Events
 * carry references only (never the content: the page reads it through the API, with its access checks).
 */

/** Namespace of the live-updates socket (authenticated like `/negotiations`: `handshake.auth.token`). */
export const LIVE_NAMESPACE = '/live';

/** A notification was written for the user or their organisation (after its transaction committed). */
export interface LiveNotification {
  /** The notification's id. */
  id: string;
  /** Its in-app link (`/deals/…`, `/listings/…`, `/negotiations/…`), or null. */
  link: string | null;
}

/** Events the server sends on `/live`. */
export interface LiveServerEvents {
  notification: (n: LiveNotification) => void;
}

/** The client sends nothing on `/live`. */
export type LiveClientEvents = Record<string, never>;
