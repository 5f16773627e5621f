/** The session hook and role helpers. */
import { can, Capability, Role, ROLE_LABELS, STAFF_ROLE_LABELS, type CurrentUser } from '@jiebang/contracts';
import { useCallback, useContext } from 'react';
import { AuthContext, type AuthContextValue } from './AuthContext';

/** The session (user, status, login, logout); throws outside `AuthProvider`. */
export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth() must be used inside <AuthProvider>');
  return value;
}

/** True for 科技厅 staff (any sub-role). */
export function isStaff(user: CurrentUser | null | undefined): boolean {
  return user?.role === Role.Staff;
}

/**
 * Whether the signed-in user has `capability` — the one table of staff sub-roles (`STAFF_CAPABILITIES` in
 * `@jiebang/contracts`, the same the API's `@Requires(...)` guards read). Returns a checker:
 * `const can = useCan(); can(Capability.RunDeals)`.
 */
export function useCan(): (capability: Capability) => boolean {
  const { user } = useAuth();
  return useCallback((capability: Capability) => can(user, capability), [user]);
}

/**
 * True for staff who may edit control edges and credit records (`Capability.EditControlGraph`: 对接专员 and
 * 管理员; an 审批人 only reads). Prefer `can(user, Capability.X)` / `useCan()` for a specific action.
 */
export function canManageOrganizations(user: CurrentUser | null | undefined): boolean {
  return can(user, Capability.EditControlGraph);
}

/**
 * True for staff who run the listing workflow, the review and the negotiation rooms (对接专员 and 管理员: 论证,
 * 发布, 评审推荐, 组织对接; `Capability.BrokerNegotiations`); an 审批人 only reads.
 */
export function canHandleListings(user: CurrentUser | null | undefined): boolean {
  return can(user, Capability.BrokerNegotiations);
}

/** True for users of a posting / applying organisation (高校、科研机构 or 企业 users with an organisation). */
export function isOrgUser(user: CurrentUser | null | undefined): boolean {
  return !!user?.orgId && (user.role === Role.Institute || user.role === Role.Enterprise);
}

/** True for review experts (评审专家). */
export function isExpert(user: CurrentUser | null | undefined): boolean {
  return user?.role === Role.Expert;
}

/** Role text shown in the header, e.g. `科技厅工作人员 · 管理员` or `企业`. */
export function roleLabel(user: CurrentUser): string {
  const base = ROLE_LABELS[user.role] ?? user.role;
  if (user.role !== Role.Staff || user.staffRoles.length === 0) return base;
  return `${base} · ${user.staffRoles.map((r) => STAFF_ROLE_LABELS[r] ?? r).join('、')}`;
}

/** A `next` target that stays on this site (a path, never `//host` or a URL); `/` otherwise. */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (next.startsWith('/login')) return '/';
  return next;
}
