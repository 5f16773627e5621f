import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/**
 * The workbench (工作台, issue 14 item 1): what waits for the signed-in user, per work queue, oldest first, each
 * with its due date in Chinese working days. The queues and their periods are `WORK_QUEUES` of `@jiebang/policy`.
 */

/** Queue and job names of the due/overdue reminders (ARCHITECTURE practice 6). */
export const WORKBENCH_QUEUE = 'workbench';

export enum WorkbenchJob {
  /** Remind the holders of one waiting item that it is due today / overdue (`jobId` `remind:<queue>:<id>:<kind>`). */
  Remind = 'remind',
  /** Send every due/overdue reminder not yet sent (after a restart lost in-process timers). */
  Sweep = 'sweep',
  /**
   * An item enters a queue at a known instant without any request (a carrier notice's end): tell its holders then
   * and schedule its reminders (`jobId` `enter:<queue>:<id>:<instant>`; `EnterPayload`).
   */
  Enter = 'enter',
}

/** Payload of `WorkbenchJob.Enter`. */
export interface EnterPayload {
  /** A `WorkQueue` of `@jiebang/policy`. */
  queue: string;
  /** The item expected to wait in it from the job's instant on. */
  itemId: string;
}

/** Payload of `WorkbenchJob.Remind`. */
export interface RemindPayload {
  /** A `WorkQueue` of `@jiebang/policy`. */
  queue: string;
  /** The waiting item's id (listing, application, objection, installment, milestone, subsidy, …). */
  itemId: string;
  /** `due`: on the due date (09:00 Beijing); `overdue`: from 00:00 Beijing of the day after. */
  kind: 'due' | 'overdue';
}

/** Query of `GET /api/v1/workbench`. */
export class WorkbenchQuery {
  /** Items listed per queue, oldest first (1–100, default 20); `total` counts them all. */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '每组显示条数应为整数' })
  @Min(1, { message: '每组显示条数至少 1' })
  @Max(100, { message: '每组显示条数至多 100' })
  limit?: number;
}

/** One waiting item. */
export class WorkItemDto {
  /** Its queue (`WorkQueue` of `@jiebang/policy`). */
  queue!: string;
  /** What the item is: `listing`, `application`, `expert_assignment`, `deal`, `objection`, `installment`,
   * `milestone`, `deal_change`, `subsidy`, `offer`, `application_member`. */
  kind!: string;
  id!: string;
  /** What users read, e.g. the listing's title. */
  title!: string;
  /** The web path where the item is worked, e.g. `/deals/<id>`. */
  link!: string;
  /** When it entered the queue (ISO 8601). */
  enteredAt!: string;
  /** Beijing date `YYYY-MM-DD`: the last day it may wait (to 24:00). */
  dueOn!: string;
  /** True from 00:00 Beijing of the day after `dueOn`. */
  overdue!: boolean;
  /** Working days left after today up to `dueOn`; 0 on the due date; negative once overdue. */
  workingDaysLeft!: number;
  /** True when the holiday calendar of a counted year is not yet published (the date may move). */
  provisional!: boolean;
}

/** One queue of the workbench. */
export class WorkQueueDto {
  /** `WorkQueue` of `@jiebang/policy`. */
  queue!: string;
  /** Plain-Chinese name, e.g. 补助审批. */
  label!: string;
  /** Working days an item may wait (after `WORK_QUEUE_DAYS`); null when each item has its own date. */
  workingDays!: number | null;
  /** The article of the period, or `configuration` where the policy texts name none. */
  source!: string;
  /** Items waiting in all. */
  total!: number;
  /** Of them overdue. */
  overdue!: number;
  /** The oldest `limit` items, oldest first. */
  items!: WorkItemDto[];
}

/** Response of `GET /api/v1/workbench`: the caller's queues (those their role and capabilities give them). */
export class WorkbenchDto {
  /** When it was computed (ISO 8601); due dates are judged against this instant. */
  at!: string;
  /** Items waiting in all queues. */
  total!: number;
  /** Of them overdue. */
  overdue!: number;
  queues!: WorkQueueDto[];
}
