import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  SetMetadata,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { can, Capability, CAPABILITY_LABELS, CurrentUser, Role, StaffRole } from '@jiebang/contracts';
import { errorBody } from '../common/domain-error';
import { AccessTokens, Authentication } from './access-tokens';
import { hasRole, IS_PUBLIC, RoleRequirement, ROLES } from './auth.decorators';

/** Metadata key of `@AllowPendingPasswordChange()`. */
export const ALLOW_PENDING_PASSWORD = 'jiebang:allowPendingPassword';

/**
 * The route admits a user who still has a one-time password (change password, who am I, logout); every other
 * protected route answers such a user 403 `PASSWORD_CHANGE_REQUIRED`.
 */
export const AllowPendingPasswordChange = () => SetMetadata(ALLOW_PENDING_PASSWORD, true);

/** Metadata key of `@OwnAccount()`. */
export const OWN_ACCOUNT = 'jiebang:ownAccount';

/**
 * The route concerns only the caller's own account (its notifications, its settings): open to every signed-in
 * user, a recommender included, whose other routes are limited to its authority's records.
 */
export const OwnAccount = () => SetMetadata(OWN_ACCOUNT, true);

/**
 * Global guard: every route needs a valid bearer token unless it is `@Public()` (HTTP 401 `UNAUTHORIZED`).
 * The token and its session are checked by `AccessTokens` (signature, expiry, open session; it was passport-jwt:
 * the same checks and answers without passport's per-request machinery, issue 17 item 2). Sets `req.user`.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokens,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [ctx.getHandler(), ctx.getClass()]);
    const req = ctx.switchToHttp().getRequest<{
      headers: Record<string, string | undefined>;
      publicRoute?: boolean;
      user?: CurrentUser;
      authSessionId?: string;
    }>();
    if (isPublic) {
      // Public routes still recognise a logged-in caller (e.g. a poster reading its own draft); a bad token on a
      // public route is ignored, never an error (nor is a caller who must first change a one-time password: anonymous).
      if (!req.headers.authorization) return true;
      req.publicRoute = true;
      try {
        const { user, info } = await this.tokens.authenticate(req);
        req.user = this.handleRequest(null, user, info, ctx) ?? undefined;
      } catch {
        req.user = undefined;
      }
      return true;
    }
    let found: Authentication = { user: null };
    let err: unknown = null;
    try {
      found = await this.tokens.authenticate(req);
    } catch (e) {
      err = e;
    }
    req.user = this.handleRequest(err, found.user, found.info, ctx) ?? undefined;
    return true;
  }

  /**
   * 401 `TOKEN_EXPIRED` for an access token past its expiry (the client renews it with `POST /auth/refresh`);
   * 401 `UNAUTHORIZED` for a missing or invalid token or a revoked session (log in again); 403
   * `PASSWORD_CHANGE_REQUIRED` for a user with a one-time password, except on `@AllowPendingPasswordChange()` routes.
   */
  handleRequest<T>(err: unknown, user: T, info: unknown, ctx: ExecutionContext): T {
    if (err || !user) {
      if (ctx.switchToHttp().getRequest<{ publicRoute?: boolean }>().publicRoute) return undefined as T;
      if ((info as { name?: string } | undefined)?.name === 'TokenExpiredError') {
        throw new UnauthorizedException(errorBody('TOKEN_EXPIRED', '登录令牌已过期,请用续期令牌换取新令牌'));
      }
      throw new UnauthorizedException(errorBody('UNAUTHORIZED', '请先登录(令牌缺失、无效、已过期或已注销)'));
    }
    const pending = (user as unknown as Partial<CurrentUser>).mustChangePassword;
    if (
      pending &&
      !this.reflector.getAllAndOverride<boolean>(ALLOW_PENDING_PASSWORD, [ctx.getHandler(), ctx.getClass()])
    ) {
      throw new ForbiddenException(
        errorBody('PASSWORD_CHANGE_REQUIRED', '请先设置您自己的新密码(一次性密码只能用于首次登录)'),
      );
    }
    return user;
  }
}

/**
 * Global guard: enforces `@Roles(...)` and `@Requires(...)` (HTTP 403 `FORBIDDEN`). A protected route without
 * `@Roles` admits any user. A recommender passes only routes requiring a capability it holds, public routes and
 * its own account's routes (`@AllowPendingPasswordChange`, `@OwnAccount`; 403 `RECOMMENDER_READ_ONLY` elsewhere,
 * even routes open to every user).
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(ctx: ExecutionContext): boolean {
    const targets = [ctx.getHandler(), ctx.getClass()];
    const required = this.reflector.getAllAndOverride<RoleRequirement[] | undefined>(ROLES, targets);
    const user = ctx.switchToHttp().getRequest<{ user?: CurrentUser }>().user;
    if (user?.role === Role.Staff && user.staffRoles.includes(StaffRole.Recommender)) {
      // A recommender reads its authority's records through the routes of its capabilities; besides those only
      // public routes and its own account (who am I, password, logout). Services that widen what staff see must
      // not widen it for a recommender.
      const held = (required ?? []).some(
        (r) => Object.values(Capability).includes(r as Capability) && can(user, r as Capability),
      );
      const open =
        this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) ||
        this.reflector.getAllAndOverride<boolean>(ALLOW_PENDING_PASSWORD, targets) ||
        this.reflector.getAllAndOverride<boolean>(OWN_ACCOUNT, targets);
      if (held || (open && !required?.length)) return true;
      throw new ForbiddenException(
        errorBody('RECOMMENDER_READ_ONLY', '推荐部门账号只能查看本辖区的记录,不能进行该操作'),
      );
    }
    if (!required?.length) return true;
    if (!user) return false;
    if (!hasRole(user, required)) {
      const needs = required.map((r) => CAPABILITY_LABELS[r as Capability] ?? r).join(' 或 ');
      throw new ForbiddenException(errorBody('FORBIDDEN', `无权访问:需要角色或权限 ${needs}`));
    }
    return true;
  }
}
