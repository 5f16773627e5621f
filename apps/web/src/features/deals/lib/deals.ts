/**
 * The deal lifecycle in the web app (揭榜协议审查 → 公示 → 签约 → 实施 → 验收 → 补助 → 完成; seed `004 §9(七)–(八)`,
 * `§10–§16`): the routes and the queries an action makes stale (`dealChanged`), Chinese labels and tag colours of
 * every status, the lifecycle steps of a deal, the staff work queues, who may do what (and who may read the
 * history), exact money texts (fen as BigInt, never floating point; `./dealMoney`, re-exported here) and the
 * Chinese explanation of a refused action. The calls themselves go through the generated client (`$api`, `api`).
 */
import {
  AUDIT_EVENT_LABELS,
  DealStatus,
  ERROR_MESSAGES,
  ErrorCode,
  isErrorCode,
  ListingKind,
  type CurrentUser,
  type DealChangeDto,
  type DealDto,
  type DealQueryDto,
  type FundingInstallmentDto,
  type MilestoneDto,
  type ObjectionDto,
  type SubsidyDto,
  StaffRole,
} from '@jiebang/contracts';
import { calendarCovers, payerOf } from '@jiebang/policy';
import type { components } from '../../../../generated/openapi-schema';
import { ApiError } from '../../../api/errors';
import { invalidate } from '../../../api/query';
import { isStaff } from '../../../auth/useAuth';
import { hasChinese } from '../../../shared/lib/apiErrors';
import { auditActionLabel, workflowStatusLabel } from '../../../shared/lib/pipeline';
import { moneyShort } from './dealMoney';
import { ruleWords } from '../../../shared/lib/rules';

export * from './dealMoney';
export { basisText, ruleWords } from '../../../shared/lib/rules';

// ---- Routes and queries ----

/** A staff work queue of `GET /deals?queue=`. */
export type DealQueue = NonNullable<DealQueryDto['queue']>;

/** The web route of a deal page. */
export function dealPagePath(id: string): string {
  return `/deals/${encodeURIComponent(id)}`;
}

/**
 * Marks stale everything a deal action may have changed: the deal, its history, the deal lists (parties' and the
 * staff's queues) and the public notice board. Returns when the queries on screen have been refetched.
 */
export function dealChanged(): Promise<void> {
  return invalidate('/api/v1/deals/{id}', '/api/v1/deals/{id}/timeline', '/api/v1/deals', '/api/v1/notices');
}

/** A deal as the generated client types `GET /api/v1/deals/{id}`. */
export type DealResponse = components['schemas']['DealDto'];

/**
 * The deal of a response as the contract's class types it. The generated schema marks `terms.schedule` optional
 * (the OpenAPI writer flags an array of inline objects `selfRequired` instead of listing it as required); the API
 * always sends it.
 */
export function toDealDto(deal: DealResponse): DealDto {
  return { ...deal, terms: { ...deal.terms, schedule: deal.terms.schedule ?? [] } };
}

/** The listing kind of a deal (the contract's enum). */
export function dealListingKind(deal: Pick<DealDto, 'kind'>): ListingKind {
  return deal.kind === 'challenge' ? ListingKind.Challenge : ListingKind.Achievement;
}

// ---- Who may do what ----

/** My capacities on a deal, from the deal's `myRoles` and my staff sub-roles. */
export interface DealCapacities {
  poster: boolean;
  taker: boolean;
  /** The paying (demand) side: the poster of a challenge, the taker of an achievement (004 §10). */
  payer: boolean;
  /** Any 科技厅 staff. */
  staff: boolean;
  /** Staff who run the deal (对接专员, 管理员): notice, objections, signing, reviews, acceptance, proposals. */
  broker: boolean;
  /** Staff who approve public money (审批人, 管理员). */
  approver: boolean;
}

/** The capacities of `user` on `deal`. */
export function dealCapacities(
  deal: Pick<DealDto, 'myRoles' | 'kind'>,
  user: CurrentUser | null | undefined,
): DealCapacities {
  const staff = isStaff(user) || deal.myRoles.includes('staff');
  const roles = user?.staffRoles ?? [];
  return {
    poster: deal.myRoles.includes('poster'),
    taker: deal.myRoles.includes('taker'),
    payer: deal.myRoles.includes(payerOf(deal.kind)),
    staff,
    broker: staff && roles.some((r) => r === StaffRole.Broker || r === StaffRole.Admin),
    approver: staff && roles.some((r) => r === StaffRole.Approver || r === StaffRole.Admin),
  };
}

/** Party labels. */
export const PARTY_LABELS: Record<'poster' | 'taker' | 'staff', string> = {
  poster: '发榜方',
  taker: '揭榜方',
  staff: '科技厅工作人员',
};

/**
 * True when the signed-in user may read the deal's history (项目进程) and files: its parties and staff, i.e. when
 * the deal names a capacity of mine (`myRoles`). Anyone else signed in sees a deal only while it is on notice, and
 * the API answers its history with 404 — so the page does not ask.
 */
export function dealHistoryVisible(deal: Pick<DealDto, 'myRoles'>): boolean {
  return deal.myRoles.length > 0;
}

// ---- Statuses ----

/** Tag colours of deal statuses. */
export const DEAL_STATUS_COLORS: Record<DealStatus, string> = {
  [DealStatus.AgreementReview]: 'blue',
  [DealStatus.OnNotice]: 'gold',
  [DealStatus.Frozen]: 'volcano',
  [DealStatus.AwaitingSigning]: 'cyan',
  [DealStatus.InProgress]: 'processing',
  [DealStatus.Accepted]: 'green',
  [DealStatus.AcceptanceFailed]: 'red',
  [DealStatus.Completed]: 'success',
  [DealStatus.Returned]: 'default',
  [DealStatus.Terminated]: 'default',
};

/** A label and a tag colour. */
export interface StatusMeta {
  label: string;
  color: string;
}

/** Objection statuses. */
export const OBJECTION_STATUS_META: Record<ObjectionDto['status'], StatusMeta> = {
  open: { label: '待处理', color: 'warning' },
  dismissed: { label: '异议不成立', color: 'default' },
  upheld: { label: '异议成立', color: 'error' },
};

/** Outcomes of an upheld objection. */
export const OBJECTION_OUTCOME_LABELS: Record<'renegotiate' | 'terminate', string> = {
  renegotiate: '退回洽谈，重新协商协议',
  terminate: '终止揭榜',
};

/** Installment statuses. */
export const INSTALLMENT_STATUS_META: Record<FundingInstallmentDto['status'], StatusMeta> = {
  recorded: { label: '待确认', color: 'processing' },
  confirmed: { label: '已确认到位', color: 'success' },
  rejected: { label: '已退回', color: 'error' },
};

/** Milestone statuses. */
export const MILESTONE_STATUS_META: Record<MilestoneDto['status'], StatusMeta> = {
  pending: { label: '未提交', color: 'default' },
  submitted: { label: '待审核', color: 'processing' },
  approved: { label: '已通过', color: 'success' },
  rejected: { label: '已退回', color: 'error' },
};

/** Acceptance statuses. */
export const ACCEPTANCE_STATUS_META: Record<DealDto['acceptance']['status'], StatusMeta> = {
  pending: { label: '未验收', color: 'default' },
  passed: { label: '验收通过', color: 'success' },
  failed: { label: '验收未通过', color: 'error' },
};

/** Change kinds. */
export const CHANGE_KIND_LABELS: Record<DealChangeDto['kind'], string> = {
  extension: '延期',
  termination: '终止',
};

/** Change statuses. */
export const CHANGE_STATUS_META: Record<DealChangeDto['status'], StatusMeta> = {
  proposed: { label: '待对方同意', color: 'processing' },
  agreed: { label: '双方已同意，待科技厅审核', color: 'gold' },
  approved: { label: '已批准', color: 'success' },
  rejected: { label: '未批准', color: 'error' },
};

/** Subsidy statuses. */
export const SUBSIDY_STATUS_META: Record<SubsidyDto['status'], StatusMeta> = {
  proposed: { label: '待审批', color: 'processing' },
  approved: { label: '已批准，待拨付', color: 'gold' },
  rejected: { label: '已退回', color: 'error' },
  disbursed: { label: '已拨付', color: 'success' },
};

/** Subsidy modes. */
export const SUBSIDY_MODE_LABELS: Record<'pre' | 'post', string> = {
  pre: '前资助(技术攻关类)',
  post: '后补助(成果转化类)',
};

/** Deal statuses an objection may be lodged in. */
export const OBJECTION_OPEN_STATUSES: ReadonlySet<DealStatus> = new Set([DealStatus.OnNotice, DealStatus.Frozen]);

/** Deal statuses in which installments may be recorded. */
export const FUNDING_STATUSES: ReadonlySet<DealStatus> = new Set([DealStatus.InProgress, DealStatus.Accepted]);

/** Final statuses. */
export const FINAL_STATUSES: ReadonlySet<DealStatus> = new Set([
  DealStatus.Completed,
  DealStatus.Returned,
  DealStatus.Terminated,
]);

// ---- The lifecycle ----

/** One step of the lifecycle bar. */
export interface LifecycleStep {
  key: 'review' | 'notice' | 'signing' | 'implementation' | 'acceptance' | 'subsidy' | 'completed';
  title: string;
  status: 'wait' | 'process' | 'finish' | 'error';
  /** What the step shows under its title (dates, amounts, outcome). */
  note?: string;
}

/** Titles of the lifecycle steps (协议审查 → 公示 → 签约 → 实施 → 验收 → 补助 → 完成). */
export const LIFECYCLE_TITLES: Record<LifecycleStep['key'], string> = {
  review: '协议审查',
  notice: '公示',
  signing: '签约',
  implementation: '实施(资金到位/里程碑)',
  acceptance: '验收',
  subsidy: '补助',
  completed: '完成',
};

const LIFECYCLE_ORDER: LifecycleStep['key'][] = [
  'review',
  'notice',
  'signing',
  'implementation',
  'acceptance',
  'subsidy',
  'completed',
];

/** Index of the step a deal is at, and whether that step failed. */
function currentStep(deal: DealDto): { index: number; failed: boolean } {
  switch (deal.status) {
    case DealStatus.AgreementReview:
      return { index: 0, failed: false };
    case DealStatus.OnNotice:
    case DealStatus.Frozen:
      return { index: 1, failed: false };
    case DealStatus.Returned:
      return { index: 1, failed: true };
    case DealStatus.AwaitingSigning:
      return { index: 2, failed: false };
    case DealStatus.InProgress:
      return { index: 3, failed: false };
    case DealStatus.AcceptanceFailed:
      return { index: 4, failed: true };
    case DealStatus.Accepted:
      return { index: 5, failed: false };
    case DealStatus.Completed:
      return { index: 7, failed: false };
    case DealStatus.Terminated:
      return { index: deal.signedOn ? 3 : deal.notice ? 1 : 0, failed: true };
    default:
      return { index: 0, failed: false };
  }
}

/** The latest subsidy of a deal (the last proposed), or `undefined`. */
export function latestSubsidy(deal: Pick<DealDto, 'subsidies'>): SubsidyDto | undefined {
  return [...deal.subsidies].sort((a, b) => a.createdAt.localeCompare(b.createdAt)).at(-1);
}

/** The lifecycle bar of a deal: each step's state and a short note. */
export function lifecycleSteps(deal: DealDto): LifecycleStep[] {
  const { index, failed } = currentStep(deal);
  const subsidy = latestSubsidy(deal);
  const notes: Partial<Record<LifecycleStep['key'], string>> = {
    notice: deal.notice
      ? deal.status === DealStatus.Frozen
        ? '异议处理中'
        : `截至 ${deal.notice.lastDay}`
      : deal.status === DealStatus.Returned
        ? '已退回洽谈'
        : undefined,
    signing: deal.signedOn ? `${deal.signedOn} 签订` : undefined,
    implementation: deal.signedOn ? `到位 ${moneyShort(deal.receivedFen)} / ${moneyShort(deal.amountFen)}` : undefined,
    acceptance: deal.acceptance.status !== 'pending' ? ACCEPTANCE_STATUS_META[deal.acceptance.status].label : undefined,
    subsidy: subsidy ? `${SUBSIDY_STATUS_META[subsidy.status].label} ${moneyShort(subsidy.subsidyFen)}` : undefined,
    completed:
      deal.status === DealStatus.Completed
        ? '已完成'
        : deal.status === DealStatus.Terminated
          ? '已终止'
          : deal.status === DealStatus.Returned
            ? '已退回洽谈'
            : undefined,
  };
  return LIFECYCLE_ORDER.map((key, i) => ({
    key,
    title: LIFECYCLE_TITLES[key],
    status: i < index ? 'finish' : i === index ? (failed ? 'error' : 'process') : 'wait',
    note: notes[key],
  }));
}

// ---- Staff queues ----

/** A staff work queue tab. */
export interface QueueTab {
  key: DealQueue;
  label: string;
  hint: string;
}

/** The staff work queues, in the order of the lifecycle. */
export const DEAL_QUEUE_TABS: QueueTab[] = [
  {
    key: 'notice',
    label: '公示审查',
    hint: '双方已达成协议草稿：审查协议条款后发布公示；公示期满且无异议的，登记签约',
  },
  { key: 'objections', label: '异议处理', hint: '公示期间收到异议、公示已冻结：核实后作出处理' },
  { key: 'funding', label: '资金到位确认', hint: '发榜方已登记拨付：对照凭证确认资金到位或退回' },
  { key: 'milestones', label: '里程碑审核', hint: '揭榜方已提交里程碑成果：审核通过或退回' },
  { key: 'acceptance', label: '验收', hint: '待组织验收：录入专家意见、作出验收结论，成果转化类认定经济效益' },
  { key: 'subsidy', label: '补助审批', hint: '可申报补助、待审批或待拨付的项目(提出人与审批人须为不同人员)' },
  { key: 'changes', label: '延期终止', hint: '双方已同意的延期或终止申请：审核，终止须录入专项审计结果' },
];

/** The queue named by a URL value (`公示审查` by default). */
export function queueOf(value: string | null | undefined): DealQueue {
  return DEAL_QUEUE_TABS.find((t) => t.key === value)?.key ?? 'notice';
}

// ---- Audit actions ----

/** Chinese names of the deal's audit actions: one table with the audit export's readable sheet (`libs/contracts`). */
const DEAL_ACTION_LABELS = AUDIT_EVENT_LABELS;

/** Chinese name of a deal audit action such as `deal.open_notice` or `subsidy.approve`. */
export function dealActionLabel(action: string): string {
  const lower = action.toLowerCase();
  const whole = lower.replace(/[.:/]/g, '_');
  const last = lower.split(/[.:/]/).pop() ?? lower;
  return DEAL_ACTION_LABELS[whole] ?? DEAL_ACTION_LABELS[lower] ?? DEAL_ACTION_LABELS[last] ?? auditActionLabel(action);
}

/**
 * Chinese name of a status in a deal's history: deal statuses (and sub-records' statuses) for deal entries, the
 * application's statuses for the application's own entries.
 */
export function dealHistoryStatusLabel(status: string | null, entityType = 'deal'): string | undefined {
  if (!status) return undefined;
  if (entityType !== 'deal') return workflowStatusLabel(entityType, status);
  const labels: Record<string, string> = {
    agreement_review: '协议审查中',
    on_notice: '公示中',
    frozen: '异议处理中(冻结)',
    awaiting_signing: '公示期满，待签约',
    in_progress: '实施中',
    accepted: '已通过验收',
    acceptance_failed: '验收未通过',
    completed: '已完成',
    returned: '已退回洽谈',
    terminated: '已终止',
    open: '待处理',
    dismissed: '异议不成立',
    upheld: '异议成立',
    recorded: '待确认',
    confirmed: '已确认',
    pending: '未提交',
    submitted: '待审核',
    approved: '已批准',
    rejected: '已退回',
    proposed: '待审批',
    agreed: '双方已同意',
    disbursed: '已拨付',
    passed: '验收通过',
    failed: '验收未通过',
  };
  return labels[status] ?? status;
}

// ---- Dates ----

/** An instant as a Beijing date and time `YYYY-MM-DD HH:mm` (whatever the browser's time zone). */
export function formatBeijing(iso: string | null | undefined): string | undefined {
  if (!iso) return undefined;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return undefined;
  const parts = new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/**
 * True when the notice's last day falls in a year whose holiday schedule is not yet in the calendar (so the date
 * was computed on weekends alone and may move).
 */
export function noticeProvisional(lastDay: string | null | undefined): boolean {
  if (!lastDay || !/^\d{4}-/.test(lastDay)) return false;
  return !calendarCovers(Number(lastDay.slice(0, 4)));
}

// ---- Errors ----

/** Chinese texts of the deal refusals whose server message is not meant for users. */
const DEAL_ERROR_TEXT: Partial<Record<ErrorCode, string>> = {
  [ErrorCode.SAME_APPROVER]: '补助方案须由提出人以外的另一名审批人批准',
  [ErrorCode.SUBSIDY_NOT_PAYABLE]: '当前尚不满足补助拨付条件',
  [ErrorCode.SUBSIDY_EXISTS]: '该项目已有待审批、已批准或已拨付的补助',
  [ErrorCode.NOTICE_NOT_OVER]: '公示期尚未届满或尚有未处理的异议，不能签约',
  [ErrorCode.NOTICE_CLOSED]: '公示已结束，不能再提出异议',
  [ErrorCode.NOT_A_PARTY]: '您不是此项目的当事方，不能进行此操作',
  [ErrorCode.INSTALLMENT_EXCEEDS_AGREEMENT]: '登记的拨付金额超过协议约定的金额',
  [ErrorCode.IDEMPOTENCY_KEY_REUSED]: '此次提交与之前的提交冲突，请关闭后重新填写',
  [ErrorCode.AUDIT_REQUIRED]: '终止项目须填写专项审计确认的已使用财政资金',
};

/** Removes code-style rule citations (`(004 §12)`, `RULEBOOK §5`) from a server message. */
function withoutCitations(text: string): string {
  return text
    .replace(/[（(]\s*(?:依据\s*)?(?:RULEBOOK|\d{3})\s*§[^()（）]*[)）]/g, '')
    .replace(/(?:依据\s*)?(?:RULEBOOK|\b\d{3})\s*§\S*/g, '')
    .trim();
}

/**
 * Chinese explanation of a refused deal action: the server's Chinese message (or a known code's text), with the
 * rule it applies in words (`依据《…实施办法（试行）》第十一条`); never a code, a seed number or a RULEBOOK section.
 */
export function dealError(err: unknown, fallback = '操作失败，请稍后重试'): string {
  if (!(err instanceof ApiError)) return fallback;
  const server = hasChinese(err.message) ? withoutCitations(err.message) : undefined;
  const known = DEAL_ERROR_TEXT[err.code as ErrorCode];
  let base: string;
  if (known && !server) base = known;
  else if (server) base = server;
  else if (err.status === 403) base = '无权访问：您的账号不能进行此操作';
  else if (err.status === 404) base = '记录不存在或已被删除';
  else base = isErrorCode(err.code) ? withoutCitations(ERROR_MESSAGES[err.code]) : fallback;
  const words = ruleWords(err.body.rule);
  return words && !base.includes(words) ? `${base}(依据${words})` : base;
}

/** True for a refusal the server certainly did not store (so a new idempotency key is due). */
export function definitelyRefused(err: unknown): boolean {
  return err instanceof ApiError && err.status >= 400 && err.status < 500;
}
