import { HttpStatus } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  CurrentUser,
  DEAL_STATUS_LABELS,
  DealAttachmentDto,
  DealAttachmentPurpose,
  DealStatus,
  Role,
  UUID_PATTERN,
  yuanToFen,
} from '@jiebang/contracts';
import {
  DEAL_ACTIVITIES,
  DEAL_TRANSITIONS,
  dealActivityAllowed,
  findDealTransition,
  type DealAction,
  type DealActivity,
  type DealTransition,
} from '@jiebang/policy';
import { DomainError, NotFoundError } from '../common/domain-error';
import { DealAttachmentEntity, DealEntity } from './deal.entity';

/**
 * What every deal service shares: the refusals, the caller's capacities on a deal, the lookups in the deal
 * transition table (`@jiebang/policy` `DEAL_TRANSITIONS` / `DEAL_ACTIVITIES`), loading a deal and its files.
 * Refusals are `DomainError`s: 409 `ILLEGAL_TRANSITION` (wrong state) or a step's own 409 code, 422 with a rule
 * code (a policy refusal), 403 `NOT_A_PARTY`, 404 `NOT_FOUND`, 400 for malformed input.
 */

export { DEAL_RULES } from '@jiebang/policy';

/**
 * Whether a review decision lacks its reason: sending something back (`decision === sendBack`: a milestone, an
 * installment) needs a written note, so the party knows what to fix.
 */
export function reasonMissing(decision: string, note: string | undefined, sendBack: string): boolean {
  return decision === sendBack && !note?.trim();
}

/** A UUID as the ids of deals and their children are (`UUID_PATTERN`; anything else is 404 without a query). */
export const UUID = UUID_PATTERN;

/** A machine-readable refusal code (`DomainError`'s). */
export type RefusalCode = ConstructorParameters<typeof DomainError>[1];

/** A refusal (`DomainError`), 422 unless told. */
export function refuse(
  code: RefusalCode,
  message: string,
  rule?: string,
  status = HttpStatus.UNPROCESSABLE_ENTITY,
  details?: unknown,
): DomainError {
  return new DomainError(status, code, message, rule, details);
}

/** 409 `ILLEGAL_TRANSITION`: the deal's state does not allow `what` (a Chinese verb phrase). */
export function illegal(deal: DealEntity, what: string, rule: string): DomainError {
  return refuse(
    'ILLEGAL_TRANSITION',
    `项目当前状态为“${DEAL_STATUS_LABELS[deal.status]}”,不能${what}`,
    rule,
    HttpStatus.CONFLICT,
  );
}

/** Yuan (`"1234.56"`) to fen; 400 `INVALID_AMOUNT` when it is not an amount. */
export function toFen(yuan: string): bigint {
  try {
    return yuanToFen(yuan);
  } catch {
    throw refuse('INVALID_AMOUNT', '金额应为以“元”为单位、最多两位小数的非负数', undefined, HttpStatus.BAD_REQUEST);
  }
}

/** Whether `s` is a real calendar date `YYYY-MM-DD`. */
export function isDate(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));
}

/** The capacities in which a user acts on a deal. */
export type DealRole = 'poster' | 'taker' | 'staff';

/** A deal row with the caller's roles on it. */
export interface DealCtx {
  deal: DealEntity;
  roles: DealRole[];
}

/** The roles of `user` on `deal` (staff, the poster's users, the taker's users). */
export function rolesOf(user: CurrentUser, deal: Pick<DealEntity, 'posterOrgId' | 'takerOrgId'>): DealRole[] {
  const roles: DealRole[] = [];
  if (user.role === Role.Staff) roles.push('staff');
  if (user.orgId && user.orgId === deal.posterOrgId) roles.push('poster');
  if (user.orgId && user.orgId === deal.takerOrgId) roles.push('taker');
  return roles;
}

/** 403 `NOT_A_PARTY` unless the caller acts on the deal as `role`. */
export function need(c: DealCtx, role: DealRole, what: string): void {
  if (!c.roles.includes(role)) {
    const who = { poster: '发榜方', taker: '揭榜方', staff: '科技厅工作人员' }[role];
    throw refuse('NOT_A_PARTY', `只有${who}可以${what}`, undefined, HttpStatus.FORBIDDEN);
  }
}

/**
 * 404 unless the caller is a party or staff — or, with `onNotice`, the deal is on public notice (公示 is
 * public: anyone logged in may read it and object).
 */
export function visible(c: DealCtx, onNotice = false): void {
  if (c.roles.length) return;
  if (onNotice && [DealStatus.OnNotice, DealStatus.Frozen].includes(c.deal.status)) return;
  throw new NotFoundError('项目', c.deal.id);
}

/** The move `action` from the deal's state (`DEAL_TRANSITIONS`); 409 `ILLEGAL_TRANSITION` when there is none. */
export function transition(deal: DealEntity, action: DealAction, what: string): DealTransition {
  const t = findDealTransition(action, deal.status);
  if (!t) throw illegal(deal, what, DEAL_TRANSITIONS.find((x) => x.action === action)?.rule ?? '004 §9(七)');
  return t;
}

/** 409 `ILLEGAL_TRANSITION` unless `activity` is allowed in the deal's state (`DEAL_ACTIVITIES`). */
export function allow(deal: DealEntity, activity: DealActivity, what: string): void {
  if (!dealActivityAllowed(activity, deal.status)) throw illegal(deal, what, DEAL_ACTIVITIES[activity].rule);
}

/** Loads the deal `id` (404 for a malformed or unknown id), row-locked with `lock`, with the caller's roles. */
export async function loadDeal(em: EntityManager, user: CurrentUser, id: string, lock: boolean): Promise<DealCtx> {
  if (!UUID.test(id)) throw new NotFoundError('项目', id);
  const deal = await em.getRepository(DealEntity).findOne({
    where: { id },
    ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
  if (!deal) throw new NotFoundError('项目', id);
  return { deal, roles: rolesOf(user, deal) };
}

/** A file of this deal with this purpose; 422 `ATTACHMENT_INVALID` otherwise (upload it first). */
export async function attachmentOf(
  em: EntityManager,
  dealId: string,
  attachmentId: string,
  purpose: DealAttachmentPurpose,
): Promise<DealAttachmentEntity> {
  const a = UUID.test(attachmentId)
    ? await em.getRepository(DealAttachmentEntity).findOne({ where: { id: attachmentId, dealId } })
    : null;
  if (!a || a.purpose !== purpose)
    throw refuse(
      'ATTACHMENT_INVALID',
      `附件 ${attachmentId} 不是本项目的“${purpose}”类附件,请先上传`,
      undefined,
      HttpStatus.UNPROCESSABLE_ENTITY,
    );
  return a;
}

/** A deal file as the API shows it. */
export function toAttachment(a: DealAttachmentEntity): DealAttachmentDto {
  return {
    id: a.id,
    purpose: a.purpose,
    filename: a.filename,
    contentType: a.contentType,
    sizeBytes: a.sizeBytes,
    sha256: a.sha256,
    uploadedBy: a.uploadedBy,
    createdAt: a.createdAt.toISOString(),
  };
}
