import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CurrentUser, DealDto, DEALS_QUEUE, DealsJob, DealStatus } from '@jiebang/contracts';
import { DEAL_RULES, findDealTransition, type DealTransition } from '@jiebang/policy';
import { AuditService } from '../audit/audit.service';
import { JobsService } from '../jobs/jobs.service';
import { NotificationsService } from '../notifications/notifications.service';
import { WorkQueueNotifier } from '../workbench/work-notifier.service';
import type { WorkQueue } from '@jiebang/policy';
import { DealCtx, illegal, loadDeal, visible } from './deal-common';
import { dealDto } from './deal-view';
import { DealEntity } from './deal.entity';

/** How often the notice-closing sweep runs (ms). */
export const NOTICE_SWEEP_MS = 60_000;

/**
 * The one write path of every deal service: a transaction that first locks the deal row (`FOR UPDATE`), so
 * concurrent writes on one deal are serialised (two approvals racing: the second sees the first's result and
 * gets 409), then runs the change; every state change and money event appends to the hash-chained audit log
 * and notifies the parties in that same transaction. Status moves go through the deal transition table
 * (`@jiebang/policy` `DEAL_TRANSITIONS`).
 */
@Injectable()
export class DealWriter implements OnModuleInit {
  private readonly logger = new Logger(DealWriter.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly work: WorkQueueNotifier,
    private readonly jobs: JobsService,
  ) {}

  /** Registers the notice-closing job (`DealsJob.CloseNotices`) and its sweep every `NOTICE_SWEEP_MS`. */
  onModuleInit(): void {
    this.jobs.register(DEALS_QUEUE, DealsJob.CloseNotices, () => this.closeElapsedNotices());
    void this.jobs
      .repeat(DEALS_QUEUE, DealsJob.CloseNotices, {}, NOTICE_SWEEP_MS)
      .catch((e: Error) => this.logger.warn(`notice sweep not scheduled: ${e.message}`));
  }

  /**
   * Schedules the closing of deal `dealId`'s notice at its end `endsAt` (a delayed `DealsJob.CloseNotices`, idempotent
   * by deal and end); the job closes every elapsed notice, so a lost timer is made good by the next sweep.
   */
  async scheduleNoticeClose(dealId: string, endsAt: Date): Promise<void> {
    await this.jobs.schedule(
      DEALS_QUEUE,
      DealsJob.CloseNotices,
      {},
      endsAt,
      `close-notice:${dealId}:${endsAt.toISOString()}`,
    );
  }

  /**
   * Moves every deal whose notice period is over, without an open objection, to `awaiting_signing` (the
   * `closeNotice` move, audited with no actor) and puts it in the staff's signing queue. Run by the job
   * `DealsJob.CloseNotices` at each notice's end and every minute (issue 14 item 2), never on a request: a read
   * in the moments between the end instant and the job shows the notice as it stands (`noticeEndsAt` in the past).
   */
  async closeElapsedNotices(): Promise<void> {
    const due: { id: string }[] = await this.db.query(
      `SELECT id FROM deal WHERE status = 'on_notice' AND notice_ends_at <= now() LIMIT 100`,
    );
    const t = findDealTransition('closeNotice', DealStatus.OnNotice)!;
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
          toStatus: t.to,
          actorUserId: null,
          rule: DEAL_RULES.notice,
          reason: '公示期满,无异议',
        });
        await this.work.entered(em, 'signing', id, null);
      });
    }
  }

  /**
   * Runs `fn` in a transaction holding the deal's row lock (404 when the caller may not see the deal; with
   * `onNotice` anyone may while it is on notice), then returns the fresh `DealDto` read in that transaction.
   */
  async write(
    user: CurrentUser,
    id: string,
    fn: (em: EntityManager, c: DealCtx) => Promise<void>,
    onNotice = false,
  ): Promise<DealDto> {
    return this.db.transaction(async (em) => {
      const c = await loadDeal(em, user, id, true);
      visible(c, onNotice);
      await fn(em, c);
      const fresh = await loadDeal(em, user, id, false);
      return dealDto(em, fresh);
    });
  }

  /**
   * Makes the move `t` (409 `ILLEGAL_TRANSITION` if the deal is not in one of its `from` states), with the
   * columns in `patch`, and audits it as `action` under `rule` (default: the move's article).
   */
  async move(
    em: EntityManager,
    c: DealCtx,
    user: CurrentUser,
    t: DealTransition,
    action: string,
    reason?: string | null,
    data?: Record<string, unknown>,
    patch: Partial<DealEntity> = {},
    rule: string = t.rule,
  ): Promise<void> {
    const from = c.deal.status;
    if (!t.from.includes(from)) throw illegal(c.deal, '进行该操作', t.rule);
    await em
      .getRepository(DealEntity)
      .update({ id: c.deal.id }, { ...(patch as Record<string, unknown>), status: t.to, updatedAt: new Date() });
    Object.assign(c.deal, patch, { status: t.to });
    await this.audit.append(em, {
      entityType: 'deal',
      entityId: c.deal.id,
      action,
      fromStatus: from,
      toStatus: t.to,
      actorUserId: user.id,
      reason: reason ?? null,
      rule,
      data: data ?? null,
    });
  }

  /** Audits an event that does not move the deal's status (and touches the deal's `updatedAt`). */
  async record(
    em: EntityManager,
    c: DealCtx,
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

  /**
   * Item `itemId` of this deal has entered the work queue `queue` (`WORK_QUEUES` of `@jiebang/policy`): its
   * holders are notified and its due/overdue reminders scheduled (`WorkQueueNotifier.entered`), in the write's
   * transaction; `user` (the actor) is not notified of their own step.
   */
  async enterQueue(em: EntityManager, queue: WorkQueue, itemId: string, user: CurrentUser | null): Promise<void> {
    await this.work.entered(em, queue, itemId, user?.id ?? null);
  }

  /** Notifies the users of both parties (link to the deal's page), in the write's transaction. */
  async notifyParties(em: EntityManager, deal: DealEntity, title: string, body: string): Promise<void> {
    const link = `/deals/${deal.id}`;
    await this.notifications.notifyOrg(em, deal.posterOrgId, title, body, link);
    await this.notifications.notifyOrg(em, deal.takerOrgId, title, body, link);
  }
}
