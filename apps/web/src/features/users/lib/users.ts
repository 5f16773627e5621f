/** Labels and types of the account pages. */
import { findAuthority, ROLE_LABELS, STAFF_ROLE_LABELS, Role } from '@jiebang/contracts';
import type { components } from '../../../../generated/openapi-schema';

/** An account as administrators see it. */
export type UserDto = components['schemas']['UserDto'];
/** An account with its one-time password (shown once). */
export type OneTimePasswordDto = components['schemas']['OneTimePasswordDto'];

/** Role in words, e.g. `科技厅工作人员 · 审批人`, `推荐部门 · 包头市科技局`, `专家`. */
export function userRoleText(u: Pick<UserDto, 'role' | 'staffRoles' | 'authority'>): string {
  const base = ROLE_LABELS[u.role] ?? u.role;
  if (u.role !== Role.Staff || !u.staffRoles.length) return base;
  const subs = u.staffRoles.map((r) => STAFF_ROLE_LABELS[r] ?? r).join('、');
  const authority = findAuthority(u.authority)?.name;
  return authority ? `${subs} · ${authority}` : `${base} · ${subs}`;
}
