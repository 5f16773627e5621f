import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { can, Capability, CurrentUser as CurrentUserDto, Role } from '@jiebang/contracts';

export const IS_PUBLIC = 'jiebang:isPublic';
export const ROLES = 'jiebang:roles';

/**
 * A role requirement: a role, or a staff capability (`Capability` of `@jiebang/contracts` `permissions.ts`, held
 * per `STAFF_CAPABILITIES`: the one table of what each staff sub-role may do).
 */
export type RoleRequirement = Role | Capability;

const CAPABILITIES: ReadonlySet<string> = new Set(Object.values(Capability));

/** The route needs no login (public board, login, self-registration, health). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The route needs a logged-in user holding one of these roles (HTTP 403 `FORBIDDEN` otherwise). */
export const Roles = (...roles: RoleRequirement[]) => SetMetadata(ROLES, roles);

/**
 * The route needs a staff member holding one of these capabilities (`can(user, capability)` of
 * `@jiebang/contracts`; HTTP 403 `FORBIDDEN` otherwise). The table of who holds what is `STAFF_CAPABILITIES`.
 */
export const Requires = (...capabilities: Capability[]) => SetMetadata(ROLES, capabilities);

/** The logged-in user (`CurrentUser` claims, re-read from the database on every request). */
export const AuthUser = createParamDecorator((_: unknown, ctx: ExecutionContext): CurrentUserDto => {
  return ctx.switchToHttp().getRequest<{ user: CurrentUserDto }>().user;
});

/** True when `user` satisfies one of `required`. */
export function hasRole(user: CurrentUserDto, required: readonly RoleRequirement[]): boolean {
  return required.some((r) => {
    if (CAPABILITIES.has(r)) return can(user, r as Capability);
    return user.role === r;
  });
}

/** The id of the session the request's access token belongs to (set by `AccessTokens`; undefined if anonymous). */
export const AuthSessionId = createParamDecorator((_: unknown, ctx: ExecutionContext): string | undefined => {
  return ctx.switchToHttp().getRequest<{ authSessionId?: string }>().authSessionId;
});

/**
 * The client address login throttling keys on: Express's `req.ip` — the TCP peer, or under `TRUST_PROXY` the
 * address `X-Forwarded-For` gives as far as the configured proxies are trusted.
 */
export const ClientAddress = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const req = ctx.switchToHttp().getRequest<{ ip?: string; socket?: { remoteAddress?: string } }>();
  return req.ip ?? req.socket?.remoteAddress ?? 'unknown';
});
