import { MAX_DURATION_MONTHS } from './transitions';

/**
 * The money rules of the scheme (RULEBOOK §2, §5; seed `004 §11`, `§12`, `§15`) as pure functions over exact
 * integers in fen (`bigint`). No binary floating point touches an amount; every result carries the article it
 * applies and a step-by-step explanation that the web app shows as is.
 */

/** 前资助 / 后补助 (GLOSSARY): 技术攻关 → `SubsidyMode.Pre`, 成果转化 → `SubsidyMode.Post` (seed `004 §11`). */
export const SubsidyMode = { Pre: 'pre', Post: 'post' } as const;
/** `'pre' | 'post'`. */
export type SubsidyMode = (typeof SubsidyMode)[keyof typeof SubsidyMode];
/** The two kinds of listing (`ListingKind` values of `@jiebang/contracts`). */
export type DealKind = 'challenge' | 'achievement';

/** The subsidy rate in basis points: 30 % = 3,000 bp (seed `004 §11`). */
export const SUBSIDY_RATE_BP = 3000;
/** Basis points per whole (100 % = 10,000 bp). */
export const BP_PER_WHOLE = 10_000n;
/** Caps in fen: 1000 万元 pre-subsidy, 500 万元 post-subsidy (seed `004 §11`). */
export const SUBSIDY_CAP_FEN: { readonly [M in SubsidyMode]: bigint } = {
  pre: 1_000_000_000n,
  post: 500_000_000n,
};
/** The article behind each mode's rate and cap. */
export const SUBSIDY_RULE: { readonly [M in SubsidyMode]: string } = {
  pre: '004 §11 (前资助: ≤30% 研发总投入, ≤1000万元)',
  post: '004 §11 (后补助: ≤30% 实际到账金额, ≤500万元)',
};
/** The article on when a subsidy may be paid. */
export const PAYABILITY_RULE: { readonly [M in SubsidyMode]: string } = {
  pre: '004 §12 (发榜方首笔资金拨付后)',
  post: '004 §12 (转化完成、经济效益经认定且通过验收后)',
};
/** The article of the 一事一议 decision. */
export const CASE_BY_CASE_RULE = '004 §11 (一事一议)';

/** The subsidy mode of a kind of listing (seed `004 §11`). */
export function subsidyModeFor(kind: DealKind): SubsidyMode {
  return kind === 'challenge' ? SubsidyMode.Pre : SubsidyMode.Post;
}

/**
 * Who pays under the agreement: the demand side (004 §10 需求方提供资金为主) — the poster of a tech challenge pays
 * its solver; the enterprise taking up an achievement pays its owner (the poster). That side records the
 * installments whose confirmed sum is the post-subsidy's base.
 */
export function payerOf(kind: DealKind): 'poster' | 'taker' {
  return kind === 'challenge' ? 'poster' : 'taker';
}

/** What the base of each mode is, in words (the evidence the UI lists under it). */
export const SUBSIDY_BASE_LABEL: { readonly [M in SubsidyMode]: string } = {
  pre: '研发总投入(任务书约定)',
  post: '实际到账金额(经核验凭证确认的资金)',
};

/**
 * A 一事一议 decision (`caseByCaseDecision`, seed `004 §11`): replaces the cap — never the rate — for an
 * especially major project. Valid only with a written reason and a second person's approval.
 * - `capFen`: the decided maximum in fen (> 0);
 * - `reason`: the written reason (non-blank);
 * - `decidedByUserId`: who proposed it; `approvedByUserId`: the second approver (must differ), or null while
 *   the decision is not yet approved (it then does not apply).
 */
export interface CaseByCaseDecision {
  capFen: bigint;
  reason: string;
  decidedByUserId: string;
  approvedByUserId: string | null;
}

/** One line of the explanation: a Chinese label, the arithmetic written out, its result in fen, and the rule. */
export interface SubsidyStep {
  label: string;
  expression: string;
  resultFen: bigint;
  rule: string;
}

/**
 * The result of `computeSubsidy`. All amounts in fen; `rateBp` in basis points (3000 = 30 %).
 * `capApplied`: the cap (or the decided cap) cut the amount; `caseByCase`: an approved 一事一议 cap was used.
 */
export interface SubsidyComputation {
  mode: SubsidyMode;
  baseFen: bigint;
  rateBp: number;
  capFen: bigint;
  subsidyFen: bigint;
  capApplied: boolean;
  caseByCase: boolean;
  rule: string;
  steps: SubsidyStep[];
}

/** A refused input to a money rule; `code` is machine-readable, `rule` the article. */
export class PolicyError extends Error {
  constructor(
    readonly code: 'NEGATIVE_AMOUNT' | 'CASE_BY_CASE_INCOMPLETE' | 'SAME_APPROVER',
    message: string,
    readonly rule: string,
  ) {
    super(message);
    this.name = 'PolicyError';
  }
}

/** fen → "1,234,567.89 元" for the explanation (exact; bigint only). */
export function formatYuan(fen: bigint): string {
  const neg = fen < 0n;
  const abs = neg ? -fen : fen;
  const int = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}${int}.${(abs % 100n).toString().padStart(2, '0')} 元`;
}

/**
 * The subsidy for a base (seed `004 §11`; RULEBOOK §5):
 * `subsidy = min(floor(base × 30 %), cap)`, floored to the fen, where `cap` is 1000 万元 (pre) or 500 万元
 * (post), or the cap of an approved 一事一议 decision.
 * @param kind `challenge` (pre-subsidy on total R&D investment) or `achievement` (post-subsidy on funds
 *   actually received and confirmed).
 * @param baseFen the base in fen (≥ 0).
 * @param decision an optional 一事一议 decision; applied only when approved by a second person.
 * @throws PolicyError `NEGATIVE_AMOUNT` for a negative base; `CASE_BY_CASE_INCOMPLETE` for a decision without
 *   a reason or a positive cap; `SAME_APPROVER` when the approver is the person who decided.
 */
export function computeSubsidy(
  kind: DealKind,
  baseFen: bigint,
  decision?: CaseByCaseDecision | null,
): SubsidyComputation {
  const mode = subsidyModeFor(kind);
  if (baseFen < 0n) throw new PolicyError('NEGATIVE_AMOUNT', '补助计算基数不能为负数', SUBSIDY_RULE[mode]);
  if (decision) validateCaseByCase(decision);
  const applied = !!decision && decision.approvedByUserId !== null;
  const capFen = applied ? decision.capFen : SUBSIDY_CAP_FEN[mode];
  const rule = applied ? `${SUBSIDY_RULE[mode]}; ${CASE_BY_CASE_RULE}` : SUBSIDY_RULE[mode];
  const atRate = (baseFen * BigInt(SUBSIDY_RATE_BP)) / BP_PER_WHOLE; // bigint division floors for ≥ 0
  const capApplied = atRate > capFen;
  const subsidyFen = capApplied ? capFen : atRate;
  const steps: SubsidyStep[] = [
    {
      label: `补助方式:${mode === 'pre' ? '前资助(技术攻关类)' : '后补助(成果转化类)'};计算基数:${SUBSIDY_BASE_LABEL[mode]}`,
      expression: formatYuan(baseFen),
      resultFen: baseFen,
      rule: SUBSIDY_RULE[mode],
    },
    {
      label: '按 30% 计算,向下取整到分',
      expression: `${formatYuan(baseFen)} × 30% = ${formatYuan(atRate)}`,
      resultFen: atRate,
      rule: SUBSIDY_RULE[mode],
    },
    {
      label: applied
        ? `上限:一事一议确定的支持额度(理由:${decision.reason.trim()})`
        : `上限:${mode === 'pre' ? '前资助最高 1000 万元' : '后补助最高 500 万元'}`,
      expression: formatYuan(capFen),
      resultFen: capFen,
      rule: applied ? CASE_BY_CASE_RULE : SUBSIDY_RULE[mode],
    },
    {
      label: capApplied ? '按 30% 计算的金额超过上限,取上限' : '按 30% 计算的金额未超过上限,取计算金额',
      expression: `min(${formatYuan(atRate)}, ${formatYuan(capFen)}) = ${formatYuan(subsidyFen)}`,
      resultFen: subsidyFen,
      rule,
    },
  ];
  return { mode, baseFen, rateBp: SUBSIDY_RATE_BP, capFen, subsidyFen, capApplied, caseByCase: applied, rule, steps };
}

/**
 * Checks a 一事一议 decision on its own (reason, positive cap, two different people when approved).
 * @throws PolicyError `CASE_BY_CASE_INCOMPLETE` or `SAME_APPROVER`.
 */
export function validateCaseByCase(d: CaseByCaseDecision): void {
  if (!d.reason || !d.reason.trim())
    throw new PolicyError('CASE_BY_CASE_INCOMPLETE', '一事一议须写明理由', CASE_BY_CASE_RULE);
  if (d.capFen <= 0n)
    throw new PolicyError('CASE_BY_CASE_INCOMPLETE', '一事一议确定的支持额度必须大于 0', CASE_BY_CASE_RULE);
  if (d.approvedByUserId !== null && d.approvedByUserId === d.decidedByUserId)
    throw new PolicyError('SAME_APPROVER', '一事一议须由另一名审批人批准,不能由提出人本人批准', CASE_BY_CASE_RULE);
}

/**
 * The state money to recover when a deal is terminated (seed `004 §15`: after the special audit, the
 * remaining disbursed state money is recovered): `max(disbursed − audited spent, 0)`, in fen.
 * @throws PolicyError `NEGATIVE_AMOUNT` for negative inputs.
 */
export function terminationRecoveryFen(disbursedFen: bigint, auditedSpentFen: bigint): bigint {
  if (disbursedFen < 0n || auditedSpentFen < 0n) throw new PolicyError('NEGATIVE_AMOUNT', '金额不能为负数', '004 §15');
  return disbursedFen > auditedSpentFen ? disbursedFen - auditedSpentFen : 0n;
}

/** Longest implementation period in months by kind (seed `004 §15`: ≤ 3 years challenges, ≤ 2 years achievements). */
export function maxDurationMonths(kind: DealKind): number {
  return MAX_DURATION_MONTHS[kind];
}
