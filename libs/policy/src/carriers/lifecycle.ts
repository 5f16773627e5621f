import { CarrierStatus, EvaluationGrade, type CarrierRuleSet } from '@jiebang/contracts';
import { CarrierPolicyError } from './errors';

/** `YYYY-MM-DD` plus whole years; 29 February becomes 28 February in a common year. */
export function addYears(date: string, years: number): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  const y = Number(m[1]) + years;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const day = m[2] === '02' && m[3] === '29' && !leap ? '28' : m[3];
  return `${String(y).padStart(4, '0')}-${m[2]}-${day}`;
}

/** The outcome of an evaluation: the carrier's next status, whether it is revoked, and why (with the article). */
export interface EvaluationOutcome {
  status: CarrierStatus;
  revoked: boolean;
  reason: string;
  rule: string;
}

/**
 * The status after an evaluation (`001 §16`, `§18(一)`; `002 §12(三)`; `003 §21`, `§34`): 优秀/合格 → 运行 (a
 * 筹建 centre passing its 考核 is established, `003 §21`; failing it ends the 筹建, `003 §20–21`); 不合格 → 整改 for
 * one year; 不合格 again after 整改 (current status 整改, or `rectifiedBefore`) → 撤销.
 * @throws CarrierPolicyError `CARRIER_REVOKED` for a revoked carrier (it is no longer evaluated).
 */
export function nextCarrierStatusAfterEvaluation(
  current: CarrierStatus,
  grade: EvaluationGrade,
  options: { rectifiedBefore?: boolean } = {},
): EvaluationOutcome {
  if (current === CarrierStatus.Revoked)
    throw new CarrierPolicyError('CARRIER_REVOKED', '该平台已被撤销,不再参加考核评价', '001 §18; 002 §12; 003 §31');
  if (grade !== EvaluationGrade.Unqualified) {
    if (current === CarrierStatus.Preparing)
      return {
        status: CarrierStatus.Operating,
        revoked: false,
        reason: '筹建期考核通过,正式批准成立',
        rule: '003 §21',
      };
    return {
      status: CarrierStatus.Operating,
      revoked: false,
      reason: current === CarrierStatus.Rectifying ? '整改后评价合格,恢复运行' : '考核评价合格,继续运行',
      rule: '001 §16; 003 §34',
    };
  }
  // A 筹建 centre failing its 考核 is not established: the 筹建 ends (`003 §20–21`), it does not go into 整改.
  if (current === CarrierStatus.Preparing)
    return {
      status: CarrierStatus.Revoked,
      revoked: true,
      reason: '筹建期满考核未通过,不予正式成立,筹建终止',
      rule: '003 §20–21',
    };
  if (current === CarrierStatus.Rectifying || options.rectifiedBefore)
    return {
      status: CarrierStatus.Revoked,
      revoked: true,
      reason: '整改期满评价仍为不合格(连续两次不合格),撤销资格',
      rule: '001 §16, §18(一); 002 §12(三); 003 §34',
    };
  return {
    status: CarrierStatus.Rectifying,
    revoked: false,
    reason: '评价不合格,限期整改一年',
    rule: '001 §16; 003 §34',
  };
}

/** The outcome of `missedAnnualReportsGrade`. */
export interface MissedReportsOutcome {
  /** 不合格 where the rule set counts a missing report so (`001 §15`), else null. */
  grade: EvaluationGrade | null;
  /** Due years with no report and no accepted reason, ascending. */
  missingYears: number[];
  /** Missing years in a row ending with the latest due year. */
  consecutiveMissed: number;
  /** Revocation is due: `consecutiveMissed` reached the rule set's `missedReportsRevokeYears` (`002 §12(四)`, `003 §31(一)`). */
  revoke: boolean;
  reason: string | null;
  rule: string;
}

/**
 * What missing annual reports mean (`001 §15`: no report without reason counts 不合格; `002 §12(四)`,
 * `003 §31(一)`: two years in a row without a report → revoked).
 * @param dueYears the reported years whose report was due (e.g. `[2025, 2026]`);
 * @param filedYears the years a report was filed for; `excusedYears` those missing with an accepted reason.
 */
export function missedAnnualReportsGrade(
  ruleSet: CarrierRuleSet,
  dueYears: readonly number[],
  filedYears: readonly number[],
  excusedYears: readonly number[] = [],
): MissedReportsOutcome {
  const due = [...new Set(dueYears)].sort((a, b) => a - b);
  const missingYears = due.filter((y) => !filedYears.includes(y) && !excusedYears.includes(y));
  let consecutiveMissed = 0;
  for (let i = due.length - 1; i >= 0 && missingYears.includes(due[i]); i--) consecutiveMissed++;
  const revoke = ruleSet.missedReportsRevokeYears !== null && consecutiveMissed >= ruleSet.missedReportsRevokeYears;
  const grade = missingYears.length > 0 && ruleSet.missedReportCountsUnqualified ? EvaluationGrade.Unqualified : null;
  const reason = revoke
    ? `连续 ${consecutiveMissed} 年未报送年度报告(${missingYears.join('、')} 年度),予以撤销`
    : missingYears.length > 0
      ? `${missingYears.join('、')} 年度无故未报送年度报告${grade ? ',按“不合格”处理' : ''}`
      : null;
  return { grade, missingYears, consecutiveMissed, revoke, reason, rule: ruleSet.articles.missedReports };
}

/**
 * The first day a revoked carrier may apply again: `revokedOn` + the rule set's bar (`001 §18`: 2 years;
 * `002 §12`: 3 years); null where the rule set sets no bar (`003`).
 */
export function reapplyBarUntil(revokedOn: string, ruleSet: CarrierRuleSet): string | null {
  return ruleSet.reapplyBarYears === null ? null : addYears(revokedOn, ruleSet.reapplyBarYears);
}

/** Whether an application on `applyingOn` falls within the bar after a revocation on `revokedOn`. */
export function reapplyBarred(
  revokedOn: string,
  applyingOn: string,
  ruleSet: CarrierRuleSet,
): { barred: boolean; until: string | null; rule: string } {
  const until = reapplyBarUntil(revokedOn, ruleSet);
  return { barred: until !== null && applyingOn < until, until, rule: ruleSet.articles.reapplyBar };
}

/**
 * The due date of the annual report for `year`: the rule set's month-day in the following year (`003 §29`:
 * by 31 January → `${year + 1}-01-31`); null where the rule set sets no date (`001 §15`, `002 §13`).
 */
export function annualReportDueOn(year: number, ruleSet: CarrierRuleSet): string | null {
  const md = ruleSet.annualReportDueMonthDay;
  return md === null ? null : `${String(year + 1).padStart(4, '0')}-${md}`;
}

/**
 * The next evaluation date: `since` (publication, establishment or the last evaluation) plus the rule set's
 * period (`001 §16`: 2 years; `003 §32`: 3 years after establishment); null where none is set.
 */
export function nextEvaluationDueOn(since: string, ruleSet: CarrierRuleSet): string | null {
  return ruleSet.evaluationEveryYears === null ? null : addYears(since, ruleSet.evaluationEveryYears);
}

/** The end of the 筹建 period after approval (`003 §20`: 2 years); null where the rule set has none. */
export function preparingEndsOn(approvedOn: string, ruleSet: CarrierRuleSet): string | null {
  return ruleSet.preparingYears === null ? null : addYears(approvedOn, ruleSet.preparingYears);
}

/** The end of a 整改 period that starts on `since` (`001 §16`, `003 §34`: 1 year); null where none is set. */
export function rectificationEndsOn(since: string, ruleSet: CarrierRuleSet): string | null {
  return ruleSet.rectificationYears === null ? null : addYears(since, ruleSet.rectificationYears);
}
