import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { can, CurrentUser, Role, WorkbenchDto, WorkItemDto, WorkQueueDto } from '@jiebang/contracts';
import {
  beijingDate,
  beijingStartOf,
  parseQueueDayOverrides,
  queueDue,
  queueWorkingDays,
  WORK_QUEUE_ORDER,
  WORK_QUEUES,
  type QueueDayOverrides,
  type QueueDue,
  type WorkQueue,
} from '@jiebang/policy';
import { EnvConfig } from '../config/env.config';
import { recommenderHolderParams, recommenderHolderSql } from './recommender-holder';
import { WORK_QUERIES } from './work-queries';

/** One waiting item as `WORK_QUERIES` return it. */
export interface WorkRow {
  id: string;
  kind: string;
  title: string;
  link: string;
  entered_at: Date;
  own_due_on: string | null;
  org_id: string | null;
  user_id: string | null;
  /** The recommending authority (`AUTHORITIES` code) of a recommender queue's item; null where unknown or none. */
  authority: string | null;
}

/** Default and largest number of items listed per queue. */
export const WORKBENCH_DEFAULT_LIMIT = 20;

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * The workbench (工作台, issue 14 item 1): for the signed-in user, the items waiting in each queue they hold, oldest
 * first, with their due dates in Chinese working days (`WORK_QUEUES` and `queueDue` of `@jiebang/policy`; periods
 * overridable by `WORK_QUEUE_DAYS`). Staff hold the queues their capabilities allow (`WORK_QUEUES[q].capability`,
 * `can` of `@jiebang/contracts`), experts their review invitations, institute and enterprise users their
 * organisation's work, recommenders the items their authority recommended — or, where an item names no authority,
 * of organisations within their region (`recommenderHolderSql`: a 自治区部门 holds its own items, a 盟市 never another
 * authority's). One query per queue (`WORK_QUERIES`).
 */
@Injectable()
export class WorkbenchService {
  readonly overrides: QueueDayOverrides;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    config: EnvConfig,
  ) {
    this.overrides = parseQueueDayOverrides(config.WORK_QUEUE_DAYS);
  }

  /** The queues `user` holds, in the workbench's order. */
  queuesOf(user: CurrentUser): WorkQueue[] {
    return WORK_QUEUE_ORDER.filter((q) => {
      const def = WORK_QUEUES[q];
      if (def.holder === 'staff') return !!def.capability && can(user, def.capability);
      // A recommender's queue: the items its authority recommended, else of organisations it covers
      // (`recommenderHolderSql`).
      if (def.holder === 'recommender') return !!user.authority && !!def.capability && can(user, def.capability);
      if (def.holder === 'expert') return user.role === Role.Expert;
      return (user.role === Role.Institute || user.role === Role.Enterprise) && !!user.orgId;
    });
  }

  /** The due date of an item of `queue` (with this deployment's periods). */
  due(queue: WorkQueue, row: Pick<WorkRow, 'entered_at' | 'own_due_on'>, now = new Date()): QueueDue {
    return queueDue(queue, new Date(row.entered_at), { overrides: this.overrides, ownDueOn: row.own_due_on, now });
  }

  /**
   * The instant before which an item entering `queue` is overdue at `now`: 00:00 Beijing of the day after the
   * latest entry date whose due date has passed (due dates grow with the entry date, so one cut-off counts a whole
   * queue in SQL). Null for queues whose items carry their own dates.
   */
  overdueCutoff(queue: WorkQueue, now = new Date()): Date | null {
    if (queueWorkingDays(queue, this.overrides) === null) return null;
    let day = beijingDate(now);
    for (let i = 0; i < 400; i++, day = addDays(day, -1)) {
      const d = queueDue(queue, beijingStartOf(day), { overrides: this.overrides, now });
      if (d.overdue) return beijingStartOf(addDays(day, 1));
    }
    return beijingStartOf(day);
  }

  /**
   * `GET /api/v1/workbench`: the caller's queues with up to `limit` items each (oldest first), their totals and
   * how many are overdue.
   */
  async forUser(user: CurrentUser, limit = WORKBENCH_DEFAULT_LIMIT): Promise<WorkbenchDto> {
    const now = new Date();
    const queues: WorkQueueDto[] = [];
    for (const q of this.queuesOf(user)) queues.push(await this.queue(q, user, limit, now));
    return {
      at: now.toISOString(),
      total: queues.reduce((s, q) => s + q.total, 0),
      overdue: queues.reduce((s, q) => s + q.overdue, 0),
      queues,
    };
  }

  /** One queue for `user`: a single query over `WORK_QUERIES[queue]`, holder-filtered, counted and capped. */
  private async queue(queue: WorkQueue, user: CurrentUser, limit: number, now: Date): Promise<WorkQueueDto> {
    const def = WORK_QUEUES[queue];
    const holder =
      def.holder === 'party'
        ? 'q.org_id = $1'
        : def.holder === 'expert'
          ? 'q.user_id = $1'
          : def.holder === 'recommender'
            ? `$1::text IS NOT NULL AND ${recommenderHolderSql('$1::text', '$4::text', '$5::text')}`
            : '$1::uuid IS NULL';
    const cutoff = this.overdueCutoff(queue, now);
    const overdueCond = cutoff ? 'q.entered_at < $3' : 'q.own_due_on < $3::date';
    const rows: (WorkRow & { total: string; overdue: string })[] = await this.db.query(
      `SELECT q.id, q.kind, q.title, q.link, q.entered_at, q.own_due_on::text AS own_due_on, q.org_id, q.user_id, q.authority,
         count(*) OVER () AS total, count(*) FILTER (WHERE ${overdueCond}) OVER () AS overdue
       FROM (${WORK_QUERIES[queue]}) q
       WHERE ${holder}
       ORDER BY q.entered_at, q.id
       LIMIT $2`,
      [
        def.holder === 'party'
          ? user.orgId
          : def.holder === 'expert'
            ? user.id
            : def.holder === 'recommender'
              ? (user.authority ?? null)
              : null,
        limit,
        cutoff ? cutoff.toISOString() : beijingDate(now),
        ...(def.holder === 'recommender' ? recommenderHolderParams(user.authority ?? '').slice(1) : []),
      ],
    );
    return {
      queue,
      label: def.label,
      workingDays: queueWorkingDays(queue, this.overrides),
      source: def.source,
      total: rows.length ? Number(rows[0].total) : 0,
      overdue: rows.length ? Number(rows[0].overdue) : 0,
      items: rows.map((r) => this.item(queue, r, now)),
    };
  }

  /** A row as the workbench shows it. */
  item(queue: WorkQueue, r: WorkRow, now = new Date()): WorkItemDto {
    const d = this.due(queue, r, now);
    return {
      queue,
      kind: r.kind,
      id: r.id,
      title: r.title,
      link: r.link,
      enteredAt: new Date(r.entered_at).toISOString(),
      dueOn: d.dueOn,
      overdue: d.overdue,
      workingDaysLeft: d.workingDaysLeft,
      provisional: d.provisional,
    };
  }

  /** The waiting item `id` of `queue`, or null when it no longer waits there (read in `em`'s transaction). */
  async waiting(em: EntityManager | DataSource, queue: WorkQueue, id: string): Promise<WorkRow | null> {
    const [row] = (await em.query(
      `SELECT q.id, q.kind, q.title, q.link, q.entered_at, q.own_due_on::text AS own_due_on, q.org_id, q.user_id,
         q.authority
       FROM (${WORK_QUERIES[queue]}) q WHERE q.id = $1`,
      [id],
    )) as WorkRow[];
    return row ?? null;
  }

  /**
   * Up to `limit` waiting items of `queue` whose due date is today or past and whose overdue reminder has not been
   * sent yet (for the reminder sweep), oldest first.
   */
  async dueItems(queue: WorkQueue, now = new Date(), limit = 500): Promise<WorkRow[]> {
    const rows = (await this.db.query(
      `SELECT q.id, q.kind, q.title, q.link, q.entered_at, q.own_due_on::text AS own_due_on, q.org_id, q.user_id,
         q.authority
       FROM (${WORK_QUERIES[queue]}) q
       WHERE NOT EXISTS (SELECT 1 FROM work_reminder r WHERE r.queue = $2 AND r.item_id = q.id AND r.kind = 'overdue')
       ORDER BY q.entered_at, q.id LIMIT $1`,
      [limit, queue],
    )) as WorkRow[];
    const today = beijingDate(now);
    return rows.filter((r) => this.due(queue, r, now).dueOn <= today);
  }
}
