import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CurrentUser } from '@jiebang/contracts';
import { PgListener, StopListening } from '../database/pg-listener';

/** The channel the `auth_changed_announce` triggers notify (migration `1766700000400-auth-changed-notify`). */
export const AUTH_CHANNEL = 'jiebang_auth';
/** How long an entry is used at most (ms): bounds staleness should a notification be lost with its connection. */
export const SESSION_CACHE_TTL_MS = 5_000;
/** Entries kept at most; the cache is emptied when full (one entry per open session in use). */
const MAX_ENTRIES = 10_000;

interface Entry {
  userId: string;
  user: CurrentUser;
  /** The session's `expires_at` (ms since the epoch): past it the session is refused, cached or not. */
  sessionExpiresAt: number;
  /** When the entry stops being used (ms since the epoch). */
  until: number;
}

/**
 * What `SessionsService.userOf` read for an open session (issue 17 item 2: a signed-in read without its session
 * look-up), remembered per session id while nothing about accounts or sessions changes.
 * - A revocation made through `SessionsService` (logout, password change, changed rights, disabled account: every
 *   path of the API that ends sessions) empties this process's cache synchronously once it has committed
 *   (`SessionsService.notify`), so the next request of that token is refused.
 * - Every write to `app_user` or `auth_session`, whoever makes it and in whichever process, is announced on
 *   PostgreSQL channel `jiebang_auth` by statement-level triggers and empties every process's cache when the
 *   announcement arrives (milliseconds after the commit: another replica, or a change made outside the API, is
 *   seen that much later).
 * - An entry is used at most `SESSION_CACHE_TTL_MS` (5 s; a bound should an announcement be lost with its
 *   connection) and never past the session's expiry. A read that started before an announcement is not kept.
 * The cache is off (every check reads the database) until the process listens on the channel, and when the
 * triggers are missing (database not migrated).
 */
@Injectable()
export class SessionCache implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(SessionCache.name);
  private readonly entries = new Map<string, Entry>();
  private enabled = false;
  /** Bumped by every announcement: a read that started before one is not remembered. */
  private generation = 0;
  private stop?: StopListening;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly pg: PgListener,
  ) {}

  async onModuleInit(): Promise<void> {
    const [{ present }] = (await this.db.query(
      `SELECT count(*) = 2 AS present FROM pg_trigger WHERE tgname = 'auth_changed_announce'`,
    )) as { present: boolean }[];
    if (!present) {
      this.logger.warn('auth_changed_announce triggers missing: session checks are not cached');
      return;
    }
    this.stop = await this.pg.listen(
      AUTH_CHANNEL,
      () => this.clear(),
      () => {
        this.clear();
        this.enabled = true;
      },
    );
  }

  async onModuleDestroy(): Promise<void> {
    this.enabled = false;
    await this.stop?.();
  }

  /** Forgets everything (an account or a session changed somewhere). */
  clear(): void {
    this.generation++;
    this.entries.clear();
  }

  /** The remembered user of session `sid` (token subject `userId`), or undefined when it must be read. */
  get(sid: string, userId: string, now = Date.now()): CurrentUser | undefined {
    if (!this.enabled) return undefined;
    const e = this.entries.get(sid);
    if (!e) return undefined;
    if (e.userId !== userId || now >= e.until || now >= e.sessionExpiresAt) {
      if (now >= e.until || now >= e.sessionExpiresAt) this.entries.delete(sid);
      return undefined;
    }
    // A copy: a request may not change what the next one is handed.
    return { ...e.user, staffRoles: [...e.user.staffRoles] };
  }

  /** A token to pass to `set`: the generation before the read, so that a read overtaken by a change is dropped. */
  ticket(): number {
    return this.generation;
  }

  /** Remembers an open session's user as read from the database after `ticket()`. */
  set(ticket: number, sid: string, userId: string, user: CurrentUser, sessionExpiresAt: Date, now = Date.now()): void {
    if (!this.enabled || ticket !== this.generation) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(sid, {
      userId,
      user,
      sessionExpiresAt: sessionExpiresAt.getTime(),
      until: now + SESSION_CACHE_TTL_MS,
    });
  }
}
