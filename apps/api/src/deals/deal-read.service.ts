import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  AuditEntryDto,
  CurrentUser,
  DEAL_STATUS_LABELS,
  DealDto,
  DealPageDto,
  DealQueryDto,
  DealStatus,
  DealSummaryDto,
  Role,
} from '@jiebang/contracts';
import { loadDeal, visible } from './deal-common';
import { dealDto } from './deal-view';

/**
 * The staff work queues of `GET /deals?queue=` as SQL predicates on the deal aliased `d`: what waits for a
 * decision (agreements to review or sign, open objections, installments to check, milestones to review, deals
 * ready for acceptance, subsidies due or pending, changes pending).
 */
export const DEAL_QUEUES: { readonly [Q in NonNullable<DealQueryDto['queue']>]: string } = {
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

/** The page of a list request: `page` from 1 (default 1), `pageSize` (default 20; the DTO caps it at 100). */
export function pageWindow(q: Pick<DealQueryDto, 'page' | 'pageSize'>): {
  page: number;
  pageSize: number;
  offset: number;
} {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  return { page, pageSize, offset: (page - 1) * pageSize };
}

/**
 * The read model of deals: the work-queue lists, the public notice board, one deal's `DealDto` and its audited
 * history. Reads change nothing: notices are closed by the `DealsJob.CloseNotices` job at their end (issue 14 item 2).
 */
@Injectable()
export class DealReadService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * `GET /deals`: staff see every deal (optionally one work queue), organisation users the deals of their
   * organisation. Newest activity first, paginated (`pageSize` ≤ 100).
   */
  async list(user: CurrentUser, q: DealQueryDto): Promise<DealPageDto> {
    const { page, pageSize, offset } = pageWindow(q);
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
    if (q.queue) where.push(`(${DEAL_QUEUES[q.queue]})`);
    const sqlWhere = where.length ? `WHERE ${where.join(' AND ')}` : '';
    // The total rides along with the page in one statement (an InitPlan, counted once; issue 17 item 2: one
    // round trip fewer); a page past the end has no row to carry it, so only then is it counted on its own.
    const countSql = `SELECT count(*)::int AS total FROM deal d ${sqlWhere}`;
    let total: number | undefined;
    const rows = await this.summaries(
      `${sqlWhere} ORDER BY d.updated_at DESC, d.id LIMIT ${pageSize} OFFSET ${offset}`,
      params,
      { sql: `(${countSql})`, seen: (t) => (total = t) },
    );
    if (total === undefined)
      total = offset ? ((await this.db.query(countSql, params)) as { total: number }[])[0].total : 0;
    return { items: rows, total, page, pageSize };
  }

  /** `GET /notices` (public): deals on notice or frozen by an objection, ending soonest first. */
  async notices(): Promise<DealSummaryDto[]> {
    return this.summaries(`WHERE d.status IN ('on_notice', 'frozen') ORDER BY d.notice_ends_at, d.id LIMIT 200`, []);
  }

  /**
   * The deals of `tail` (WHERE … ORDER BY … LIMIT, aliased `d`) as summaries; `total`, when given, is an integer
   * SQL expression selected beside each row, handed to `total.seen` (with the first row's value; never called
   * when there is no row).
   */
  private async summaries(
    tail: string,
    params: unknown[],
    total?: { sql: string; seen: (total: number) => void },
  ): Promise<DealSummaryDto[]> {
    const rows: {
      total?: number;
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
              ${total ? `, ${total.sql} AS total` : ''}
       FROM deal d JOIN listing l ON l.id = d.listing_id
       JOIN organization p ON p.id = d.poster_org_id JOIN organization t ON t.id = d.taker_org_id ${tail}`,
      params,
    );
    if (total && rows.length) total.seen(rows[0].total as number);
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
    const c = await loadDeal(this.db.manager, user, id, false);
    visible(c, true);
    return dealDto(this.db.manager, c);
  }

  /** The full history of a deal (its application's negotiation included), oldest first. */
  async timeline(user: CurrentUser, id: string): Promise<AuditEntryDto[]> {
    const c = await loadDeal(this.db.manager, user, id, false);
    visible(c);
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
}
