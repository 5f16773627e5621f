/**
 * Labels and helpers of the listing workflow (需求征集 → 需求论证 → 发布榜单) and of applications (揭榜申报 →
 * 评审推荐): decline codes, score criteria, audit actions, and Chinese explanations of workflow errors.
 */
import {
  APPLICATION_STATUS_LABELS,
  ERROR_MESSAGES,
  ErrorCode,
  LISTING_STATUS_LABELS,
  NMG_REGIONS,
  type DeclineCode,
  type ScoreDto,
} from '@jiebang/contracts';
import { ApiError } from '../../api/errors';
import { hasChinese } from './apiErrors';
import { basisText } from './rules';

/** 不推荐 reasons the applicant sees (structured code). */
export const DECLINE_CODE_LABELS: Record<DeclineCode, string> = {
  QUALIFICATION: '资格条件不符合',
  PLAN_FEASIBILITY: '实施方案可行性不足',
  BUDGET: '经费预算不合理',
  TEAM: '团队能力不足',
  OTHER: '其他',
};

/** Why a published listing was closed. */
export const CLOSE_REASON_LABELS: Record<'taken' | 'expired' | 'withdrawn', string> = {
  taken: '已揭榜',
  expired: '已到期',
  withdrawn: '发榜方撤回',
};

/** The four review criteria, 0–25 points each. */
export const SCORE_CRITERIA: { key: keyof Omit<ScoreDto, 'opinion'>; label: string; hint: string }[] = [
  { key: 'qualification', label: '资格条件', hint: '揭榜单位及团队资质、相关研究基础' },
  { key: 'feasibility', label: '方案可行性', hint: '技术路线、实施方案和进度安排是否可行' },
  { key: 'cost', label: '经费合理性', hint: '经费预算是否合理、与任务匹配' },
  { key: 'team', label: '团队实力', hint: '团队构成、分工与既往业绩' },
];

/** Highest points of one criterion. */
export const MAX_CRITERION_SCORE = 25;

/** 论证意见 recommendations. */
export const RECOMMENDATION_LABELS: Record<'pass' | 'reject', string> = {
  pass: '建议通过',
  reject: '建议不通过',
};

/** Chinese names of audit actions (the raw action is shown when unknown). */
const AUDIT_ACTION_LABELS: Record<string, string> = {
  create: '创建草稿',
  created: '创建草稿',
  update: '修改内容',
  updated: '修改内容',
  edit: '修改内容',
  submit: '提交',
  submitted: '提交',
  start_screening: '开始需求论证',
  screening: '开始需求论证',
  invite_expert: '邀请论证专家',
  assign_expert: '指派专家',
  expert_assigned: '指派专家',
  opinion: '提交论证意见',
  screening_opinion: '提交论证意见',
  pass: '论证通过',
  passed: '论证通过',
  reject: '论证未通过',
  rejected: '论证未通过',
  revise: '修改后重新提交',
  publish: '发布榜单',
  published: '发布榜单',
  close: '关闭榜单',
  closed: '关闭榜单',
  withdraw: '撤回',
  withdrawn: '撤回',
  apply: '提交揭榜申报',
  consent: '联合体成员确认',
  start_review: '开始评审',
  review: '开始评审',
  score: '专家评分',
  scores: '专家评分',
  recommend: '推荐',
  recommended: '推荐',
  decline: '不推荐',
  declined: '不推荐',
};

/** Chinese name of an audit action such as `start_screening` or `listing.publish`. */
export function auditActionLabel(action: string): string {
  const key = action.toLowerCase().split(/[.:/]/).pop() ?? action;
  return AUDIT_ACTION_LABELS[key] ?? AUDIT_ACTION_LABELS[action] ?? action;
}

/** Chinese label of a listing or application status (the raw value when unknown). */
export function workflowStatusLabel(entityType: string, status: string | null): string | undefined {
  if (!status) return undefined;
  const labels: Record<string, string> = entityType.toLowerCase().includes('application')
    ? APPLICATION_STATUS_LABELS
    : LISTING_STATUS_LABELS;
  return labels[status] ?? status;
}

/** Posting eligibility codes (422 on `POST /listings`) with what they mean to the poster. */
export const POSTING_BLOCK_LABELS: Partial<Record<ErrorCode, string>> = {
  [ErrorCode.ORG_NOT_VERIFIED]: '单位尚未通过科技厅认证，认证通过后方可发榜',
  [ErrorCode.POSTER_NOT_ELIGIBLE]:
    '本单位不能发布此类榜单(技术攻关类须由区内企业发布，成果转化类须由成果的知识产权权利人发布)',
  [ErrorCode.CREDIT_BLACKLISTED]: '单位在失信联合惩戒名单或科研失信名单中，暂不能发榜',
};

/** The plain-Chinese meaning of a posting-refusal `code`, if it is one. */
function postingBlockLabel(code: string): string | undefined {
  return (POSTING_BLOCK_LABELS as Record<string, string | undefined>)[code];
}

/** True for a 422 telling the organisation it may not post this kind of listing. */
export function isPostingBlock(err: unknown): err is ApiError {
  return err instanceof ApiError && err.status === 422 && postingBlockLabel(err.code) !== undefined;
}

/**
 * One block of a posting refusal (`details.blocks`): its code (for keys and tests, never shown), its message and
 * the rule it applies in words (`依据《…》第…条`).
 */
export interface PostingBlock {
  code: string;
  message: string;
  basis?: string;
}

/** The blocks of a posting refusal (or one made from the error itself). */
export function postingBlocks(err: ApiError): PostingBlock[] {
  const details = err.body.details as { blocks?: unknown } | undefined;
  const raw = Array.isArray(details?.blocks) ? (details.blocks as Record<string, unknown>[]) : [];
  const blocks = raw
    .filter((b) => typeof b === 'object' && b !== null)
    .map((b) => {
      const code = typeof b.code === 'string' ? b.code : err.code;
      const message = typeof b.message === 'string' && hasChinese(b.message) ? b.message : postingBlockLabel(code);
      const basis = basisText(typeof b.rule === 'string' ? b.rule : undefined);
      return { code, message: message ?? '本单位暂不能发布该类榜单', basis };
    });
  if (blocks.length) return blocks;
  return [
    {
      code: err.code,
      message: hasChinese(err.message) ? err.message : (postingBlockLabel(err.code) ?? '本单位暂不能发布该类榜单'),
      basis: basisText(err.body.rule),
    },
  ];
}

/**
 * Chinese explanation of a failed workflow action: 409 `ILLEGAL_TRANSITION`, 403, 404;
 * otherwise the server's (Chinese) message or the contract's message of the code; a rule in words
 * (`依据《…》第…条`), never an internal code or a seed number.
 */
export function workflowError(err: unknown, fallback = '操作失败，请稍后重试'): string {
  if (!(err instanceof ApiError)) return fallback;
  const server = hasChinese(err.message) ? err.message : undefined;
  if (err.code === ErrorCode.ILLEGAL_TRANSITION) {
    const basis = basisText(err.body.rule);
    return `${server ?? '当前状态下不能进行此操作'}${basis ? `（${basis}）` : ''}`;
  }
  if (err.status === 403) return server ?? '无权访问：您的账号不能进行此操作';
  if (err.status === 404) return server ?? '记录不存在或已被删除';
  return server ?? (ERROR_MESSAGES as Record<string, string | undefined>)[err.code] ?? fallback;
}

/** Region choices of a listing: 自治区本级, then each 盟市 with its 旗县区. */
export const LISTING_REGION_OPTIONS = [
  { label: '自治区', title: '自治区', options: [{ value: '150000', label: '内蒙古自治区(区本级)' }] },
  ...NMG_REGIONS.filter((r) => r.level === 'prefecture').map((p) => ({
    label: p.name,
    title: p.name,
    options: [
      { value: p.code, label: `${p.name}(本级)` },
      ...NMG_REGIONS.filter((c) => c.parentCode === p.code).map((c) => ({
        value: c.code,
        label: `${p.name}${c.name}`,
      })),
    ],
  })),
];
