import { HttpStatus, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CurrentUser, LoginResponse, Role, TotpConfirmed, TotpEnrolment } from '@jiebang/contracts';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/domain-error';
import { EnvConfig } from '../config/env.config';
import { LoginThrottle } from './login-throttle';
import { assertAcceptablePassword, hashPassword, verifyPassword } from './passwords';
import { SessionsService } from './sessions.service';
import { requiresTotp, TotpService } from './totp.service';
import { UserEntity } from './user.entity';

export { hashPassword } from './passwords';

/** Lifetime of the enrolment token of a 403 `TOTP_ENROLMENT_REQUIRED` answer, seconds. */
export const ENROLMENT_TOKEN_TTL_SECONDS = 600;
const ENROL_PURPOSE = 'totp-enrol';

/**
 * Accounts' authentication (issue 11, item 3): password login with throttling that cannot lock an owner out
 * (`LoginThrottle`), argon2id hashes (legacy bcrypt re-hashed on login), sessions with rotating refresh tokens
 * (`SessionsService`), logout, password change under the policy of `@jiebang/contracts` `passwordProblem`, and the
 * TOTP second factor (`TotpService`), required for approvers and administrators.
 */
@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jwt: JwtService,
    private readonly config: EnvConfig,
    private readonly throttle: LoginThrottle,
    private readonly sessions: SessionsService,
    private readonly totp: TotpService,
    private readonly audit: AuditService,
  ) {}

  private get demoMode(): boolean {
    return this.config.SEED_DEMO === 'true';
  }

  /**
   * Logs in from `clientAddress` and opens a session.
   * @returns `{ accessToken, refreshToken, expiresIn }`.
   * @throws DomainError 429 `LOGIN_THROTTLED` (`LoginThrottledError`, with `retryAfterSeconds`) while this
   *   account+address or this address must wait; 401 `INVALID_CREDENTIALS` for an unknown user or a wrong
   *   password alike (same body, about the same time; counted); 401 `TOTP_REQUIRED` when the account has a second
   *   factor and no `totpCode` was given (not counted); 401 `TOTP_INVALID` for a wrong or already used code
   *   (counted); 403 `TOTP_ENROLMENT_REQUIRED` for an approver or administrator without a second factor, with
   *   `details.enrolmentToken` for `/auth/totp/enrol` and `/auth/totp/confirm`; 403 `ACCOUNT_DISABLED` for a
   *   disabled account (right password only). With a one-time password the answer has `mustChangePassword`.
   */
  async login(
    username: string,
    password: string,
    totpCode: string | undefined,
    clientAddress: string,
  ): Promise<LoginResponse> {
    await this.throttle.assertMayTry(username, clientAddress);
    const users = this.db.getRepository(UserEntity);
    const user = await users.findOne({ where: { username } });
    const check = await verifyPassword(user?.passwordHash ?? null, password);
    if (!user || !check.ok) {
      await this.throttle.recordFailure(username, clientAddress);
      throw this.invalid();
    }
    if (user.disabledAt) {
      // Only after the password checked out: a disabled account is not revealed to someone guessing.
      throw new DomainError(HttpStatus.FORBIDDEN, 'ACCOUNT_DISABLED', '该账号已停用,如有疑问请联系管理员');
    }
    if (check.rehash) await users.update({ id: user.id }, { passwordHash: await hashPassword(password) });
    if (user.totpEnabledAt) {
      if (!totpCode) {
        throw new DomainError(HttpStatus.UNAUTHORIZED, 'TOTP_REQUIRED', '请输入身份验证器 App 中的 6 位动态验证码');
      }
      if (!(await this.totp.verifyAndConsume(user, totpCode))) {
        await this.throttle.recordFailure(username, clientAddress);
        throw this.totpInvalid();
      }
    } else if (requiresTotp(user)) {
      const enrolmentToken = await this.jwt.signAsync(
        { sub: user.id, purpose: ENROL_PURPOSE },
        { expiresIn: ENROLMENT_TOKEN_TTL_SECONDS },
      );
      throw new DomainError(
        HttpStatus.FORBIDDEN,
        'TOTP_ENROLMENT_REQUIRED',
        '审批人和管理员账号必须启用双因素认证:请用身份验证器 App 扫码绑定,并输入其中的 6 位动态验证码',
        undefined,
        { enrolmentToken },
      );
    }
    await this.throttle.recordSuccess(username, clientAddress);
    const tokens = await this.sessions.start(user, clientAddress);
    return user.mustChangePassword ? { ...tokens, mustChangePassword: true } : tokens;
  }

  /** Rotates a refresh token (see `SessionsService.refresh`). */
  refresh(refreshToken: string): Promise<LoginResponse> {
    return this.sessions.refresh(refreshToken);
  }

  /** Revokes the caller's current session (audited as `logout`). */
  async logout(user: CurrentUser, sessionId: string): Promise<void> {
    await this.db.transaction(async (em) => {
      await this.sessions.revoke(user.id, sessionId, 'logout', em);
      await this.auditUser(em, user.id, 'logout', { sessionId });
    });
    this.sessions.notify({ userId: user.id, sessionIds: [sessionId], reason: 'logout' });
  }

  /**
   * Changes the caller's password. Every session of the user is revoked — the current one included, so that a
   * thief holding any token of this account is out — and a new session is opened for the caller, whose tokens are
   * returned (the caller stays logged in on this device only). A one-time password is replaced by this
   * (`mustChangePassword` cleared). Audited as `password_changed`.
   * @throws DomainError 400 `CURRENT_PASSWORD_INVALID` (counted by login throttling; 429 `LOGIN_THROTTLED` while
   *   waiting); 400 `PASSWORD_TOO_SHORT` / `PASSWORD_TOO_LONG` / `PASSWORD_BLANK` / `PASSWORD_BLOCKED` /
   *   `PASSWORD_CONTAINS_USERNAME` for a new password the policy refuses. Nothing changes on a refusal.
   */
  async changePassword(
    caller: CurrentUser,
    currentPassword: string,
    newPassword: string,
    clientAddress: string,
  ): Promise<LoginResponse> {
    await this.throttle.assertMayTry(caller.username, clientAddress);
    const user = await this.db.getRepository(UserEntity).findOneByOrFail({ id: caller.id });
    if (!(await verifyPassword(user.passwordHash, currentPassword)).ok) {
      await this.throttle.recordFailure(caller.username, clientAddress);
      throw new DomainError(HttpStatus.BAD_REQUEST, 'CURRENT_PASSWORD_INVALID', '当前密码不正确,请重新输入');
    }
    assertAcceptablePassword(newPassword, { username: user.username, demoMode: this.demoMode });
    const passwordHash = await hashPassword(newPassword);
    let revoked: string[] = [];
    const tokens = await this.db.transaction(async (em) => {
      await em
        .getRepository(UserEntity)
        .update({ id: user.id }, { passwordHash, passwordChangedAt: new Date(), mustChangePassword: false });
      revoked = await this.sessions.revokeAllForUser(user.id, 'password_changed', em);
      await this.auditUser(em, user.id, 'password_changed', { revokedSessions: revoked.length });
      return this.sessions.start(user, clientAddress, em);
    });
    this.sessions.notify({ userId: user.id, sessionIds: revoked, reason: 'password_changed' });
    return tokens;
  }

  /** The user an enrolment request is for: the bearer's, or the enrolment token's. */
  private async enrollingUser(
    caller: CurrentUser | undefined,
    enrolmentToken: string | undefined,
  ): Promise<UserEntity> {
    let id = caller?.id;
    if (enrolmentToken) {
      const claims = await this.jwt
        .verifyAsync<{ sub?: string; purpose?: string }>(enrolmentToken)
        .catch(() => ({}) as { sub?: string; purpose?: string });
      if (claims.purpose !== ENROL_PURPOSE || !claims.sub) {
        throw new DomainError(HttpStatus.UNAUTHORIZED, 'ENROLMENT_TOKEN_INVALID', '绑定令牌无效或已过期,请重新登录');
      }
      id = claims.sub;
    }
    if (!id) throw new DomainError(HttpStatus.UNAUTHORIZED, 'UNAUTHORIZED', '请先登录');
    const user = await this.db.getRepository(UserEntity).findOneBy({ id });
    if (!user) throw new DomainError(HttpStatus.UNAUTHORIZED, 'UNAUTHORIZED', '请先登录');
    if (user.role !== Role.Staff) {
      throw new DomainError(HttpStatus.FORBIDDEN, 'TOTP_STAFF_ONLY', '双因素认证目前只面向科技厅工作人员账号');
    }
    return user;
  }

  /**
   * Starts (or restarts) TOTP enrolment: a new secret is stored encrypted, pending until confirmed.
   * @returns the secret and its `otpauth://` URI — the only time they are ever returned.
   * @throws DomainError 401 `ENROLMENT_TOKEN_INVALID` / `UNAUTHORIZED`; 403 `TOTP_STAFF_ONLY`; 409
   *   `TOTP_ALREADY_ENABLED` when the account already has a confirmed second factor.
   */
  async enrolTotp(caller: CurrentUser | undefined, enrolmentToken: string | undefined): Promise<TotpEnrolment> {
    const user = await this.enrollingUser(caller, enrolmentToken);
    if (user.totpEnabledAt) {
      throw new DomainError(HttpStatus.CONFLICT, 'TOTP_ALREADY_ENABLED', '该账号已启用双因素认证');
    }
    const secret = this.totp.newSecret();
    await this.db
      .getRepository(UserEntity)
      .update({ id: user.id }, { totpSecretEnc: this.totp.encrypt(secret), totpLastStep: null });
    return { secret, otpauthUri: this.totp.uri(user.username, secret) };
  }

  /**
   * Confirms enrolment with the first code; with an enrolment token the login completes (a session is opened).
   * Audited as `totp_enabled`.
   * @throws DomainError 409 `TOTP_NOT_ENROLLING` (call enrol first) / `TOTP_ALREADY_ENABLED`; 401 `TOTP_INVALID`
   *   for a wrong or reused code (counted by login throttling; 429 `LOGIN_THROTTLED` while waiting).
   */
  async confirmTotp(
    caller: CurrentUser | undefined,
    enrolmentToken: string | undefined,
    code: string,
    clientAddress: string,
  ): Promise<TotpConfirmed> {
    const user = await this.enrollingUser(caller, enrolmentToken);
    if (user.totpEnabledAt) {
      throw new DomainError(HttpStatus.CONFLICT, 'TOTP_ALREADY_ENABLED', '该账号已启用双因素认证');
    }
    if (!user.totpSecretEnc) {
      throw new DomainError(HttpStatus.CONFLICT, 'TOTP_NOT_ENROLLING', '请先获取绑定二维码(POST /auth/totp/enrol)');
    }
    await this.throttle.assertMayTry(user.username, clientAddress);
    if (!(await this.totp.verifyAndConsume(user, code))) {
      await this.throttle.recordFailure(user.username, clientAddress);
      throw this.totpInvalid();
    }
    return this.db.transaction(async (em) => {
      await em.getRepository(UserEntity).update({ id: user.id }, { totpEnabledAt: new Date() });
      await this.auditUser(em, user.id, 'totp_enabled', null);
      if (!enrolmentToken) return { totpEnabled: true as const };
      await this.throttle.recordSuccess(user.username, clientAddress);
      const tokens = await this.sessions.start(user, clientAddress, em);
      return {
        totpEnabled: true as const,
        ...tokens,
        ...(user.mustChangePassword ? { mustChangePassword: true } : {}),
      };
    });
  }

  private auditUser(em: EntityManager, userId: string, action: string, data: Record<string, unknown> | null) {
    return this.audit.append(em, { entityType: 'user', entityId: userId, action, actorUserId: userId, data });
  }

  private invalid() {
    return new DomainError(HttpStatus.UNAUTHORIZED, 'INVALID_CREDENTIALS', '用户名或密码错误');
  }

  private totpInvalid() {
    return new DomainError(
      HttpStatus.UNAUTHORIZED,
      'TOTP_INVALID',
      '动态验证码不正确或已被使用过,请输入身份验证器 App 中当前显示的 6 位数字',
    );
  }
}
