import { formatYuan } from '../subsidy';

/** One amount an organisation qualifies for in a year under one platform programme (`001 §14`). */
export interface HighestNotSumCandidate {
  /** What it is for (a carrier id, an application id …), returned as is. */
  id: string;
  /** Its name in words, e.g. `概念验证中心 运营补助`. */
  label: string;
  /** The computed amount in fen (≥ 0). */
  subsidyFen: bigint;
}

/** The outcome of `highestNotSum`: the chosen candidate, the granted amount, the ones not paid and why. */
export interface HighestNotSumResult {
  chosen: HighestNotSumCandidate | null;
  subsidyFen: bigint;
  excluded: HighestNotSumCandidate[];
  /** The sum that is NOT paid (shown to explain the rule). */
  sumFen: bigint;
  reason: string;
  rule: string;
}

/** The article of 就高不重复. */
export const HIGHEST_NOT_SUM_RULE = '001 §14 (就高不重复)';

/**
 * 就高不重复 (`001 §14`): an organisation qualifying in one year under several platform programmes gets the
 * highest single amount, not the sum. Ties keep the first candidate in input order (deterministic). An empty
 * list grants nothing.
 */
export function highestNotSum(candidates: readonly HighestNotSumCandidate[]): HighestNotSumResult {
  if (candidates.length === 0)
    return {
      chosen: null,
      subsidyFen: 0n,
      excluded: [],
      sumFen: 0n,
      reason: '无符合条件的补助',
      rule: HIGHEST_NOT_SUM_RULE,
    };
  let chosen = candidates[0];
  for (const c of candidates) if (c.subsidyFen > chosen.subsidyFen) chosen = c;
  const excluded = candidates.filter((c) => c !== chosen);
  const sumFen = candidates.reduce((s, c) => s + c.subsidyFen, 0n);
  const reason =
    excluded.length === 0
      ? `仅有一项:${chosen.label} ${formatYuan(chosen.subsidyFen)}`
      : `同一年度符合多个平台支持的,按就高不重复原则取最高一项:${chosen.label} ${formatYuan(chosen.subsidyFen)}` +
        `(不予叠加:${excluded.map((e) => `${e.label} ${formatYuan(e.subsidyFen)}`).join('、')};合计 ${formatYuan(sumFen)} 不予发放)`;
  return { chosen, subsidyFen: chosen.subsidyFen, excluded, sumFen, reason, rule: HIGHEST_NOT_SUM_RULE };
}
