import { HttpStatus } from '@nestjs/common';
import { CurrentUser, Role } from '@jiebang/contracts';
import { Actor, TransitionRefusal } from '@jiebang/policy';
import { DomainError } from '../common/domain-error';

/** The capacities in which a user acts on something posted by `posterOrgId` (and applied for by `applicantOrgId`). */
export function actorsOf(
  user: CurrentUser,
  ctx: { posterOrgId?: string | null; applicantOrgId?: string | null; memberOrgIds?: string[] },
): Actor[] {
  const actors: Actor[] = [];
  if (user.role === Role.Staff) actors.push('staff');
  if (user.role === Role.Expert) actors.push('expert');
  if (user.orgId && user.orgId === ctx.posterOrgId) actors.push('poster');
  if (user.orgId && user.orgId === ctx.applicantOrgId) actors.push('applicant');
  if (user.orgId && ctx.memberOrgIds?.includes(user.orgId)) actors.push('member');
  return actors;
}

/** Turns a transition refusal into its HTTP error: 409 `ILLEGAL_TRANSITION` or 403 `NOT_ALLOWED_FOR_ROLE`. */
export function refusalError(r: TransitionRefusal): DomainError {
  return new DomainError(
    r.code === 'ILLEGAL_TRANSITION' ? HttpStatus.CONFLICT : HttpStatus.FORBIDDEN,
    r.code,
    r.message,
    r.rule,
  );
}
