import { Capability } from '@jiebang/contracts';
import { CARRIER_DUE_LEAD_DAYS, CARRIER_REPORT_DEFAULT_DUE_MONTH_DAY } from './carriers/running';
import { DURATIONS } from './durations';
import { beijingDate, isWorkingDay, noticePeriod } from './notice';

/**
 * The work queues of the workbench (工作台) and how long an item may wait in each, in Chinese working days
 * (RULEBOOK §4; issue 14 item 1). One table: each period names its source article, or `configuration` where the
 * policy texts name none (only the public notice's 5 working days is written down: `000` 四.3, `001 §10(三)`;
 * `004` sets no time limit for screening, review, confirmation or approval). A deployment overrides any period
 * with `WORK_QUEUE_DAYS` (`parseQueueDayOverrides`); the due date is counted with `noticePeriod` of `./notice`
 * (the same working-day calendar as the notice: weekends and statutory holidays skipped, make-up days counted).
 */
export type WorkQueue =
  | 'screening'
  | 'applicationReview'
  | 'expertReview'
  | 'agreementReview'
  | 'objection'
  | 'signing'
  | 'installmentConfirmation'
  | 'milestoneReview'
  | 'changeDecision'
  | 'subsidyApproval'
  | 'consent'
  | 'offerAnswer'
  | 'changeAgreement'
  | 'milestoneReport'
  | 'carrierNoticeEnded'
  | 'carrierReportDue'
  | 'carrierReportReview'
  | 'carrierReportFiling'
  | 'carrierEvaluationDue'
  | 'carrierPreparingDue'
  | 'carrierRectificationDue'
  | 'carrierChangeReview'
  | 'carrierChangeRecommend'
  | 'carrierEstablishmentRecommend'
  | 'caseByCaseApproval';

/**
 * Who works a queue: department staff (by capability), a party organisation, an invited expert, or the
 * recommender (推荐部门 / 组织单位) whose authority covers the item's organisation (`recommender`, RULEBOOK §7).
 */
export type QueueHolder = 'staff' | 'party' | 'expert' | 'recommender';

/** One queue's row of the table. */
export interface WorkQueueDef {
  /** What users read (plain Chinese). */
  label: string;
  holder: QueueHolder;
  /**
   * Working days an item may wait before it is overdue; `null` when the item carries its own due date (a
   * milestone's `due_on` from the agreement's schedule).
   */
  workingDays: number | null;
  /** The article the period comes from, or `configuration` where the policy texts name none. */
  source: string;
  /** The article of the step itself (what the work is). */
  rule: string;
  /** For staff queues: the capability (`@jiebang/contracts` permissions) that lets a staff member work it. */
  capability?: Capability;
}

/** The default periods (working days) of every queue, with their sources. */
export const WORK_QUEUES: Readonly<Record<WorkQueue, WorkQueueDef>> = {
  screening: {
    label: '需求论证',
    holder: 'staff',
    capability: Capability.RunDeals,
    workingDays: 10,
    source: 'configuration',
    rule: '004 §9(二)',
  },
  applicationReview: {
    label: '揭榜申报评审',
    holder: 'staff',
    capability: Capability.RunDeals,
    workingDays: 10,
    source: 'configuration',
    rule: '004 §9(五)',
  },
  expertReview: {
    label: '专家评审',
    holder: 'expert',
    workingDays: 5,
    source: 'configuration',
    rule: '004 §9(二)、(五)',
  },
  agreementReview: {
    label: '协议审查',
    holder: 'staff',
    capability: Capability.RunDeals,
    workingDays: 5,
    source: 'configuration',
    rule: '004 §9(七)',
  },
  objection: {
    label: '异议处理',
    // The objection is lodged during the notice; staff answer it within the notice's own length.
    holder: 'staff',
    capability: Capability.RunDeals,
    workingDays: DURATIONS.notice.workingDays,
    source: DURATIONS.notice.rule,
    rule: '004 §9(七)',
  },
  signing: {
    label: '签约登记',
    holder: 'staff',
    capability: Capability.RunDeals,
    workingDays: 10,
    source: 'configuration',
    rule: '004 §9(七)',
  },
  installmentConfirmation: {
    label: '资金到位确认',
    holder: 'staff',
    capability: Capability.RunDeals,
    workingDays: 5,
    source: 'configuration',
    rule: '004 §10, §12',
  },
  milestoneReview: {
    label: '里程碑审核',
    holder: 'staff',
    capability: Capability.RunDeals,
    workingDays: 10,
    source: 'configuration',
    rule: '004 §13',
  },
  changeDecision: {
    label: '延期/终止审批',
    holder: 'staff',
    capability: Capability.DecideDealChanges,
    workingDays: 10,
    source: 'configuration',
    rule: '004 §15',
  },
  subsidyApproval: {
    label: '补助审批',
    holder: 'staff',
    capability: Capability.ApproveSubsidy,
    workingDays: 10,
    source: 'configuration',
    rule: '004 §11, §12',
  },
  consent: { label: '联合体成员确认', holder: 'party', workingDays: 5, source: 'configuration', rule: '004 §9(四)' },
  offerAnswer: { label: '答复报价', holder: 'party', workingDays: 5, source: 'configuration', rule: '004 §9(六)' },
  changeAgreement: {
    label: '确认延期/终止申请',
    holder: 'party',
    workingDays: 5,
    source: 'configuration',
    rule: '004 §15',
  },
  milestoneReport: {
    label: '提交里程碑报告',
    holder: 'party',
    workingDays: null,
    source: '任务书/揭榜协议约定的里程碑日期 (004 §13)',
    rule: '004 §13',
  },
  // Carrier platforms' applications (issue 15 §3): the notice is over without an open objection (公示期满无异议),
  // so the application waits for 发文公布 (`000` 四.3, `001 §10(三)`, `003 §11`); the texts set no time for it.
  carrierNoticeEnded: {
    label: '公示期满待发文公布',
    holder: 'staff',
    capability: Capability.RunCarrierProgrammes,
    workingDays: 10,
    source: 'configuration',
    rule: '000 四.3; 001 §10(三); 003 §11(四)',
  },
  // Carrier platforms' running years (issue 15 §6; RULEBOOK §7 "After the decision").
  carrierReportDue: {
    label: '年度报告待提交',
    holder: 'party',
    workingDays: null,
    source: `003 §29 (技术创新中心次年 1 月 31 日前); 001 §15、002 §13 未规定日期: configuration (次年 ${CARRIER_REPORT_DEFAULT_DUE_MONTH_DAY.replace('-', ' 月 ')} 日前)`,
    rule: '001 §15; 002 §13; 003 §29',
  },
  carrierReportReview: {
    label: '年度报告待审核',
    holder: 'recommender',
    capability: Capability.RecommendCarriers,
    workingDays: 10,
    source: 'configuration',
    rule: '001 §15; 003 §29',
  },
  carrierReportFiling: {
    label: '年度报告待归档',
    holder: 'staff',
    capability: Capability.RunCarrierProgrammes,
    workingDays: 10,
    source: 'configuration',
    rule: '001 §15; 002 §13; 003 §29',
  },
  carrierEvaluationDue: {
    label: '绩效评价到期',
    holder: 'staff',
    capability: Capability.RunCarrierProgrammes,
    workingDays: null,
    source: `001 §16 (每两年); 003 §32 (成立后每三年); 提前 ${CARRIER_DUE_LEAD_DAYS} 天列入: configuration`,
    rule: '001 §16; 003 §32–34',
  },
  carrierPreparingDue: {
    label: '筹建期满考核',
    holder: 'staff',
    capability: Capability.RunCarrierProgrammes,
    workingDays: null,
    source: `003 §20 (筹建期 2 年); 提前 ${CARRIER_DUE_LEAD_DAYS} 天列入: configuration`,
    rule: '003 §20–21',
  },
  carrierRectificationDue: {
    label: '整改期满复评',
    holder: 'staff',
    capability: Capability.RunCarrierProgrammes,
    workingDays: null,
    source: `001 §16; 003 §34 (整改期 1 年); 提前 ${CARRIER_DUE_LEAD_DAYS} 天列入: configuration`,
    rule: '001 §16, §18; 003 §34',
  },
  carrierChangeReview: {
    label: '重大事项变更处理',
    holder: 'staff',
    capability: Capability.RunCarrierProgrammes,
    workingDays: 10,
    source: 'configuration',
    rule: '001 §19; 002 §14; 003 §30',
  },
  carrierChangeRecommend: {
    label: '重大事项变更待审核(组织单位)',
    holder: 'recommender',
    capability: Capability.RecommendCarriers,
    workingDays: 10,
    source: 'configuration',
    rule: '001 §19; 003 §30',
  },
  carrierEstablishmentRecommend: {
    label: '筹建期满考核申请待审核(组织单位)',
    holder: 'recommender',
    capability: Capability.RecommendCarriers,
    workingDays: 10,
    source: 'configuration',
    rule: '003 §20',
  },
  caseByCaseApproval: {
    label: '一事一议审批',
    holder: 'staff',
    capability: Capability.RunCarrierProgrammes,
    workingDays: 5,
    source: 'configuration',
    rule: '003 §12',
  },
};

/** Every queue, in the order the workbench shows them. */
export const WORK_QUEUE_ORDER = Object.keys(WORK_QUEUES) as WorkQueue[];

/** Per-deployment periods (working days) replacing the table's defaults. */
export type QueueDayOverrides = Partial<Record<WorkQueue, number>>;

/**
 * Parses `WORK_QUEUE_DAYS`, e.g. `subsidyApproval=3,screening=15`: queue names of `WORK_QUEUES`, 1–60 working
 * days each. Empty or undefined → no overrides.
 * @throws RangeError naming the bad entry (unknown queue, a queue with its own due date, or days outside 1–60).
 */
export function parseQueueDayOverrides(text: string | undefined): QueueDayOverrides {
  const out: QueueDayOverrides = {};
  for (const part of (text ?? '').split(',').map((s) => s.trim())) {
    if (!part) continue;
    const m = /^([A-Za-z]+)\s*[=:]\s*(\d{1,2})$/.exec(part);
    if (!m) throw new RangeError(`WORK_QUEUE_DAYS: 无法识别 "${part}"(格式: 队列=工作日数)`);
    const q = m[1] as WorkQueue;
    if (!(q in WORK_QUEUES)) throw new RangeError(`WORK_QUEUE_DAYS: 没有名为 ${m[1]} 的待办队列`);
    if (WORK_QUEUES[q].workingDays === null) throw new RangeError(`WORK_QUEUE_DAYS: ${q} 按约定日期计,不能配置`);
    const n = Number(m[2]);
    if (n < 1 || n > 60) throw new RangeError(`WORK_QUEUE_DAYS: ${q} 应为 1–60 个工作日`);
    out[q] = n;
  }
  return out;
}

/** The period of `queue` in working days after `overrides` (null for a queue with its items' own dates). */
export function queueWorkingDays(queue: WorkQueue, overrides: QueueDayOverrides = {}): number | null {
  return overrides[queue] ?? WORK_QUEUES[queue].workingDays;
}

/** The due date of one waiting item and where it stands today. */
export interface QueueDue {
  /** Beijing date `YYYY-MM-DD` of the last day the item may wait (to 24:00). */
  dueOn: string;
  /** The instant the item becomes overdue: 00:00 Beijing of the day after `dueOn`. */
  overdueAt: Date;
  /** True once `overdueAt` has passed. */
  overdue: boolean;
  /**
   * Working days from today (exclusive) up to `dueOn` (inclusive): 0 on the due date itself or when `dueOn` is
   * no working day after today; negative once overdue (minus the working days since `dueOn`).
   */
  workingDaysLeft: number;
  /** True when a counted year's holidays are not yet in the calendar (the date may still move). */
  provisional: boolean;
}

function nextDay(date: string, days = 1): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Working days in the dates after `from` up to and including `to` (0 when `to` <= `from`); capped at 400. */
function workingDaysBetween(from: string, to: string): number {
  let n = 0;
  for (let d = nextDay(from), i = 0; d <= to && i < 800; d = nextDay(d), i++) if (isWorkingDay(d)) n++;
  return n;
}

/**
 * When an item that entered `queue` at `enteredAt` is due: `workingDays` working days counted from the first
 * working day after the Beijing day it entered (as a notice period is counted, `noticePeriod`), or the item's
 * own date `ownDueOn` for queues without a period (milestone reports).
 * @param now the instant to judge overdue and the days left against (default now).
 * @throws RangeError when the queue has no period and no `ownDueOn` is given.
 */
export function queueDue(
  queue: WorkQueue,
  enteredAt: Date,
  opts: { overrides?: QueueDayOverrides; ownDueOn?: string | null; now?: Date } = {},
): QueueDue {
  const now = opts.now ?? new Date();
  const days = queueWorkingDays(queue, opts.overrides);
  let dueOn: string;
  let provisional = false;
  if (days === null || opts.ownDueOn) {
    if (!opts.ownDueOn) throw new RangeError(`${queue} 的待办须有约定日期`);
    dueOn = opts.ownDueOn;
  } else {
    const p = noticePeriod(beijingDate(enteredAt), Math.min(days, 30));
    // Periods above the calendar function's 30 days continue from its last day.
    dueOn = days > 30 ? noticePeriod(p.lastDay, days - 30).lastDay : p.lastDay;
    provisional = p.provisional;
  }
  const overdueAt = new Date(`${nextDay(dueOn)}T00:00:00+08:00`);
  const today = beijingDate(now);
  const workingDaysLeft = today <= dueOn ? workingDaysBetween(today, dueOn) : 0 - workingDaysBetween(dueOn, today) || 0;
  return { dueOn, overdueAt, overdue: now.getTime() >= overdueAt.getTime(), workingDaysLeft, provisional };
}
