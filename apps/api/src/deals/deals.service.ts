import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import dayjs from 'dayjs';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In, Not } from 'typeorm';
import {
  ApplicationStatus,
  AuditEntryDto,
  CurrentUser,
  DEAL_STATUS_LABELS,
  DealAttachmentDto,
  DealAttachmentPurpose,
  DealDto,
  DealPageDto,
  DealQueryDto,
  DealStatus,
  DealSummaryDto,
  DEAL_ATTACHMENT_PURPOSES,
  PayabilityDto,
  Role,
  SubsidyDto,
  fenToYuan,
  yuanToFen,
} from '@jiebang/contracts';
import {
  beijingDate,
  computeSubsidy,
  DEFAULT_NOTICE_WORKING_DAYS,
  NOTICE_RULE,
  noticePeriod,
  PAYABILITY_RULE,
  payerOf,
  PolicyError,
  SUBSIDY_BASE_LABEL,
  subsidyModeFor,
  terminationRecoveryFen,
  type SubsidyComputation,
} from '@jiebang/policy';
import { AuditService } from '../audit/audit.service';
import { EnvConfig } from '../config/env.config';
import { acceptUpload } from '../attachments/attachments.service';
import { StoragePort } from '../attachments/storage.port';
import { DomainError, NotFoundError } from '../common/domain-error';
import { normalText, replayOf } from '../common/idempotency';
import { NotificationsService } from '../notifications/notifications.service';
import {
  AcceptanceOpinionEntity,
  DealAttachmentEntity,
  DealChangeEntity,
  DealEntity,
  FundingInstallmentEntity,
  MilestoneEntity,
  ObjectionEntity,
  SubsidyEntity,
  type SubsidyEvidence,
} from './deal.entity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The articles the lifecycle cites. */
export const DEAL_RULES = {
  notice: NOTICE_RULE,
  objection: '004 §9(七) (公示无异议方可签约)',
  signing: '004 §9(七) (签订揭榜协议及任务书)',
  funding: '004 §10 (需求方资金到位); RULEBOOK §5 (凭证核验)',
  milestone: '004 §13 (项目实施管理)',
  acceptance: '004 §12, §13 (验收)',
  benefit: '004 §12 (经济效益认定)',
  change: '004 §15 (延期或终止须双方一致并经科技厅同意)',
  credit: '004 §14',
  fourEyes: 'RULEBOOK §1 (科技厅审批财政资金:提出与批准分属两人)',
} as const;

function refuse(
  code: string,
  message: string,
  rule?: string,
  status = HttpStatus.UNPROCESSABLE_ENTITY,
  details?: unknown,
) {
  return new DomainError(status, code, message, rule, details);
}

function illegal(deal: DealEntity, what: string, rule: string): DomainError {
  return refuse(
    'ILLEGAL_TRANSITION',
    `项目当前状态为“${DEAL_STATUS_LABELS[deal.status]}”,不能${what}`,
    rule,
    HttpStatus.CONFLICT,
  );
}

function toFen(yuan: string): bigint {
  try {
    return yuanToFen(yuan);
  } catch {
    throw refuse('INVALID_AMOUNT', '金额应为以“元”为单位、最多两位小数的非负数', undefined, HttpStatus.BAD_REQUEST);
  }
}

function isDate(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));
}

/** The capacities in which a user acts on a deal. */
export type DealRole = 'poster' | 'taker' | 'staff';

/** A deal row with the caller's roles. */
interface Ctx {
  deal: DealEntity;
  roles: DealRole[];
}

/**
 * The deal lifecycle (seed `004 §9(七)–(八)`, `§10–§16`; RULEBOOK §4–§5): public notice with objections,
 * signing, funding in place, milestones, acceptance, extension/termination and the capped subsidy.
 *
 * Every write runs in one transaction that first locks the deal row (`FOR UPDATE`), so concurrent writes on one
 * deal are serialised (two approvals racing: the second sees the first's result and gets 409); every state
 * change and money event appends to the hash-chained audit log in that same transaction. Refusals are
 * `DomainError`s: 409 `ILLEGAL_TRANSITION` (wrong state), 422 with a rule code (a policy refusal), 403
 * `NOT_A_PARTY` / `FORBIDDEN`, 404 `NOT_FOUND`, 400 for malformed input.
 */
@Injectable()
export class DealsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    @Inject(StoragePort) private readonly storage: StoragePort,
    private readonly config: EnvConfig,
  ) {}

  // ---------------------------------------------------------------- reading

  /** The roles of `user` on `deal` (staff, the poster's users, the taker's users). */
  rolesOf(user: CurrentUser, deal: DealEntity): DealRole[] {
    const roles: DealRole[] = [];
    if (user.role === Role.Staff) roles.push('staff');
    if (user.orgId && user.orgId === deal.posterOrgId) roles.push('poster');
    if (user.orgId && user.orgId === deal.takerOrgId) roles.push('taker');
    return roles;
  }

  /**
   * Moves every deal whose notice period is over, without an open objection, to `awaiting_signing` (audited
   * with no actor). Called before reads and writes, so the state never lags the calendar.
   */
  async closeElapsedNotices(): Promise<void> {
    const due: { id: string }[] = await this.db.query(
      `SELECT id FROM deal WHERE status = 'on_notice' AND notice_ends_at <= now() LIMIT 100`,
    );
    for (const { id } of due) {
      await this.db.transaction(async (em) => {
        const [d] = (await em.query(
          `UPDATE deal SET status = 'awaiting_signing', updated_at = now()
           WHERE id = $1 AND status = 'on_notice' AND notice_ends_at <= now() RETURNING id`,
          [id],
        )) as [{ id: string }[], number];
        if (!d.length) return;
        await this.audit.append(em, {
          entityType: 'deal',
          entityId: id,
          action: 'notice_ended',
          fromStatus: DealStatus.OnNotice,
          toStatus: DealStatus.AwaitingSigning,
          actorUserId: null,
          rule: DEAL_RULES.notice,
          reason: '公示期满,无异议',
        });
      });
    }
  }

  private async ctx(em: EntityManager, user: CurrentUser, id: string, lock: boolean): Promise<Ctx> {
    if (!UUID.test(id)) throw new NotFoundError('项目', id);
    const deal = await em.getRepository(DealEntity).findOne({
      where: { id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!deal) throw new NotFoundError('项目', id);
    return { deal, roles: this.rolesOf(user, deal) };
  }

  private need(c: Ctx, role: DealRole, what: string): void {
    if (!c.roles.includes(role)) {
      const who = { poster: '发榜方', taker: '揭榜方', staff: '科技厅工作人员' }[role];
      throw refuse('NOT_A_PARTY', `只有${who}可以${what}`, undefined, HttpStatus.FORBIDDEN);
    }
  }

  /**
   * 404 unless the caller is a party or staff — or, with `onNotice`, the deal is on public notice (公示 is
   * public: anyone logged in may read it and object).
   */
  private visible(c: Ctx, onNotice = false): void {
    if (c.roles.length) return;
    if (onNotice && [DealStatus.OnNotice, DealStatus.Frozen].includes(c.deal.status)) return;
    throw new NotFoundError('项目', c.deal.id);
  }

  /**
   * `GET /deals`: staff see every deal (optionally one work queue), organisation users the deals of their
   * organisation. Newest activity first, paginated (`pageSize` ≤ 100).
   */
  async list(user: CurrentUser, q: DealQueryDto): Promise<DealPageDto> {
    await this.closeElapsedNotices();
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const where: string[] = [];
    const params: unknown[] = [];
    if (user.role !== Role.Staff) {
      if (!user.orgId) return { items: [], total: 0, page, pageSize };
      params.push(user.orgId);
      where.push(`(d.poster_org_id = $${params.length} OR d.taker_org_id = $${params.length})`);
    }
    if (q.status) {
      params.push(q.status);
      where.push(`d.status = $${params.length}`);
    }
    const queues: Record<NonNullable<DealQueryDto['queue']>, string> = {
      notice: `d.status IN ('agreement_review', 'awaiting_signing')`,
      objections: `EXISTS (SELECT 1 FROM objection o WHERE o.deal_id = d.id AND o.status = 'open')`,
      funding: `EXISTS (SELECT 1 FROM funding_installment f WHERE f.deal_id = d.id AND f.status = 'recorded')`,
      milestones: `EXISTS (SELECT 1 FROM milestone m WHERE m.deal_id = d.id AND m.status = 'submitted')`,
      acceptance: `d.status = 'in_progress' AND NOT EXISTS (SELECT 1 FROM milestone m WHERE m.deal_id = d.id
        AND m.status <> 'approved')`,
      subsidy: `(d.status IN ('in_progress', 'accepted') AND NOT EXISTS (SELECT 1 FROM subsidy s WHERE s.deal_id = d.id
        AND s.status = 'disbursed')) OR EXISTS (SELECT 1 FROM subsidy s WHERE s.deal_id = d.id AND s.status IN ('proposed', 'approved'))`,
      changes: `EXISTS (SELECT 1 FROM deal_change c WHERE c.deal_id = d.id AND c.status IN ('proposed', 'agreed'))`,
    };
    if (q.queue) where.push(`(${queues[q.queue]})`);
    const sqlWhere = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.db.query(`SELECT count(*)::int AS total FROM deal d ${sqlWhere}`, params);
    const rows = await this.summaries(
      `${sqlWhere} ORDER BY d.updated_at DESC, d.id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
      params,
    );
    return { items: rows, total, page, pageSize };
  }

  /** `GET /notices` (public): deals on notice or frozen by an objection, ending soonest first. */
  async notices(): Promise<DealSummaryDto[]> {
    await this.closeElapsedNotices();
    return this.summaries(`WHERE d.status IN ('on_notice', 'frozen') ORDER BY d.notice_ends_at, d.id LIMIT 200`, []);
  }

  private async summaries(tail: string, params: unknown[]): Promise<DealSummaryDto[]> {
    const rows: {
      id: string;
      title: string;
      kind: 'challenge' | 'achievement';
      poster: string;
      taker: string;
      status: DealStatus;
      amount_fen: string;
      notice_ends_at: Date | null;
      notice_last_day: string | null;
      open_objections: number;
      updated_at: Date;
    }[] = await this.db.query(
      `SELECT d.id, l.title, d.kind, p.name AS poster, t.name AS taker, d.status, d.amount_fen, d.notice_ends_at,
              to_char(d.notice_last_day, 'YYYY-MM-DD') AS notice_last_day, d.updated_at,
              (SELECT count(*)::int FROM objection o WHERE o.deal_id = d.id AND o.status = 'open') AS open_objections
       FROM deal d JOIN listing l ON l.id = d.listing_id
       JOIN organization p ON p.id = d.poster_org_id JOIN organization t ON t.id = d.taker_org_id ${tail}`,
      params,
    );
    return rows.map((r) => ({
      id: r.id,
      listingTitle: r.title,
      kind: r.kind,
      posterName: r.poster,
      takerName: r.taker,
      status: r.status,
      statusLabel: DEAL_STATUS_LABELS[r.status],
      amountFen: String(r.amount_fen),
      noticeEndsAt: r.notice_ends_at ? new Date(r.notice_ends_at).toISOString() : null,
      noticeLastDay: r.notice_last_day,
      openObjections: r.open_objections,
      updatedAt: new Date(r.updated_at).toISOString(),
    }));
  }

  /** `GET /deals/:id` for its parties and staff (404 to anyone else). */
  async get(user: CurrentUser, id: string): Promise<DealDto> {
    await this.closeElapsedNotices();
    const c = await this.ctx(this.db.manager, user, id, false);
    this.visible(c, true);
    return this.toDto(this.db.manager, c);
  }

  /** The full history of a deal (its application's negotiation included), oldest first. */
  async timeline(user: CurrentUser, id: string): Promise<AuditEntryDto[]> {
    const c = await this.ctx(this.db.manager, user, id, false);
    this.visible(c);
    const rows: {
      seq: string;
      at: Date;
      entity_type: string;
      entity_id: string;
      action: string;
      from_status: string | null;
      to_status: string | null;
      actor_user_id: string | null;
      actor_name: string | null;
      reason: string | null;
      rule: string | null;
      hash: string;
      data: Record<string, unknown> | null;
    }[] = await this.db.query(
      `SELECT a.seq, a.at, a.entity_type, a.entity_id, a.action, a.from_status, a.to_status, a.actor_user_id,
              u.display_name AS actor_name, a.reason, a.rule, a.hash, a.data
       FROM audit_log a LEFT JOIN app_user u ON u.id = a.actor_user_id
       WHERE (a.entity_type = 'deal' AND a.entity_id = $1) OR (a.entity_type = 'application' AND a.entity_id = $2)
       ORDER BY a.seq`,
      [c.deal.id, c.deal.applicationId],
    );
    return rows.map((r) => ({
      seq: String(r.seq),
      at: new Date(r.at).toISOString(),
      entityType: r.entity_type,
      entityId: r.entity_id,
      action: r.action,
      fromStatus: r.from_status,
      toStatus: r.to_status,
      actorUserId: r.actor_user_id,
      actorName: r.actor_name,
      reason: r.reason,
      rule: r.rule,
      hash: r.hash,
      data: r.data,
    }));
  }

  // ---------------------------------------------------------------- writes

  /** Runs `fn` in a transaction holding the deal's row lock, then returns the fresh `DealDto`. */
  private async write(
    user: CurrentUser,
    id: string,
    fn: (em: EntityManager, c: Ctx) => Promise<void>,
    onNotice = false,
  ): Promise<DealDto> {
    await this.closeElapsedNotices();
    return this.db.transaction(async (em) => {
      const c = await this.ctx(em, user, id, true);
      this.visible(c, onNotice);
      await fn(em, c);
      const fresh = await this.ctx(em, user, id, false);
      return this.toDto(em, fresh);
    });
  }

  private async move(
    em: EntityManager,
    c: Ctx,
    user: CurrentUser,
    to: DealStatus,
    action: string,
    rule: string,
    reason?: string | null,
    data?: Record<string, unknown>,
    patch: Partial<DealEntity> = {},
  ): Promise<void> {
    const from = c.deal.status;
    await em
      .getRepository(DealEntity)
      .update({ id: c.deal.id }, { ...(patch as Record<string, unknown>), status: to, updatedAt: new Date() });
    Object.assign(c.deal, patch, { status: to });
    await this.audit.append(em, {
      entityType: 'deal',
      entityId: c.deal.id,
      action,
      fromStatus: from,
      toStatus: to,
      actorUserId: user.id,
      reason: reason ?? null,
      rule,
      data: data ?? null,
    });
  }

  private async record(
    em: EntityManager,
    c: Ctx,
    user: CurrentUser,
    action: string,
    rule: string,
    data: Record<string, unknown>,
    reason?: string | null,
  ): Promise<void> {
    await em.getRepository(DealEntity).update({ id: c.deal.id }, { updatedAt: new Date() });
    await this.audit.append(em, {
      entityType: 'deal',
      entityId: c.deal.id,
      action,
      fromStatus: c.deal.status,
      toStatus: c.deal.status,
      actorUserId: user.id,
      reason: reason ?? null,
      rule,
      data,
    });
  }

  private async notifyParties(em: EntityManager, deal: DealEntity, title: string, body: string): Promise<void> {
    const link = `/deals/${deal.id}`;
    await this.notifications.notifyOrg(em, deal.posterOrgId, title, body, link);
    await this.notifications.notifyOrg(em, deal.takerOrgId, title, body, link);
  }

  /**
   * Staff review the draft agreement and open the public notice: `workingDays` Chinese working days (default
   * `NOTICE_WORKING_DAYS`, 5) counted from the next working day, ending 24:00 Beijing time of the last (`@jiebang/policy`
   * `noticePeriod`). 409 `ILLEGAL_TRANSITION` unless `agreement_review`.
   */
  openNotice(user: CurrentUser, id: string, workingDays: number | undefined, reviewNote: string): Promise<DealDto> {
    return this.write(user, id, async (em, c) => {
      this.need(c, 'staff', '开启公示');
      if (c.deal.status !== DealStatus.AgreementReview) throw illegal(c.deal, '开启公示', DEAL_RULES.notice);
      const now = new Date();
      const p = noticePeriod(beijingDate(now), workingDays ?? this.config.NOTICE_WORKING_DAYS);
      await this.move(
        em,
        c,
        user,
        DealStatus.OnNotice,
        'notice_opened',
        DEAL_RULES.notice,
        reviewNote.trim(),
        {
          workingDays: p.workingDays,
          firstDay: p.firstDay,
          lastDay: p.lastDay,
          endsAt: p.endsAt.toISOString(),
          provisional: p.provisional,
        },
        {
          noticeWorkingDays: p.workingDays,
          noticeOpenedAt: now,
          noticeFirstDay: p.firstDay,
          noticeLastDay: p.lastDay,
          noticeEndsAt: p.endsAt,
          noticeProvisional: p.provisional,
          noticeReviewNote: reviewNote.trim(),
        },
      );
      await this.notifyParties(
        em,
        c.deal,
        '揭榜协议已进入公示',
        `公示期至 ${p.lastDay} 24:00(${p.workingDays} 个工作日)`,
      );
    });
  }

  /**
   * Any logged-in user lodges an objection while the notice runs; the deal is frozen until staff resolve it.
   * Evidence files must have been uploaded to this deal by the same user with purpose `objection_evidence`.
   * 409 `NOTICE_CLOSED` outside the notice period; 422 `EVIDENCE_INVALID`.
   */
  lodgeObjection(user: CurrentUser, id: string, reasons: string, evidenceIds: string[] = []): Promise<DealDto> {
    return this.write(
      user,
      id,
      async (em, c) => {
        const open = [DealStatus.OnNotice, DealStatus.Frozen].includes(c.deal.status);
        if (!open || !c.deal.noticeEndsAt || c.deal.noticeEndsAt <= new Date()) {
          throw refuse('NOTICE_CLOSED', '该项目不在公示期内,不能提出异议', DEAL_RULES.objection, HttpStatus.CONFLICT);
        }
        const ids = [...new Set(evidenceIds)];
        if (ids.length) {
          const found = await em.getRepository(DealAttachmentEntity).count({
            where: ids.map((aid) => ({
              id: aid,
              dealId: id,
              purpose: 'objection_evidence' as const,
              uploadedBy: user.id,
            })),
          });
          if (found !== ids.length)
            throw refuse('EVIDENCE_INVALID', '证明材料须先以“异议证明材料”上传到本项目', DEAL_RULES.objection);
        }
        const o = await em.getRepository(ObjectionEntity).save(
          em.getRepository(ObjectionEntity).create({
            dealId: id,
            lodgedBy: user.id,
            reasons: reasons.trim(),
            evidenceAttachmentIds: ids,
            status: 'open',
            outcome: null,
            resolution: null,
            resolvedBy: null,
            resolvedAt: null,
          }),
        );
        const data = { objectionId: o.id, evidence: ids };
        if (c.deal.status === DealStatus.OnNotice) {
          await this.move(
            em,
            c,
            user,
            DealStatus.Frozen,
            'objection_lodged',
            DEAL_RULES.objection,
            reasons.trim(),
            data,
          );
        } else {
          await this.record(em, c, user, 'objection_lodged', DEAL_RULES.objection, data, reasons.trim());
        }
        await this.notifyParties(em, c.deal, '揭榜协议公示收到异议', '项目已冻结,待科技厅处理异议');
      },
      true,
    );
  }

  /**
   * Staff resolve an open objection. Dismissed: once no objection is open the notice continues (or, when its
   * period is over, the deal awaits signing). Upheld: `renegotiate` returns the application to negotiation
   * (the room reopens; this deal becomes `returned`), `terminate` ends the deal.
   */
  resolveObjection(
    user: CurrentUser,
    id: string,
    objectionId: string,
    decision: 'dismiss' | 'uphold',
    outcome: 'renegotiate' | 'terminate' | undefined,
    resolution: string,
  ): Promise<DealDto> {
    return this.write(user, id, async (em, c) => {
      this.need(c, 'staff', '处理异议');
      if (!UUID.test(objectionId)) throw new NotFoundError('异议', objectionId);
      const repo = em.getRepository(ObjectionEntity);
      const o = await repo.findOne({ where: { id: objectionId, dealId: id } });
      if (!o) throw new NotFoundError('异议', objectionId);
      if (o.status !== 'open')
        throw refuse('OBJECTION_RESOLVED', '该异议已处理', DEAL_RULES.objection, HttpStatus.CONFLICT);
      if (decision === 'uphold' && !outcome)
        throw refuse(
          'OUTCOME_REQUIRED',
          '异议成立时须选择“退回洽谈”或“终止项目”',
          DEAL_RULES.objection,
          HttpStatus.BAD_REQUEST,
        );
      const now = new Date();
      const text = resolution.trim();
      if (decision === 'dismiss') {
        await repo.update(
          { id: o.id },
          { status: 'dismissed', resolution: text, resolvedBy: user.id, resolvedAt: now },
        );
        const stillOpen = await repo.count({ where: { dealId: id, status: 'open' } });
        const data = { objectionId: o.id, decision };
        if (stillOpen === 0 && c.deal.status === DealStatus.Frozen) {
          const over = !!c.deal.noticeEndsAt && c.deal.noticeEndsAt <= now;
          await this.move(
            em,
            c,
            user,
            over ? DealStatus.AwaitingSigning : DealStatus.OnNotice,
            'objection_dismissed',
            DEAL_RULES.objection,
            text,
            data,
          );
        } else {
          await this.record(em, c, user, 'objection_dismissed', DEAL_RULES.objection, data, text);
        }
        return;
      }
      await repo.update(
        { id: o.id },
        { status: 'upheld', outcome: outcome!, resolution: text, resolvedBy: user.id, resolvedAt: now },
      );
      await em.query(
        `UPDATE objection SET status = 'upheld', outcome = $2, resolution = $3, resolved_by = $4, resolved_at = now()
         WHERE deal_id = $1 AND status = 'open'`,
        [id, outcome, `随异议 ${o.id} 成立一并办结:${text}`, user.id],
      );
      const data = { objectionId: o.id, decision, outcome };
      if (outcome === 'terminate') {
        await this.move(em, c, user, DealStatus.Terminated, 'objection_upheld', DEAL_RULES.objection, text, data, {
          recoveryFen: '0',
        });
        await this.notifyParties(em, c.deal, '异议成立,项目终止', text);
        return;
      }
      await this.returnToNegotiation(em, c, user, 'objection_upheld', text, data);
      await this.notifyParties(em, c.deal, '异议成立,退回洽谈', text);
    });
  }

  /** The deal goes back to its negotiation room (deal `returned`, application `recommended`, room reopened). */
  private async returnToNegotiation(
    em: EntityManager,
    c: Ctx,
    user: CurrentUser,
    action: string,
    text: string,
    data: Record<string, unknown>,
    rule: string = DEAL_RULES.objection,
  ): Promise<void> {
    await this.move(em, c, user, DealStatus.Returned, action, rule, text, data);
    await em.query(`UPDATE application SET status = $2, updated_at = now() WHERE id = $1`, [
      c.deal.applicationId,
      ApplicationStatus.Recommended,
    ]);
    await em.query(`UPDATE negotiation SET status = 'open', status_reason = $2 WHERE application_id = $1`, [
      c.deal.applicationId,
      `退回重新洽谈:${text}`,
    ]);
    await this.audit.append(em, {
      entityType: 'application',
      entityId: c.deal.applicationId,
      action: 'returned_to_negotiation',
      fromStatus: ApplicationStatus.AgreementDrafted,
      toStatus: ApplicationStatus.Recommended,
      actorUserId: user.id,
      reason: text,
      rule,
      data: { dealId: c.deal.id, ...data },
    });
  }

  /**
   * Staff find the draft agreement not fit for notice (e.g. IP ownership or benefit sharing not fixed, 004 §14)
   * and send it back to negotiation with a reason. 409 `ILLEGAL_TRANSITION` unless `agreement_review`.
   */
  returnAgreement(user: CurrentUser, id: string, reason: string): Promise<DealDto> {
    return this.write(user, id, async (em, c) => {
      this.need(c, 'staff', '退回协议');
      if (c.deal.status !== DealStatus.AgreementReview) throw illegal(c.deal, '退回协议', DEAL_RULES.notice);
      await this.returnToNegotiation(em, c, user, 'agreement_returned', reason.trim(), {}, DEAL_RULES.notice);
      await this.notifyParties(em, c.deal, '揭榜协议被退回,请继续洽谈', reason.trim());
    });
  }

  /**
   * Stores a file of the deal (type judged by content; ≤ 20 MiB). Parties and staff may upload any purpose;
   * anyone logged in may upload `objection_evidence` while the deal is on notice.
   * 400 `ATTACHMENT_EMPTY` / `ATTACHMENT_TYPE_NOT_ALLOWED` / `PURPOSE_INVALID`, 413 `ATTACHMENT_TOO_LARGE`.
   */
  async attach(
    user: CurrentUser,
    id: string,
    purpose: string,
    file: { originalname: string; buffer: Buffer; size: number } | undefined,
  ): Promise<DealAttachmentDto> {
    if (!DEAL_ATTACHMENT_PURPOSES.includes(purpose as DealAttachmentPurpose))
      throw refuse(
        'PURPOSE_INVALID',
        `附件用途应为 ${DEAL_ATTACHMENT_PURPOSES.join('、')} 之一`,
        undefined,
        HttpStatus.BAD_REQUEST,
      );
    const accepted = acceptUpload(file);
    const c = await this.ctx(this.db.manager, user, id, false);
    this.visible(c, purpose === 'objection_evidence');
    const key = `deals/${id}/${randomUUID()}`;
    await this.storage.put(key, accepted.file.buffer);
    const a = await this.db.getRepository(DealAttachmentEntity).save(
      this.db.getRepository(DealAttachmentEntity).create({
        dealId: id,
        purpose: purpose as DealAttachmentPurpose,
        filename: accepted.filename,
        contentType: accepted.contentType,
        sizeBytes: accepted.file.size,
        sha256: accepted.sha256,
        storageKey: key,
        uploadedBy: user.id,
      }),
    );
    return toAttachment(a);
  }

  /** A deal file for its parties and staff (and an objection's evidence for its uploader). 404 otherwise. */
  async attachmentFile(user: CurrentUser, id: string, attachmentId: string) {
    const c = await this.ctx(this.db.manager, user, id, false);
    if (!UUID.test(attachmentId)) throw new NotFoundError('附件', attachmentId);
    const a = await this.db.getRepository(DealAttachmentEntity).findOne({ where: { id: attachmentId, dealId: id } });
    if (!a || (!c.roles.length && a.uploadedBy !== user.id)) throw new NotFoundError('附件', attachmentId);
    return { filename: a.filename, contentType: a.contentType, data: await this.storage.get(a.storageKey) };
  }

  private async attachmentOf(em: EntityManager, dealId: string, attachmentId: string, purpose: DealAttachmentPurpose) {
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

  /**
   * Staff record the signed 揭榜协议 (技术合同, with its registration number) and the 任务书 after a notice
   * without objection: the deal becomes `in_progress`, its milestones are made from the agreement's payment
   * schedule, and the planned end is the signing date plus the agreed duration (≤ 36 / 24 months, 004 §15).
   */
  sign(
    user: CurrentUser,
    id: string,
    dto: {
      contractRegistrationNo: string;
      taskBookNo: string;
      signedOn: string;
      agreementAttachmentId: string;
      taskBookAttachmentId: string;
      totalRdInvestmentYuan?: string;
    },
  ): Promise<DealDto> {
    return this.write(user, id, async (em, c) => {
      this.need(c, 'staff', '登记签约');
      if (c.deal.status === DealStatus.OnNotice || c.deal.status === DealStatus.Frozen)
        throw refuse(
          'NOTICE_NOT_OVER',
          c.deal.status === DealStatus.Frozen
            ? '公示期内有未处理的异议,不能签约'
            : `公示期至 ${c.deal.noticeLastDay} 24:00 方满,不能提前签约`,
          DEAL_RULES.signing,
          HttpStatus.CONFLICT,
        );
      if (c.deal.status !== DealStatus.AwaitingSigning) throw illegal(c.deal, '登记签约', DEAL_RULES.signing);
      if (!isDate(dto.signedOn)) throw refuse('INVALID_DATE', '签约日期无效', undefined, HttpStatus.BAD_REQUEST);
      await this.attachmentOf(em, id, dto.agreementAttachmentId, 'agreement');
      await this.attachmentOf(em, id, dto.taskBookAttachmentId, 'task_book');
      const rd = dto.totalRdInvestmentYuan ? toFen(dto.totalRdInvestmentYuan) : BigInt(c.deal.amountFen);
      const schedule = c.deal.terms.schedule ?? [];
      const ms = em.getRepository(MilestoneEntity);
      for (const [i, s] of schedule.entries()) {
        await ms.insert({
          dealId: id,
          seq: i + 1,
          title: `第 ${i + 1} 期节点(协议约定 ${s.dueDate} 前)`,
          dueOn: s.dueDate,
          amountFen: toFen(s.amountYuan).toString(),
          status: 'pending',
        });
      }
      const plannedEndOn = dayjs(dto.signedOn).add(c.deal.terms.durationMonths, 'month').format('YYYY-MM-DD');
      await this.move(
        em,
        c,
        user,
        DealStatus.InProgress,
        'signed',
        DEAL_RULES.signing,
        null,
        {
          contractRegistrationNo: dto.contractRegistrationNo.trim(),
          taskBookNo: dto.taskBookNo.trim(),
          signedOn: dto.signedOn,
          agreementAttachmentId: dto.agreementAttachmentId,
          taskBookAttachmentId: dto.taskBookAttachmentId,
          totalRdInvestmentFen: rd.toString(),
          plannedEndOn,
        },
        {
          contractRegistrationNo: dto.contractRegistrationNo.trim(),
          taskBookNo: dto.taskBookNo.trim(),
          signedOn: dto.signedOn,
          plannedEndOn,
          totalRdInvestmentFen: rd.toString(),
        },
      );
      await this.notifyParties(em, c.deal, '揭榜协议已签订', `技术合同登记编号 ${dto.contractRegistrationNo.trim()}`);
    });
  }

  /**
   * The paying side (`payerOf`: the demand side, 004 §10) records an installment paid under the agreement, with
   * its voucher. Idempotent by `idempotencyKey` (`replayOf`): a retry with the same key and the same content
   * (amount in fen, paid-on date, voucher, note, recorder) returns the deal unchanged; the same key with different
   * content is 409 `IDEMPOTENCY_KEY_REUSED` and writes nothing. 422 `INSTALLMENT_EXCEEDS_AGREEMENT` when recorded
   * installments would exceed the agreed amount.
   */
  recordInstallment(
    user: CurrentUser,
    id: string,
    dto: { idempotencyKey: string; amountYuan: string; paidOn: string; voucherAttachmentId: string; note?: string },
  ): Promise<DealDto> {
    return this.write(user, id, async (em, c) => {
      this.need(c, payerOf(c.deal.kind), '登记拨付资金(需求方出资)');
      const amount = toFen(dto.amountYuan);
      const repo = em.getRepository(FundingInstallmentEntity);
      const dup = await repo.findOne({ where: { dealId: id, idempotencyKey: dto.idempotencyKey } });
      const content = (by: string, fen: bigint, paidOn: string, voucher: string, note: string | null | undefined) => ({
        by,
        amountFen: fen.toString(),
        paidOn,
        voucherAttachmentId: voucher,
        note: normalText(note),
      });
      if (
        replayOf(
          dup && content(dup.recordedBy, BigInt(dup.amountFen), dup.paidOn, dup.voucherAttachmentId, dup.note),
          content(user.id, amount, dto.paidOn, dto.voucherAttachmentId, dto.note),
          '拨付记录',
        )
      )
        return;
      if (![DealStatus.InProgress, DealStatus.Accepted].includes(c.deal.status))
        throw illegal(c.deal, '登记拨付资金', DEAL_RULES.funding);
      if (amount <= 0n)
        throw refuse('INVALID_AMOUNT', '拨付金额必须大于 0', DEAL_RULES.funding, HttpStatus.BAD_REQUEST);
      if (!isDate(dto.paidOn)) throw refuse('INVALID_DATE', '拨付日期无效', undefined, HttpStatus.BAD_REQUEST);
      await this.attachmentOf(em, id, dto.voucherAttachmentId, 'voucher');
      const [{ sum }] = await em.query(
        `SELECT coalesce(sum(amount_fen), 0)::text AS sum FROM funding_installment
         WHERE deal_id = $1 AND status <> 'rejected'`,
        [id],
      );
      if (BigInt(sum) + amount > BigInt(c.deal.amountFen))
        throw refuse(
          'INSTALLMENT_EXCEEDS_AGREEMENT',
          `已登记 ${fenToYuan(BigInt(sum))} 元,本次 ${fenToYuan(amount)} 元,合计超过协议金额 ${fenToYuan(BigInt(c.deal.amountFen))} 元`,
          DEAL_RULES.funding,
        );
      const [{ seq }] = await em.query(
        `SELECT coalesce(max(seq), 0) + 1 AS seq FROM funding_installment WHERE deal_id = $1`,
        [id],
      );
      const saved = await repo.save(
        repo.create({
          dealId: id,
          seq: Number(seq),
          idempotencyKey: dto.idempotencyKey,
          amountFen: amount.toString(),
          paidOn: dto.paidOn,
          voucherAttachmentId: dto.voucherAttachmentId,
          status: 'recorded',
          note: dto.note?.trim() || null,
          reviewNote: null,
          recordedBy: user.id,
          reviewedBy: null,
          reviewedAt: null,
        }),
      );
      await this.record(em, c, user, 'installment_recorded', DEAL_RULES.funding, {
        installmentId: saved.id,
        seq: saved.seq,
        amountFen: saved.amountFen,
        paidOn: saved.paidOn,
        voucherAttachmentId: saved.voucherAttachmentId,
      });
    });
  }

  /** Staff confirm or reject a recorded installment against its voucher; only confirmed ones count as received. */
  reviewInstallment(
    user: CurrentUser,
    id: string,
    installmentId: string,
    decision: 'confirm' | 'reject',
    note?: string,
  ): Promise<DealDto> {
    return this.write(user, id, async (em, c) => {
      this.need(c, 'staff', '核验资金到位');
      if (!UUID.test(installmentId)) throw new NotFoundError('拨付记录', installmentId);
      const repo = em.getRepository(FundingInstallmentEntity);
      const i = await repo.findOne({ where: { id: installmentId, dealId: id } });
      if (!i) throw new NotFoundError('拨付记录', installmentId);
      if (i.status !== 'recorded')
        throw refuse('INSTALLMENT_REVIEWED', '该笔拨付已核验', DEAL_RULES.funding, HttpStatus.CONFLICT);
      if (decision === 'reject' && !note?.trim())
        throw refuse(
          'REASON_REQUIRED',
          '退回拨付记录须说明理由(如凭证与金额不符)',
          DEAL_RULES.funding,
          HttpStatus.BAD_REQUEST,
        );
      const status = decision === 'confirm' ? 'confirmed' : 'rejected';
      await repo.update(
        { id: i.id },
        { status, reviewNote: note?.trim() || null, reviewedBy: user.id, reviewedAt: new Date() },
      );
      await this.record(
        em,
        c,
        user,
        decision === 'confirm' ? 'installment_confirmed' : 'installment_rejected',
        DEAL_RULES.funding,
        { installmentId: i.id, seq: i.seq, amountFen: i.amountFen, voucherAttachmentId: i.voucherAttachmentId },
        note?.trim() || null,
      );
    });
  }

  /** The taker submits a milestone's report and evidence (pending or sent back → submitted). */
  submitMilestone(
    user: CurrentUser,
    id: string,
    milestoneId: string,
    report: string,
    evidenceId: string,
  ): Promise<DealDto> {
    return this.write(user, id, async (em, c) => {
      this.need(c, 'taker', '提交里程碑成果');
      if (c.deal.status !== DealStatus.InProgress) throw illegal(c.deal, '提交里程碑成果', DEAL_RULES.milestone);
      const m = await this.milestone(em, id, milestoneId);
      if (m.status !== 'pending' && m.status !== 'rejected')
        throw refuse('MILESTONE_NOT_OPEN', '该里程碑已提交或已通过', DEAL_RULES.milestone, HttpStatus.CONFLICT);
      await this.attachmentOf(em, id, evidenceId, 'milestone_evidence');
      await em
        .getRepository(MilestoneEntity)
        .update({ id: m.id }, { status: 'submitted', report: report.trim(), evidenceAttachmentId: evidenceId });
      await this.record(em, c, user, 'milestone_submitted', DEAL_RULES.milestone, {
        milestoneId: m.id,
        seq: m.seq,
        evidenceAttachmentId: evidenceId,
      });
    });
  }

  /** A staff reviewer signs a submitted milestone off, or sends it back with a note. */
  reviewMilestone(
    user: CurrentUser,
    id: string,
    milestoneId: string,
    decision: 'approve' | 'reject',
    note?: string,
  ): Promise<DealDto> {
    return this.write(user, id, async (em, c) => {
      this.need(c, 'staff', '审核里程碑');
      const m = await this.milestone(em, id, milestoneId);
      if (m.status !== 'submitted')
        throw refuse('MILESTONE_NOT_SUBMITTED', '该里程碑尚未提交', DEAL_RULES.milestone, HttpStatus.CONFLICT);
      if (decision === 'reject' && !note?.trim())
        throw refuse('REASON_REQUIRED', '退回里程碑须说明理由', DEAL_RULES.milestone, HttpStatus.BAD_REQUEST);
      await em.getRepository(MilestoneEntity).update(
        { id: m.id },
        {
          status: decision === 'approve' ? 'approved' : 'rejected',
          reviewNote: note?.trim() || null,
          reviewedBy: user.id,
          reviewedAt: new Date(),
        },
      );
      await this.record(
        em,
        c,
        user,
        decision === 'approve' ? 'milestone_approved' : 'milestone_rejected',
        DEAL_RULES.milestone,
        { milestoneId: m.id, seq: m.seq },
        note?.trim() || null,
      );
    });
  }

  private async milestone(em: EntityManager, dealId: string, milestoneId: string): Promise<MilestoneEntity> {
    const m = UUID.test(milestoneId)
      ? await em.getRepository(MilestoneEntity).findOne({ where: { id: milestoneId, dealId } })
      : null;
    if (!m) throw new NotFoundError('里程碑', milestoneId);
    return m;
  }

  private async milestonesDone(em: EntityManager, c: Ctx): Promise<void> {
    const open = await em.getRepository(MilestoneEntity).count({
      where: { dealId: c.deal.id, status: Not('approved' as const) },
    });
    if (open)
      throw refuse(
        'MILESTONES_OPEN',
        `尚有 ${open} 个里程碑未通过审核,不能组织验收`,
        DEAL_RULES.acceptance,
        HttpStatus.CONFLICT,
      );
  }

  /** Staff record one expert's acceptance opinion (all milestones must be signed off). */
  addOpinion(
    user: CurrentUser,
    id: string,
    dto: { expertName: string; conclusion: 'pass' | 'fail'; opinion: string },
  ): Promise<DealDto> {
    return this.write(user, id, async (em, c) => {
      this.need(c, 'staff', '录入验收专家意见');
      if (c.deal.status !== DealStatus.InProgress) throw illegal(c.deal, '录入验收意见', DEAL_RULES.acceptance);
      await this.milestonesDone(em, c);
      const o = await em.getRepository(AcceptanceOpinionEntity).save(
        em.getRepository(AcceptanceOpinionEntity).create({
          dealId: id,
          expertName: dto.expertName.trim(),
          conclusion: dto.conclusion,
          opinion: dto.opinion.trim(),
          recordedBy: user.id,
        }),
      );
      await this.record(em, c, user, 'acceptance_opinion', DEAL_RULES.acceptance, {
        opinionId: o.id,
        expertName: o.expertName,
        conclusion: o.conclusion,
      });
    });
  }

  /** Staff conclude the acceptance (验收): passed → `accepted`, failed → `acceptance_failed`. Needs ≥ 1 opinion. */
  concludeAcceptance(user: CurrentUser, id: string, result: 'passed' | 'failed', note: string): Promise<DealDto> {
    return this.write(user, id, async (em, c) => {
      this.need(c, 'staff', '作出验收结论');
      if (c.deal.status !== DealStatus.InProgress) throw illegal(c.deal, '作出验收结论', DEAL_RULES.acceptance);
      await this.milestonesDone(em, c);
      const n = await em.getRepository(AcceptanceOpinionEntity).count({ where: { dealId: id } });
      if (!n)
        throw refuse(
          'ACCEPTANCE_OPINIONS_REQUIRED',
          '验收结论须以专家意见为依据,请先录入专家意见',
          DEAL_RULES.acceptance,
        );
      await this.move(
        em,
        c,
        user,
        result === 'passed' ? DealStatus.Accepted : DealStatus.AcceptanceFailed,
        result === 'passed' ? 'acceptance_passed' : 'acceptance_failed',
        DEAL_RULES.acceptance,
        note.trim(),
        { opinions: n },
        { acceptanceStatus: result, acceptanceNote: note.trim() },
      );
      await this.notifyParties(em, c.deal, result === 'passed' ? '项目通过验收' : '项目未通过验收', note.trim());
    });
  }

  /** Staff confirm an achievement transfer's expected economic benefit (004 §12), needed for the post-subsidy. */
  confirmBenefit(user: CurrentUser, id: string, note: string, evidenceId?: string): Promise<DealDto> {
    return this.write(user, id, async (em, c) => {
      this.need(c, 'staff', '认定经济效益');
      if (c.deal.kind !== 'achievement')
        throw refuse('NOT_APPLICABLE', '经济效益认定仅适用于成果转化类项目(后补助)', DEAL_RULES.benefit);
      if (![DealStatus.InProgress, DealStatus.Accepted].includes(c.deal.status))
        throw illegal(c.deal, '认定经济效益', DEAL_RULES.benefit);
      if (c.deal.benefitConfirmedAt)
        throw refuse('BENEFIT_CONFIRMED', '经济效益已认定', DEAL_RULES.benefit, HttpStatus.CONFLICT);
      if (evidenceId) await this.attachmentOf(em, id, evidenceId, 'benefit');
      const now = new Date();
      await em.getRepository(DealEntity).update({ id }, { benefitConfirmedAt: now, benefitNote: note.trim() });
      c.deal.benefitConfirmedAt = now;
      await this.record(
        em,
        c,
        user,
        'benefit_confirmed',
        DEAL_RULES.benefit,
        { evidenceAttachmentId: evidenceId ?? null },
        note.trim(),
      );
    });
  }

  /** A party asks for an extension (with the new end date) or a termination; the other party must agree. */
  requestChange(
    user: CurrentUser,
    id: string,
    dto: { kind: 'extension' | 'termination'; reason: string; newEndOn?: string },
  ): Promise<DealDto> {
    return this.write(user, id, async (em, c) => {
      const side = c.roles.includes('poster') ? 'poster' : c.roles.includes('taker') ? 'taker' : null;
      if (!side)
        throw refuse('NOT_A_PARTY', '只有发榜方或揭榜方可以申请延期或终止', DEAL_RULES.change, HttpStatus.FORBIDDEN);
      if (c.deal.status !== DealStatus.InProgress) throw illegal(c.deal, '申请延期或终止', DEAL_RULES.change);
      if (dto.kind === 'extension') {
        if (!dto.newEndOn || !isDate(dto.newEndOn))
          throw refuse('NEW_END_REQUIRED', '申请延期须填写新的计划完成日期', DEAL_RULES.change, HttpStatus.BAD_REQUEST);
        if (c.deal.plannedEndOn && dto.newEndOn <= c.deal.plannedEndOn)
          throw refuse(
            'NEW_END_NOT_LATER',
            `新的完成日期须晚于当前计划完成日期 ${c.deal.plannedEndOn}`,
            DEAL_RULES.change,
          );
      }
      const repo = em.getRepository(DealChangeEntity);
      if (
        await repo.count({
          where: { dealId: id, status: In(['proposed', 'agreed'] as const) },
        })
      )
        throw refuse('CHANGE_PENDING', '已有待处理的延期或终止申请', DEAL_RULES.change, HttpStatus.CONFLICT);
      const ch = await repo.save(
        repo.create({
          dealId: id,
          kind: dto.kind,
          requestedBySide: side,
          requestedBy: user.id,
          reason: dto.reason.trim(),
          newEndOn: dto.kind === 'extension' ? dto.newEndOn! : null,
          posterAgreed: side === 'poster',
          takerAgreed: side === 'taker',
          status: 'proposed',
          decisionNote: null,
          decidedBy: null,
          auditedSpentFen: null,
          recoveryFen: null,
        }),
      );
      await this.record(
        em,
        c,
        user,
        `${dto.kind}_requested`,
        DEAL_RULES.change,
        { changeId: ch.id, side, newEndOn: ch.newEndOn },
        dto.reason.trim(),
      );
    });
  }

  /** The other party agrees to a requested change (then staff decide). */
  agreeChange(user: CurrentUser, id: string, changeId: string): Promise<DealDto> {
    return this.write(user, id, async (em, c) => {
      const ch = await this.change(em, id, changeId);
      const other = ch.requestedBySide === 'poster' ? 'taker' : 'poster';
      if (!c.roles.includes(other))
        throw refuse(
          'NOT_A_PARTY',
          `须由${other === 'poster' ? '发榜方' : '揭榜方'}确认同意`,
          DEAL_RULES.change,
          HttpStatus.FORBIDDEN,
        );
      if (ch.status !== 'proposed')
        throw refuse('CHANGE_NOT_PROPOSED', '该申请不在待对方确认状态', DEAL_RULES.change, HttpStatus.CONFLICT);
      await em
        .getRepository(DealChangeEntity)
        .update({ id: ch.id }, { status: 'agreed', posterAgreed: true, takerAgreed: true });
      await this.record(em, c, user, `${ch.kind}_agreed`, DEAL_RULES.change, { changeId: ch.id, side: other });
    });
  }

  /**
   * Staff approve or reject a change both parties agreed to. An approved extension moves the planned end; an
   * approved termination needs the special audit's spent state money (`auditedSpentYuan`) and records the
   * state money to recover: disbursed subsidy − audited spent, never below 0 (004 §15).
   */
  decideChange(
    user: CurrentUser,
    id: string,
    changeId: string,
    dto: { decision: 'approve' | 'reject'; note: string; auditedSpentYuan?: string },
  ): Promise<DealDto> {
    return this.write(user, id, async (em, c) => {
      this.need(c, 'staff', '审核延期或终止');
      const ch = await this.change(em, id, changeId);
      if (ch.status !== 'agreed')
        throw refuse('CHANGE_NOT_AGREED', '须双方一致同意后方可由科技厅审核', DEAL_RULES.change, HttpStatus.CONFLICT);
      const repo = em.getRepository(DealChangeEntity);
      if (dto.decision === 'reject') {
        await repo.update({ id: ch.id }, { status: 'rejected', decisionNote: dto.note.trim(), decidedBy: user.id });
        await this.record(em, c, user, `${ch.kind}_rejected`, DEAL_RULES.change, { changeId: ch.id }, dto.note.trim());
        return;
      }
      if (ch.kind === 'extension') {
        await repo.update({ id: ch.id }, { status: 'approved', decisionNote: dto.note.trim(), decidedBy: user.id });
        const from = c.deal.plannedEndOn;
        await em.getRepository(DealEntity).update({ id }, { plannedEndOn: ch.newEndOn });
        await this.record(
          em,
          c,
          user,
          'extension_approved',
          DEAL_RULES.change,
          { changeId: ch.id, from, to: ch.newEndOn },
          dto.note.trim(),
        );
        return;
      }
      if (!dto.auditedSpentYuan)
        throw refuse(
          'AUDIT_REQUIRED',
          '终止项目须填写专项审计确认的已使用财政资金',
          DEAL_RULES.change,
          HttpStatus.BAD_REQUEST,
        );
      const spent = toFen(dto.auditedSpentYuan);
      const [{ disbursed }] = await em.query(
        `SELECT coalesce(sum(subsidy_fen), 0)::text AS disbursed FROM subsidy WHERE deal_id = $1 AND status = 'disbursed'`,
        [id],
      );
      const recovery = terminationRecoveryFen(BigInt(disbursed), spent);
      await repo.update(
        { id: ch.id },
        {
          status: 'approved',
          decisionNote: dto.note.trim(),
          decidedBy: user.id,
          auditedSpentFen: spent.toString(),
          recoveryFen: recovery.toString(),
        },
      );
      await em.query(
        `UPDATE subsidy SET status = 'rejected', reject_reason = '项目终止' WHERE deal_id = $1 AND status IN ('proposed', 'approved')`,
        [id],
      );
      await this.move(
        em,
        c,
        user,
        DealStatus.Terminated,
        'terminated',
        DEAL_RULES.change,
        dto.note.trim(),
        {
          changeId: ch.id,
          disbursedFen: String(disbursed),
          auditedSpentFen: spent.toString(),
          recoveryFen: recovery.toString(),
        },
        { recoveryFen: recovery.toString() },
      );
      await this.notifyParties(em, c.deal, '项目已终止', `应收回财政资金 ${fenToYuan(recovery)} 元`);
    });
  }

  private async change(em: EntityManager, dealId: string, changeId: string): Promise<DealChangeEntity> {
    const ch = UUID.test(changeId)
      ? await em.getRepository(DealChangeEntity).findOne({ where: { id: changeId, dealId } })
      : null;
    if (!ch) throw new NotFoundError('延期/终止申请', changeId);
    return ch;
  }

  // ---------------------------------------------------------------- subsidy

  /** Organisations of the deal whose credit record is in force today (poster, taker, consortium members). */
  private async blacklisted(
    em: EntityManager,
    deal: DealEntity,
  ): Promise<{ orgId: string; name: string; kind: string; reason: string }[]> {
    return em.query(
      `SELECT c.org_id AS "orgId", o.name, c.kind, c.reason FROM credit_record c JOIN organization o ON o.id = c.org_id
       WHERE c.valid_from <= current_date AND (c.valid_to IS NULL OR c.valid_to >= current_date)
         AND c.org_id IN (SELECT $1::uuid UNION SELECT $2::uuid UNION SELECT org_id FROM application_member WHERE application_id = $3)`,
      [deal.posterOrgId, deal.takerOrgId, deal.applicationId],
    );
  }

  /**
   * Whether a subsidy may be proposed now (004 §12): pre-subsidy after the first confirmed installment;
   * post-subsidy after acceptance passed and the economic benefit confirmed. Codes: `SUBSIDY_NOT_PAYABLE`,
   * `CREDIT_BLACKLISTED` (004 §14), `ILLEGAL_TRANSITION`.
   */
  private async payability(em: EntityManager, deal: DealEntity): Promise<PayabilityDto> {
    const mode = subsidyModeFor(deal.kind);
    const rule = PAYABILITY_RULE[mode];
    const no = (code: string, message: string, r = rule): PayabilityDto => ({ payable: false, code, message, rule: r });
    const bl = await this.blacklisted(em, deal);
    if (bl.length)
      return no(
        'CREDIT_BLACKLISTED',
        `${bl.map((b) => b.name).join('、')} 在联合惩戒/失信名单有效期内,不得给予补助`,
        DEAL_RULES.credit,
      );
    if (mode === 'pre') {
      if (![DealStatus.InProgress, DealStatus.Accepted].includes(deal.status))
        return no('ILLEGAL_TRANSITION', `项目状态为“${DEAL_STATUS_LABELS[deal.status]}”,不能申请前资助`);
      const n = await em
        .getRepository(FundingInstallmentEntity)
        .count({ where: { dealId: deal.id, status: 'confirmed' } });
      if (!n) return no('SUBSIDY_NOT_PAYABLE', '前资助须待发榜方首笔资金拨付并经核验凭证确认后方可拨付');
    } else {
      if (deal.status !== DealStatus.Accepted || deal.acceptanceStatus !== 'passed')
        return no('SUBSIDY_NOT_PAYABLE', '后补助须待项目通过验收后方可申请');
      if (!deal.benefitConfirmedAt)
        return no('SUBSIDY_NOT_PAYABLE', '后补助须待科技厅认定达到任务书预期经济效益后方可申请');
    }
    return { payable: true, code: null, message: null, rule };
  }

  /** The base of the subsidy and the evidence it rests on (fen). */
  private async base(em: EntityManager, deal: DealEntity): Promise<{ baseFen: bigint; evidence: SubsidyEvidence[] }> {
    if (subsidyModeFor(deal.kind) === 'pre') {
      const fen = BigInt(deal.totalRdInvestmentFen ?? deal.amountFen);
      return {
        baseFen: fen,
        evidence: [
          {
            label: `${SUBSIDY_BASE_LABEL.pre}:任务书 ${deal.taskBookNo ?? ''}`.trim(),
            amountFen: fen.toString(),
            ref: deal.taskBookNo,
          },
        ],
      };
    }
    const rows = await em
      .getRepository(FundingInstallmentEntity)
      .find({ where: { dealId: deal.id, status: 'confirmed' }, order: { seq: 'ASC' } });
    return {
      baseFen: rows.reduce((s, r) => s + BigInt(r.amountFen), 0n),
      evidence: rows.map((r) => ({
        label: `第 ${r.seq} 笔拨付(${r.paidOn},凭证已核验)`,
        amountFen: r.amountFen,
        ref: r.voucherAttachmentId,
      })),
    };
  }

  /**
   * Staff propose the subsidy: computed by `@jiebang/policy` `computeSubsidy` from the base (pre: the 任务书's
   * total R&D investment; post: confirmed installments) and stored with its steps and evidence. An optional
   * 一事一议 cap applies only once a second person approves. Idempotent by key (`replayOf`: same proposer,
   * 一事一议 cap in fen and reason, note → replay; else 409 `IDEMPOTENCY_KEY_REUSED`). 422 `SUBSIDY_NOT_PAYABLE` /
   * `CREDIT_BLACKLISTED`, 409 `SUBSIDY_EXISTS` when a live proposal exists.
   */
  proposeSubsidy(
    user: CurrentUser,
    id: string,
    dto: { idempotencyKey: string; caseByCase?: { capYuan: string; reason: string }; note?: string },
  ): Promise<DealDto> {
    return this.write(user, id, async (em, c) => {
      this.need(c, 'staff', '提出补助方案');
      const repo = em.getRepository(SubsidyEntity);
      const dup = await repo.findOne({ where: { dealId: id, idempotencyKey: dto.idempotencyKey } });
      const content = (by: string, capFen: string | null, reason: string | null, note: string | null | undefined) => ({
        by,
        caseByCase: capFen === null ? null : { capFen, reason: normalText(reason) },
        note: normalText(note),
      });
      if (
        replayOf(
          dup && content(dup.proposedBy, dup.caseByCaseCapFen, dup.caseByCaseReason, dup.note),
          content(
            user.id,
            dto.caseByCase ? toFen(dto.caseByCase.capYuan).toString() : null,
            dto.caseByCase?.reason ?? null,
            dto.note,
          ),
          '补助方案',
        )
      )
        return;
      const pay = await this.payability(em, c.deal);
      if (!pay.payable)
        throw refuse(
          pay.code!,
          pay.message!,
          pay.rule,
          pay.code === 'ILLEGAL_TRANSITION' ? HttpStatus.CONFLICT : HttpStatus.UNPROCESSABLE_ENTITY,
        );
      if (
        await repo.count({
          where: { dealId: id, status: In(['proposed', 'approved', 'disbursed'] as const) },
        })
      )
        throw refuse('SUBSIDY_EXISTS', '该项目已有待审批、已批准或已拨付的补助', undefined, HttpStatus.CONFLICT);
      const { baseFen, evidence } = await this.base(em, c.deal);
      const decision = dto.caseByCase
        ? {
            capFen: toFen(dto.caseByCase.capYuan),
            reason: dto.caseByCase.reason.trim(),
            decidedByUserId: user.id,
            approvedByUserId: null,
          }
        : null;
      const comp = this.compute(c.deal, baseFen, decision);
      const s = await repo.save(
        repo.create({
          dealId: id,
          idempotencyKey: dto.idempotencyKey,
          ...subsidySnapshot(comp),
          evidence,
          caseByCaseCapFen: decision ? decision.capFen.toString() : null,
          caseByCaseReason: decision ? decision.reason : null,
          note: dto.note?.trim() || null,
          status: 'proposed',
          proposedBy: user.id,
          approvedBy: null,
          approvedAt: null,
          rejectReason: null,
          disbursementKey: null,
          disbursedOn: null,
          disbursementRef: null,
          disbursedBy: null,
        }),
      );
      await this.record(em, c, user, 'subsidy_proposed', comp.rule, {
        subsidyId: s.id,
        mode: comp.mode,
        baseFen: comp.baseFen.toString(),
        capFen: comp.capFen.toString(),
        subsidyFen: comp.subsidyFen.toString(),
        caseByCase: decision ? { capFen: decision.capFen.toString(), reason: decision.reason } : null,
      });
    });
  }

  private compute(
    deal: DealEntity,
    baseFen: bigint,
    decision: Parameters<typeof computeSubsidy>[2],
  ): SubsidyComputation {
    try {
      return computeSubsidy(deal.kind, baseFen, decision);
    } catch (e) {
      if (e instanceof PolicyError) throw refuse(e.code, e.message, e.rule);
      throw e;
    }
  }

  /**
   * An approver approves a proposed subsidy: never the proposer (422 `SAME_APPROVER`), never while a party is
   * blacklisted (422 `CREDIT_BLACKLISTED`, 004 §14). A 一事一议 cap takes effect here (the approver is the second
   * person). Two approvals racing: the deal lock serialises them and the second gets 409 `SUBSIDY_NOT_PROPOSED`.
   */
  approveSubsidy(user: CurrentUser, id: string, subsidyId: string): Promise<DealDto> {
    return this.write(user, id, async (em, c) => {
      this.need(c, 'staff', '批准补助');
      const s = await this.subsidy(em, id, subsidyId);
      if (s.status !== 'proposed')
        throw refuse(
          'SUBSIDY_NOT_PROPOSED',
          '该补助方案不在待审批状态(可能已被他人处理)',
          undefined,
          HttpStatus.CONFLICT,
        );
      if (s.proposedBy === user.id)
        throw refuse('SAME_APPROVER', '补助方案须由提出人以外的另一名审批人批准', DEAL_RULES.fourEyes);
      const bl = await this.blacklisted(em, c.deal);
      if (bl.length)
        throw refuse(
          'CREDIT_BLACKLISTED',
          `${bl.map((b) => b.name).join('、')} 在联合惩戒/失信名单有效期内,不得批准补助`,
          DEAL_RULES.credit,
          HttpStatus.UNPROCESSABLE_ENTITY,
          { organizations: bl },
        );
      const decision = s.caseByCaseCapFen
        ? {
            capFen: BigInt(s.caseByCaseCapFen),
            reason: s.caseByCaseReason!,
            decidedByUserId: s.proposedBy,
            approvedByUserId: user.id,
          }
        : null;
      const comp = this.compute(c.deal, BigInt(s.baseFen), decision);
      const [, n] = (await em.query(
        `UPDATE subsidy SET status = 'approved', approved_by = $2, approved_at = now(), cap_fen = $3, subsidy_fen = $4,
           cap_applied = $5, rule = $6, steps = $7 WHERE id = $1 AND status = 'proposed'`,
        [
          s.id,
          user.id,
          comp.capFen.toString(),
          comp.subsidyFen.toString(),
          comp.capApplied,
          comp.rule,
          JSON.stringify(subsidySnapshot(comp).steps),
        ],
      )) as [unknown, number];
      if (n !== 1) throw refuse('SUBSIDY_NOT_PROPOSED', '该补助方案已被他人处理', undefined, HttpStatus.CONFLICT);
      await this.record(em, c, user, 'subsidy_approved', comp.rule, {
        subsidyId: s.id,
        subsidyFen: comp.subsidyFen.toString(),
        capFen: comp.capFen.toString(),
        caseByCase: comp.caseByCase,
      });
    });
  }

  /** An approver sends a proposal back with a reason (it can then be proposed again). */
  rejectSubsidy(user: CurrentUser, id: string, subsidyId: string, reason: string): Promise<DealDto> {
    return this.write(user, id, async (em, c) => {
      this.need(c, 'staff', '退回补助方案');
      const s = await this.subsidy(em, id, subsidyId);
      if (s.status !== 'proposed')
        throw refuse('SUBSIDY_NOT_PROPOSED', '该补助方案不在待审批状态', undefined, HttpStatus.CONFLICT);
      await em.getRepository(SubsidyEntity).update({ id: s.id }, { status: 'rejected', rejectReason: reason.trim() });
      await this.record(em, c, user, 'subsidy_rejected', s.rule, { subsidyId: s.id }, reason.trim());
    });
  }

  /**
   * Records the disbursement of an approved subsidy. Idempotent by key (`replayOf`): the same key with the same
   * subsidy, date, reference and user returns the deal unchanged; with other content 409 `IDEMPOTENCY_KEY_REUSED`.
   * The deal becomes `completed` once an accepted deal's subsidy is disbursed.
   */
  disburseSubsidy(
    user: CurrentUser,
    id: string,
    subsidyId: string,
    dto: { idempotencyKey: string; disbursedOn: string; reference: string },
  ): Promise<DealDto> {
    return this.write(user, id, async (em, c) => {
      this.need(c, 'staff', '登记补助拨付');
      const s = await this.subsidy(em, id, subsidyId);
      const dup = await em
        .getRepository(SubsidyEntity)
        .findOne({ where: { dealId: id, disbursementKey: dto.idempotencyKey } });
      const content = (by: string | null, sid: string, on: string | null, ref: string | null) => ({
        by,
        subsidyId: sid,
        disbursedOn: on,
        reference: normalText(ref),
      });
      if (
        replayOf(
          dup && content(dup.disbursedBy, dup.id, dup.disbursedOn, dup.disbursementRef),
          content(user.id, s.id, dto.disbursedOn, dto.reference),
          '补助拨付登记',
        )
      )
        return;
      if (s.status !== 'approved')
        throw refuse('SUBSIDY_NOT_APPROVED', '补助方案尚未批准或已拨付', undefined, HttpStatus.CONFLICT);
      if (!isDate(dto.disbursedOn)) throw refuse('INVALID_DATE', '拨付日期无效', undefined, HttpStatus.BAD_REQUEST);
      const bl = await this.blacklisted(em, c.deal);
      if (bl.length)
        throw refuse(
          'CREDIT_BLACKLISTED',
          `${bl.map((b) => b.name).join('、')} 在联合惩戒/失信名单有效期内,不得拨付补助`,
          DEAL_RULES.credit,
        );
      await em.getRepository(SubsidyEntity).update(
        { id: s.id },
        {
          status: 'disbursed',
          disbursementKey: dto.idempotencyKey,
          disbursedOn: dto.disbursedOn,
          disbursementRef: dto.reference.trim(),
          disbursedBy: user.id,
        },
      );
      const data = {
        subsidyId: s.id,
        subsidyFen: s.subsidyFen,
        disbursedOn: dto.disbursedOn,
        reference: dto.reference.trim(),
      };
      if (c.deal.status === DealStatus.Accepted)
        await this.move(em, c, user, DealStatus.Completed, 'subsidy_disbursed', s.rule, null, data);
      else await this.record(em, c, user, 'subsidy_disbursed', s.rule, data);
      await this.notifyParties(em, c.deal, '财政补助已拨付', `${fenToYuan(BigInt(s.subsidyFen))} 元`);
    });
  }

  private async subsidy(em: EntityManager, dealId: string, subsidyId: string): Promise<SubsidyEntity> {
    const s = UUID.test(subsidyId)
      ? await em.getRepository(SubsidyEntity).findOne({ where: { id: subsidyId, dealId } })
      : null;
    if (!s) throw new NotFoundError('补助方案', subsidyId);
    return s;
  }

  // ---------------------------------------------------------------- DTO

  private async toDto(em: EntityManager, c: Ctx): Promise<DealDto> {
    const d = c.deal;
    const [meta] = await em.query(
      `SELECT l.title, p.name AS poster, t.name AS taker, (SELECT n.id FROM negotiation n WHERE n.application_id = d.application_id) AS negotiation_id
       FROM deal d JOIN listing l ON l.id = d.listing_id JOIN organization p ON p.id = d.poster_org_id
       JOIN organization t ON t.id = d.taker_org_id WHERE d.id = $1`,
      [d.id],
    );
    const attachments = await em
      .getRepository(DealAttachmentEntity)
      .find({ where: { dealId: d.id }, order: { createdAt: 'ASC' } });
    const byId = new Map(attachments.map((a) => [a.id, toAttachment(a)]));
    const party = c.roles.length > 0;
    const [objections, installments, milestones, opinions, changes, subsidies] = await Promise.all([
      em.query(
        `SELECT o.*, u.display_name FROM objection o JOIN app_user u ON u.id = o.lodged_by WHERE o.deal_id = $1 ORDER BY o.created_at`,
        [d.id],
      ) as Promise<(Record<string, unknown> & { display_name: string })[]>,
      em.getRepository(FundingInstallmentEntity).find({ where: { dealId: d.id }, order: { seq: 'ASC' } }),
      em.getRepository(MilestoneEntity).find({ where: { dealId: d.id }, order: { seq: 'ASC' } }),
      em.getRepository(AcceptanceOpinionEntity).find({ where: { dealId: d.id }, order: { createdAt: 'ASC' } }),
      em.getRepository(DealChangeEntity).find({ where: { dealId: d.id }, order: { createdAt: 'ASC' } }),
      this.subsidyDtos(em, d.id),
    ]);
    const received = installments
      .filter((i) => i.status === 'confirmed')
      .reduce((sum, i) => sum + BigInt(i.amountFen), 0n);
    return {
      id: d.id,
      applicationId: d.applicationId,
      agreementDraftId: d.agreementDraftId,
      negotiationId: meta?.negotiation_id ?? null,
      listingId: d.listingId,
      listingTitle: meta?.title ?? '',
      kind: d.kind,
      posterOrgId: d.posterOrgId,
      posterName: meta?.poster ?? '',
      takerOrgId: d.takerOrgId,
      takerName: meta?.taker ?? '',
      status: d.status,
      statusLabel: DEAL_STATUS_LABELS[d.status],
      terms: d.terms,
      amountFen: String(d.amountFen),
      notice:
        d.noticeOpenedAt && d.noticeEndsAt
          ? {
              workingDays: d.noticeWorkingDays ?? DEFAULT_NOTICE_WORKING_DAYS,
              openedAt: d.noticeOpenedAt.toISOString(),
              firstDay: d.noticeFirstDay ?? '',
              lastDay: d.noticeLastDay ?? '',
              endsAt: d.noticeEndsAt.toISOString(),
              provisional: d.noticeProvisional,
              reviewNote: d.noticeReviewNote ?? '',
            }
          : null,
      contractRegistrationNo: d.contractRegistrationNo,
      taskBookNo: d.taskBookNo,
      signedOn: d.signedOn,
      plannedEndOn: d.plannedEndOn,
      totalRdInvestmentFen: d.totalRdInvestmentFen === null ? null : String(d.totalRdInvestmentFen),
      receivedFen: String(received),
      acceptance: {
        status: d.acceptanceStatus,
        note: d.acceptanceNote,
        opinions: opinions.map((o) => ({
          id: o.id,
          expertName: o.expertName,
          conclusion: o.conclusion,
          opinion: o.opinion,
          recordedBy: o.recordedBy,
          createdAt: o.createdAt.toISOString(),
        })),
      },
      benefit: {
        confirmed: !!d.benefitConfirmedAt,
        note: d.benefitNote,
        confirmedAt: d.benefitConfirmedAt?.toISOString() ?? null,
      },
      recoveryFen: d.recoveryFen === null ? null : String(d.recoveryFen),
      objections: objections.map((o) => ({
        id: o.id as string,
        lodgedByUserId: o.lodged_by as string,
        lodgedByName: party ? o.display_name : null,
        reasons: o.reasons as string,
        evidence: ((o.evidence_attachment_ids as string[]) ?? [])
          .map((a) => byId.get(a))
          .filter((a): a is DealAttachmentDto => !!a),
        status: o.status as 'open' | 'dismissed' | 'upheld',
        outcome: (o.outcome as 'renegotiate' | 'terminate' | null) ?? null,
        resolution: (o.resolution as string | null) ?? null,
        resolvedAt: o.resolved_at ? new Date(o.resolved_at as string).toISOString() : null,
        createdAt: new Date(o.created_at as string).toISOString(),
      })),
      installments: installments.map((i) => ({
        id: i.id,
        seq: i.seq,
        amountFen: String(i.amountFen),
        paidOn: i.paidOn,
        voucher: byId.get(i.voucherAttachmentId) ?? null,
        status: i.status,
        note: i.note,
        reviewNote: i.reviewNote,
        recordedBy: i.recordedBy,
        reviewedBy: i.reviewedBy,
        createdAt: i.createdAt.toISOString(),
      })),
      milestones: milestones.map((m) => ({
        id: m.id,
        seq: m.seq,
        title: m.title,
        dueOn: m.dueOn,
        amountFen: String(m.amountFen),
        status: m.status,
        report: m.report,
        evidence: m.evidenceAttachmentId ? (byId.get(m.evidenceAttachmentId) ?? null) : null,
        reviewNote: m.reviewNote,
        reviewedBy: m.reviewedBy,
      })),
      changes: changes.map((ch) => ({
        id: ch.id,
        kind: ch.kind,
        requestedBySide: ch.requestedBySide,
        reason: ch.reason,
        newEndOn: ch.newEndOn,
        posterAgreed: ch.posterAgreed,
        takerAgreed: ch.takerAgreed,
        status: ch.status,
        decisionNote: ch.decisionNote,
        auditedSpentFen: ch.auditedSpentFen === null ? null : String(ch.auditedSpentFen),
        recoveryFen: ch.recoveryFen === null ? null : String(ch.recoveryFen),
        createdAt: ch.createdAt.toISOString(),
      })),
      subsidies,
      attachments: party ? [...byId.values()] : [],
      payability: party
        ? await this.payability(em, d)
        : { payable: false, code: null, message: null, rule: PAYABILITY_RULE[subsidyModeFor(d.kind)] },
      myRoles: c.roles,
      createdAt: d.createdAt.toISOString(),
      updatedAt: d.updatedAt.toISOString(),
    };
  }

  private async subsidyDtos(em: EntityManager, dealId: string): Promise<SubsidyDto[]> {
    const rows: (SubsidyEntity & { proposer_name: string | null; approver_name: string | null })[] = await em.query(
      `SELECT s.id, s.mode, s.base_fen AS "baseFen", s.rate_bp AS "rateBp", s.cap_fen AS "capFen", s.subsidy_fen AS "subsidyFen",
              s.cap_applied AS "capApplied", s.rule, s.steps, s.evidence, s.case_by_case_cap_fen AS "caseByCaseCapFen",
              s.case_by_case_reason AS "caseByCaseReason", s.status, s.proposed_by AS "proposedBy", s.approved_by AS "approvedBy",
              s.reject_reason AS "rejectReason", to_char(s.disbursed_on, 'YYYY-MM-DD') AS "disbursedOn",
              s.disbursement_ref AS "disbursementRef", s.created_at AS "createdAt",
              p.display_name AS proposer_name, a.display_name AS approver_name
       FROM subsidy s JOIN app_user p ON p.id = s.proposed_by LEFT JOIN app_user a ON a.id = s.approved_by
       WHERE s.deal_id = $1 ORDER BY s.created_at`,
      [dealId],
    );
    return rows.map((s) => ({
      id: s.id,
      mode: s.mode,
      baseFen: String(s.baseFen),
      rateBp: s.rateBp,
      capFen: String(s.capFen),
      subsidyFen: String(s.subsidyFen),
      capApplied: s.capApplied,
      rule: s.rule,
      steps: s.steps,
      evidence: s.evidence,
      caseByCase: s.caseByCaseCapFen
        ? {
            capFen: String(s.caseByCaseCapFen),
            reason: s.caseByCaseReason ?? '',
            decidedBy: s.proposedBy,
            approvedBy: s.approvedBy,
          }
        : null,
      status: s.status,
      proposedBy: s.proposedBy,
      proposedByName: s.proposer_name,
      approvedBy: s.approvedBy,
      approvedByName: s.approver_name,
      rejectReason: s.rejectReason,
      disbursedOn: s.disbursedOn,
      disbursementRef: s.disbursementRef,
      createdAt: new Date(s.createdAt).toISOString(),
    }));
  }
}

/**
 * A subsidy computation with its amounts as integer strings (fen): the stored snapshot's columns and the
 * preview's payload (`SubsidyPreviewDto` is a subset).
 */
export function subsidySnapshot(c: SubsidyComputation) {
  return {
    mode: c.mode,
    baseFen: c.baseFen.toString(),
    rateBp: c.rateBp,
    capFen: c.capFen.toString(),
    subsidyFen: c.subsidyFen.toString(),
    capApplied: c.capApplied,
    rule: c.rule,
    steps: c.steps.map((s) => ({
      label: s.label,
      expression: s.expression,
      resultFen: s.resultFen.toString(),
      rule: s.rule,
    })),
  };
}

function toAttachment(a: DealAttachmentEntity): DealAttachmentDto {
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
