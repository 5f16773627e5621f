import { HttpStatus, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { CurrentUser, LoginResponse, Role, StaffRole } from '@jiebang/contracts';
import { DomainError } from '../common/domain-error';
import { EnvConfig } from '../config/env.config';
import { SessionCache } from './session-cache';
import { SessionRevokedReason } from './session.entity';
import { UserEntity } from './user.entity';

/** Claims of an access JWT: the user (`sub`) and the session (`sid`) it belongs to. */
export interface AccessClaims {
  sub: string;
  sid: string;
  role: Role;
  staffRoles: StaffRole[];
  orgId: string | null;
}

/** What a revocation tells its listeners (the socket gateway disconnects the matching sockets). */
export interface SessionsRevoked {
  userId: string;
  /** The revoked sessions (one for a logout, all the user's open ones otherwise). */
  sessionIds: string[];
  reason: SessionRevokedReason;
}

/**
 * SQL (over `app_user u`) true when `u` is its organisation's first user — the one who manages its colleagues
 * (issue 13): no other user of the organisation was created before it.
 */
export const ORG_ADMIN_SQL = `(u.org_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM app_user f
  WHERE f.org_id = u.org_id AND (f.created_at, f.id) < (u.created_at, u.id)))`;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * Login sessions (table `auth_session`, migration `1764576000000-auth-sessions`): short-lived access JWTs
 * (`JWT_TTL_SECONDS`, 15 min) carrying the session id, and opaque refresh tokens (32 random bytes, stored as
 * SHA-256) rotated on every refresh. Presenting a refresh token that was already rotated revokes its whole session
 * (reuse detection: one of the two holders is a thief). Every authenticated request checks its session with one
 * primary-key lookup, so logout, a password change or a disabled account (`disabled_at`) take effect at once on
 * every replica.
 * Other modules may call `revokeAllForUser` (e.g. disabling an account) and listen with `onRevoked`.
 */
@Injectable()
export class SessionsService {
  private readonly listeners: ((e: SessionsRevoked) => void)[] = [];

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jwt: JwtService,
    private readonly config: EnvConfig,
    private readonly cache: SessionCache,
  ) {}

  /** Registers a listener called after sessions are revoked (in this process; sockets use a per-user room). */
  onRevoked(listener: (e: SessionsRevoked) => void): void {
    this.listeners.push(listener);
  }

  /** Opens a session for `user` and returns its first access and refresh tokens. */
  async start(
    user: UserEntity,
    clientAddress: string | null,
    em: EntityManager = this.db.manager,
  ): Promise<LoginResponse> {
    const [row] = (await em.query(
      `INSERT INTO auth_session (user_id, expires_at, client_address)
       VALUES ($1, now() + make_interval(secs => $2), $3) RETURNING id`,
      [user.id, this.config.SESSION_TTL_SECONDS, clientAddress?.slice(0, 64) ?? null],
    )) as { id: string }[];
    return this.issue(em, user, row.id);
  }

  private async issue(em: EntityManager, user: Pick<UserEntity, 'id' | 'role' | 'staffRoles' | 'orgId'>, sid: string) {
    const refreshToken = randomBytes(32).toString('base64url');
    await em.query(`INSERT INTO auth_refresh_token (token_hash, session_id) VALUES ($1, $2)`, [
      sha256(refreshToken),
      sid,
    ]);
    const claims: AccessClaims = {
      sub: user.id,
      sid,
      role: user.role,
      staffRoles: user.staffRoles,
      orgId: user.orgId,
    };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: this.config.JWT_TTL_SECONDS });
    return { accessToken, refreshToken, expiresIn: this.config.JWT_TTL_SECONDS };
  }

  /**
   * Rotates a refresh token: the presented one is used up, a new pair is returned.
   * @throws DomainError 401 `INVALID_REFRESH_TOKEN` (unknown token, or its session revoked or expired — log in
   *   again); 401 `REFRESH_TOKEN_REUSED` when the token had already been rotated: the session is revoked.
   */
  async refresh(refreshToken: string): Promise<LoginResponse> {
    let reused: SessionsRevoked | null = null;
    const result = await this.db.transaction(async (em) => {
      const [row] = (await em.query(
        `SELECT t.session_id, t.used_at, s.revoked_at, s.expires_at <= now() AS expired, s.user_id
         FROM auth_refresh_token t JOIN auth_session s ON s.id = t.session_id
         WHERE t.token_hash = $1 FOR UPDATE OF t, s`,
        [sha256(refreshToken)],
      )) as { session_id: string; used_at: Date | null; revoked_at: Date | null; expired: boolean; user_id: string }[];
      if (!row || row.revoked_at || row.expired) return null;
      if (row.used_at) {
        await this.revokeIn(em, [row.session_id], 'refresh_reuse');
        reused = { userId: row.user_id, sessionIds: [row.session_id], reason: 'refresh_reuse' };
        return null;
      }
      await em.query(`UPDATE auth_refresh_token SET used_at = now() WHERE token_hash = $1`, [sha256(refreshToken)]);
      await em.query(`UPDATE auth_session SET last_refreshed_at = now() WHERE id = $1`, [row.session_id]);
      const user = await em.getRepository(UserEntity).findOneByOrFail({ id: row.user_id });
      return this.issue(em, user, row.session_id);
    });
    if (reused) {
      this.notify(reused);
      throw new DomainError(
        HttpStatus.UNAUTHORIZED,
        'REFRESH_TOKEN_REUSED',
        '该续期令牌已被使用过,为安全起见本次登录会话已被注销,请重新登录',
      );
    }
    if (!result) {
      throw new DomainError(HttpStatus.UNAUTHORIZED, 'INVALID_REFRESH_TOKEN', '登录会话已失效或已注销,请重新登录');
    }
    return result;
  }

  private async revokeIn(em: EntityManager, ids: string[], reason: SessionRevokedReason): Promise<void> {
    await em.query(
      `UPDATE auth_session SET revoked_at = now(), revoked_reason = $2 WHERE id = ANY($1) AND revoked_at IS NULL`,
      [ids, reason],
    );
  }

  /** Revokes one session (logout); its access tokens are refused from now on and its sockets disconnected. */
  async revoke(userId: string, sessionId: string, reason: SessionRevokedReason, em?: EntityManager): Promise<void> {
    await this.revokeIn(em ?? this.db.manager, [sessionId], reason);
    this.afterCommit(em, { userId, sessionIds: [sessionId], reason });
  }

  /**
   * Revokes every open session of a user (password change, disabled account), e.g. from a users-admin service.
   * Pass the transaction's `em` to revoke atomically with the change; listeners then run after the caller commits
   * (call `notify` yourself, or rely on the guard, which refuses the tokens as soon as the transaction commits).
   * @returns the revoked session ids.
   */
  async revokeAllForUser(userId: string, reason: SessionRevokedReason, em?: EntityManager): Promise<string[]> {
    const rows = (await (em ?? this.db.manager).query(
      `UPDATE auth_session SET revoked_at = now(), revoked_reason = $2
       WHERE user_id = $1 AND revoked_at IS NULL RETURNING id`,
      [userId, reason],
    )) as [{ id: string }[], number];
    const ids = rows[0].map((r) => r.id);
    this.afterCommit(em, { userId, sessionIds: ids, reason });
    return ids;
  }

  private afterCommit(em: EntityManager | undefined, e: SessionsRevoked): void {
    if (!em?.queryRunner?.isTransactionActive) this.notify(e);
  }

  /** Tells the listeners (e.g. the socket gateway) that sessions were revoked. */
  notify(e: SessionsRevoked): void {
    // This process forgets remembered sessions at once (the revocation has committed); the others when the
    // `jiebang_auth` announcement reaches them (SessionCache).
    this.cache.clear();
    for (const l of this.listeners) l(e);
  }

  /**
   * The user of an access token's claims, if its session is open: one indexed lookup (session by primary key,
   * joined to its user), remembered by `SessionCache` until any account or session changes (announced by
   * PostgreSQL triggers to every process at commit), so a revocation still takes effect at once.
   * @returns null for a revoked or expired session, a token without `sid`, or a deleted user.
   */
  async userOf(claims: { sub?: unknown; sid?: unknown }): Promise<CurrentUser | null> {
    if (typeof claims.sid !== 'string' || typeof claims.sub !== 'string') return null;
    if (!/^[0-9a-f-]{36}$/i.test(claims.sid)) return null;
    const cached = this.cache.get(claims.sid, claims.sub);
    if (cached) return cached;
    const ticket = this.cache.ticket();
    const [u] = (await this.db.query(
      `SELECT u.id, u.username, u.display_name, u.role, u.staff_roles, u.org_id, u.authority,
         u.must_change_password, ${ORG_ADMIN_SQL} AS org_admin, s.expires_at
       FROM auth_session s JOIN app_user u ON u.id = s.user_id
       WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL AND s.expires_at > now()
         AND u.disabled_at IS NULL`,
      [claims.sid, claims.sub],
    )) as {
      id: string;
      username: string;
      display_name: string;
      role: Role;
      staff_roles: StaffRole[];
      org_id: string | null;
      authority: string | null;
      must_change_password: boolean;
      org_admin: boolean;
      expires_at: Date;
    }[];
    if (!u) return null;
    const user: CurrentUser = {
      id: u.id,
      username: u.username,
      displayName: u.display_name,
      role: u.role,
      staffRoles: u.staff_roles,
      orgId: u.org_id,
      authority: u.authority,
      orgAdmin: u.org_admin,
      mustChangePassword: u.must_change_password,
    };
    this.cache.set(ticket, claims.sid, claims.sub, user, u.expires_at);
    return user;
  }

  /**
   * Verifies an access JWT (signature, expiry) and its session, for callers outside the HTTP guard (sockets).
   * @returns the user and the session id, or null.
   */
  async verifyAccessToken(token: string): Promise<{ user: CurrentUser; sessionId: string } | null> {
    const claims = await this.jwt.verifyAsync<{ sub?: unknown; sid?: unknown }>(token).catch(() => null);
    if (!claims) return null;
    const user = await this.userOf(claims);
    return user ? { user, sessionId: claims.sid as string } : null;
  }
}
