import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  EnterPayload,
  NotificationCategory,
  RemindPayload,
  StaffRole,
  STAFF_CAPABILITIES,
  WORKBENCH_QUEUE,
  WorkbenchJob,
} from '@jiebang/contracts';
import { beijingStartOf, WORK_QUEUE_ORDER, WORK_QUEUES, type WorkQueue } from '@jiebang/policy';
import { JobsService } from '../jobs/jobs.service';
import { NotificationsService } from '../notifications/notifications.service';
import { recommenderHolderParams, recommenderHolderSql } from './recommender-holder';
import { WorkbenchService, WorkRow } from './workbench.service';

/** How often the reminder sweep runs (ms): hourly. */
export const REMINDER_SWEEP_MS = 3_600_000;
/** The hour (Beijing) of the due-date reminder. */
const DUE_REMINDER_HOUR = 9;

/**
 * Tells the holders of a work queue that work entered it, and reminds them when it is due and once it is overdue
 * (issue 14 items 1–2). `entered` runs in the transaction of the change that put the item in the queue: it writes
 * the notifications there (category `task`; reminders `reminder`, which the e-mail delivery sends at once by
 * default) (staff: every active staff member whose sub-roles grant the queue's capability, the
 * actor excepted; parties: the organisation; experts: the expert; recommenders: those of the item's recommending
 * authority, else of its organisation's region — the workbench's `recommenderHolderSql`) and schedules the two reminders as delayed jobs
 * (`WorkbenchJob.Remind`, `jobId` `remind:<queue>:<id>:<kind>`). A reminder re-checks that the item still waits
 * and records itself in `work_reminder`, so it notifies once however often it runs; an hourly sweep
 * (`WorkbenchJob.Sweep`) sends the reminders a restart lost.
 */
@Injectable()
export class WorkQueueNotifier implements OnModuleInit {
  private readonly logger = new Logger(WorkQueueNotifier.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jobs: JobsService,
    private readonly notifications: NotificationsService,
    private readonly workbench: WorkbenchService,
  ) {}

  onModuleInit(): void {
    this.jobs.register<RemindPayload>(WORKBENCH_QUEUE, WorkbenchJob.Remind, (p) =>
      this.remind(p).then(() => undefined),
    );
    this.jobs.register(WORKBENCH_QUEUE, WorkbenchJob.Sweep, () => this.sweep().then(() => undefined));
    this.jobs.register<EnterPayload>(WORKBENCH_QUEUE, WorkbenchJob.Enter, (p) => this.enterNow(p));
    void this.jobs
      .repeat(WORKBENCH_QUEUE, WorkbenchJob.Sweep, {}, REMINDER_SWEEP_MS)
      .catch((e: Error) => this.logger.warn(`reminder sweep not scheduled: ${e.message}`));
  }

  /** The staff sub-roles that grant `queue`'s capability. */
  private rolesFor(queue: WorkQueue): StaffRole[] {
    const cap = WORK_QUEUES[queue].capability;
    return (Object.keys(STAFF_CAPABILITIES) as StaffRole[]).filter((r) => !!cap && STAFF_CAPABILITIES[r].includes(cap));
  }

  /** Writes `title`/`body` to the holders of `row` in `queue` (in `em`), the user `exceptUserId` excepted. */
  private async notifyHolders(
    em: EntityManager,
    queue: WorkQueue,
    row: WorkRow,
    title: string,
    body: string,
    exceptUserId: string | null,
    category: NotificationCategory,
  ): Promise<number> {
    const def = WORK_QUEUES[queue];
    if (def.holder === 'party') {
      await this.notifications.notifyOrg(em, row.org_id, title, body, row.link, category);
      return row.org_id ? 1 : 0;
    }
    if (def.holder === 'recommender') {
      // The recommenders holding the item: its own authority's, else those covering its organisation's region —
      // the workbench's condition (`recommenderHolderSql`) applied to this row.
      const recs: { id: string; authority: string }[] = await em.query(
        `SELECT id, authority FROM app_user
         WHERE role = 'staff' AND disabled_at IS NULL AND 'recommender' = ANY(staff_roles) AND authority IS NOT NULL
           AND ($1::uuid IS NULL OR id <> $1) ORDER BY username`,
        [exceptUserId],
      );
      const params = recs.map((u) => recommenderHolderParams(u.authority));
      const holders: { id: string }[] = recs.length
        ? await em.query(
            `SELECT h.id FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY
               AS h(id, authority, prefix, exclude_csv, n)
             CROSS JOIN (SELECT $1::uuid AS org_id, $2::text AS authority) q
             WHERE ${recommenderHolderSql('h.authority', 'h.prefix', 'h.exclude_csv')}
             ORDER BY h.n`,
            [
              row.org_id,
              row.authority,
              recs.map((u) => u.id),
              params.map((p) => p[0]),
              params.map((p) => p[1]),
              params.map((p) => p[2]),
            ],
          )
        : [];
      for (const u of holders) await this.notifications.notifyUser(em, u.id, title, body, row.link, category);
      return holders.length;
    }
    if (def.holder === 'expert') {
      if (!row.user_id) return 0;
      await this.notifications.notifyUser(em, row.user_id, title, body, row.link, category);
      return 1;
    }
    const users: { id: string }[] = await em.query(
      `SELECT id FROM app_user
       WHERE role = 'staff' AND disabled_at IS NULL AND staff_roles && $1::text[] AND ($2::uuid IS NULL OR id <> $2)
       ORDER BY username`,
      [this.rolesFor(queue), exceptUserId],
    );
    for (const u of users) await this.notifications.notifyUser(em, u.id, title, body, row.link, category);
    return users.length;
  }

  /**
   * Item `id` has just entered `queue` (call it in the transaction that put it there, after the change): its
   * holders are notified ("待办:…, 请于 <dueOn> 前处理") and its due and overdue reminders are scheduled. Does
   * nothing when the item does not wait in the queue after all.
   * @param actorUserId the user whose change it was (not notified of their own work).
   */
  async entered(em: EntityManager, queue: WorkQueue, id: string, actorUserId: string | null): Promise<void> {
    const row = await this.workbench.waiting(em, queue, id);
    if (!row) return;
    const d = this.workbench.due(queue, row);
    const def = WORK_QUEUES[queue];
    await this.notifyHolders(
      em,
      queue,
      row,
      `待办:${def.label}`,
      `${row.title}。请于 ${d.dueOn} 前处理${d.provisional ? '(节假日安排未公布,日期可能调整)' : ''}。`,
      actorUserId,
      'task',
    );
    await this.scheduleReminders(queue, row);
  }

  /**
   * Item `id` will enter `queue` at `at` with no request to announce it (a carrier notice ending, `carrierNoticeEnded`):
   * schedules `WorkbenchJob.Enter` then (`jobId` `enter:<queue>:<id>:<at>`, once per item and instant), which does
   * what `entered` does if the item waits in the queue by then, and nothing otherwise. Call it in the transaction
   * that fixed the instant; a job whose transaction rolled back finds nothing waiting. A lost in-process job (restart
   * without Redis) costs only this first message: the due and overdue reminders still come from the sweep.
   */
  async enterAt(queue: WorkQueue, id: string, at: Date): Promise<void> {
    const payload: EnterPayload = { queue, itemId: id };
    await this.jobs.schedule(WORKBENCH_QUEUE, WorkbenchJob.Enter, payload, at, enterJobId(payload, at));
  }

  /** The `WorkbenchJob.Enter` job: `entered` (no actor) in its own transaction, for a known queue. */
  async enterNow(p: EnterPayload): Promise<void> {
    const queue = p.queue as WorkQueue;
    if (!WORK_QUEUE_ORDER.includes(queue)) return;
    await this.db.transaction((em) => this.entered(em, queue, p.itemId, null));
  }

  /**
   * Item `id` has entered `queue` and its holders were told already (e.g. the expert's own invitation): only its
   * due and overdue reminders are scheduled. Does nothing when it does not wait there.
   */
  async remindLater(em: EntityManager, queue: WorkQueue, id: string): Promise<void> {
    const row = await this.workbench.waiting(em, queue, id);
    if (row) await this.scheduleReminders(queue, row);
  }

  /** Schedules the due (09:00 Beijing on the due date) and overdue (00:00 after it) reminders of `row`. */
  async scheduleReminders(queue: WorkQueue, row: WorkRow): Promise<void> {
    const d = this.workbench.due(queue, row);
    const dueAt = new Date(beijingStartOf(d.dueOn).getTime() + DUE_REMINDER_HOUR * 3_600_000);
    for (const [kind, at] of [
      ['due', dueAt],
      ['overdue', d.overdueAt],
    ] as const) {
      const payload: RemindPayload = { queue, itemId: row.id, kind };
      await this.jobs.schedule(WORKBENCH_QUEUE, WorkbenchJob.Remind, payload, at, remindJobId(payload, d.dueOn));
    }
  }

  /**
   * The reminder job: when item `itemId` still waits in `queue` and is due today (`due`) or overdue (`overdue`),
   * notifies its holders once (a `work_reminder` row per item, kind and due date; a second run finds it and sends
   * nothing). A job that finds the item not yet due (its period was lengthened) does nothing.
   * @returns true when it notified.
   */
  async remind(p: RemindPayload, now = new Date()): Promise<boolean> {
    const queue = p.queue as WorkQueue;
    if (!WORK_QUEUE_ORDER.includes(queue) || (p.kind !== 'due' && p.kind !== 'overdue')) return false;
    return this.db.transaction(async (em) => {
      const row = await this.workbench.waiting(em, queue, p.itemId);
      if (!row) return false;
      const d = this.workbench.due(queue, row, now);
      if (p.kind === 'overdue' ? !d.overdue : now.getTime() < beijingStartOf(d.dueOn).getTime()) return false;
      const inserted: unknown[] = await em.query(
        `INSERT INTO work_reminder (queue, item_id, kind, due_on) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING RETURNING item_id`,
        [queue, row.id, p.kind, d.dueOn],
      );
      if (!inserted.length) return false;
      const def = WORK_QUEUES[queue];
      const [title, body] =
        p.kind === 'due'
          ? [`今日到期:${def.label}`, `${row.title}。处理期限为今天(${d.dueOn})。`]
          : [`已逾期:${def.label}`, `${row.title}。处理期限 ${d.dueOn} 已过,请尽快处理。`];
      await this.notifyHolders(em, queue, row, title, body, null, 'reminder');
      return true;
    });
  }

  /** Sends every due or overdue reminder not yet sent (the sweep behind the delayed jobs). @returns how many. */
  async sweep(now = new Date()): Promise<number> {
    let sent = 0;
    for (const queue of WORK_QUEUE_ORDER) {
      for (const row of await this.workbench.dueItems(queue, now)) {
        const overdue = this.workbench.due(queue, row, now).overdue;
        if (await this.remind({ queue, itemId: row.id, kind: overdue ? 'overdue' : 'due' }, now)) sent++;
      }
    }
    return sent;
  }
}

/** The deterministic job id of an announced entry (one per item and instant). */
export function enterJobId(p: EnterPayload, at: Date): string {
  return `enter:${p.queue}:${p.itemId}:${at.toISOString()}`;
}

/** The deterministic job id of a reminder (one per item, kind and due date). */
export function remindJobId(p: RemindPayload, dueOn: string): string {
  return `remind:${p.queue}:${p.itemId}:${p.kind}:${dueOn}`;
}
