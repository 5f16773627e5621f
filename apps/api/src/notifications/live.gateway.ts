import { OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { OnGatewayConnection, OnGatewayInit, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { CurrentUser, LIVE_NAMESPACE, LiveClientEvents, LiveNotification, LiveServerEvents } from '@jiebang/contracts';
import { SessionsService } from '../auth/sessions.service';
import { PgListener, type StopListening } from '../database/pg-listener';

/** The PostgreSQL channel the `notification_announce` trigger writes to (migration 1764750000000). */
export const NOTIFICATION_CHANNEL = 'jiebang_notification';

type LiveSocket = Socket<
  LiveClientEvents,
  LiveServerEvents,
  Record<string, never>,
  { user?: CurrentUser; sessionId?: string }
>;

/** What the trigger sends: references only. */
export interface Announcement {
  id: string;
  userId: string | null;
  orgId: string | null;
  link: string | null;
}

const userRoom = (id: string) => `user:${id}`;
const orgRoom = (id: string) => `org:${id}`;
const sessionRoom = (id: string) => `session:${id}`;

/**
 * The live-updates socket (namespace `/live`, events in `@jiebang/contracts` `live.ts`): a signed-in page connects
 * with its access token (verified as the HTTP guard does, session open) and joins its user's and organisation's
 * rooms; every notification written for them is pushed as `notification` `{ id, link }` right after its
 * transaction commits, so the web refreshes what changed instead of polling.
 *
 * Delivery comes from PostgreSQL, not from the code that wrote the notification: each API process LISTENs on
 * `jiebang_notification` with a connection of its own (`PgListener`, reconnecting on failure) and emits to its
 * own sockets only (`server.local`), so with several replicas each page hears each notification once, and a
 * rolled-back change announces nothing. Logout, a password change or a disabled account disconnects the session's
 * sockets at once (`SessionsService.onRevoked`).
 */
@WebSocketGateway({ namespace: LIVE_NAMESPACE, maxHttpBufferSize: 1024 })
export class LiveGateway implements OnGatewayInit, OnGatewayConnection, OnModuleInit, OnModuleDestroy {
  @WebSocketServer() server!: Namespace<LiveClientEvents, LiveServerEvents>;
  private stopListening: StopListening | undefined;
  private readonly subscribers = new Set<(a: Announcement) => void>();

  constructor(
    private readonly sessions: SessionsService,
    private readonly pg: PgListener,
  ) {}

  /** Authenticates each socket before it connects (`connect_error` `UNAUTHORIZED` otherwise). */
  afterInit(nsp: Namespace<LiveClientEvents, LiveServerEvents>): void {
    this.sessions.onRevoked((e) => {
      for (const sid of e.sessionIds) nsp.in(sessionRoom(sid)).disconnectSockets(true);
    });
    nsp.use((socket, next) => {
      void this.authenticate(socket as LiveSocket).then(
        () => next(),
        () => next(new Error('UNAUTHORIZED')),
      );
    });
  }

  private async authenticate(socket: LiveSocket): Promise<void> {
    const token = (socket.handshake.auth as { token?: unknown })?.token;
    if (typeof token !== 'string') throw new Error('no token');
    const auth = await this.sessions.verifyAccessToken(token);
    if (!auth) throw new Error('invalid token or revoked session');
    socket.data.user = auth.user;
    socket.data.sessionId = auth.sessionId;
  }

  /** Joins the user's, the organisation's and the session's rooms. */
  async handleConnection(socket: LiveSocket): Promise<void> {
    const { user, sessionId } = socket.data;
    if (!user || !sessionId) {
      socket.disconnect(true);
      return;
    }
    await socket.join([userRoom(user.id), sessionRoom(sessionId), ...(user.orgId ? [orgRoom(user.orgId)] : [])]);
  }

  /** Starts listening on the notification channel. */
  async onModuleInit(): Promise<void> {
    this.stopListening = await this.pg.listen(NOTIFICATION_CHANNEL, (payload) => this.announce(payload));
  }

  /** Disconnects this process's sockets and closes the listening connection. */
  async onModuleDestroy(): Promise<void> {
    this.server?.local.disconnectSockets(true);
    await this.stopListening?.();
  }

  /**
   * Calls `fn` with every committed notification this process hears of (`{ id, userId, orgId, link }`), e.g. to
   * hand it to outward delivery (`NotificationDispatcher`). Announcements missed while the connection was down are
   * not replayed: a subscriber that must not miss any also sweeps.
   */
  onAnnouncement(fn: (a: Announcement) => void): void {
    this.subscribers.add(fn);
  }

  /** Pushes one announcement to the recipients' sockets on this process (and tells the subscribers). */
  private announce(payload: string): void {
    if (!payload) return;
    let a: Announcement;
    try {
      a = JSON.parse(payload) as Announcement;
    } catch {
      return;
    }
    for (const fn of this.subscribers) fn(a);
    if (!this.server) return;
    const rooms = [...(a.userId ? [userRoom(a.userId)] : []), ...(a.orgId ? [orgRoom(a.orgId)] : [])];
    if (rooms.length === 0) return;
    const event: LiveNotification = { id: a.id, link: a.link };
    this.server.local.to(rooms).emit('notification', event);
  }
}
