import { ListingKind, OrgType } from '@jiebang/contracts';
import { DURATIONS } from './durations';

/**
 * What the scheme asks of a listing and of an application where they are entered, not only at the offer:
 * - who may post an achievement (成果转化) listing and that it declares own IP (seed `004 §4(二)`, `§7`, `§7(一)`);
 * - the longest implementation period (`004 §15`) against the listing's 建议实施时限 and an application's
 *   timetable.
 * Each refusal carries its code (an `ErrorCode` of `@jiebang/contracts`), a Chinese message and the article.
 */
export interface ListingRuleRefusal {
  code: 'OWN_IP_REQUIRED' | 'TIME_LIMIT_EXCEEDED' | 'TIMETABLE_TOO_LONG';
  message: string;
  rule: string;
}

/**
 * Organisation types that may post an achievement listing without being a 4+8+N partner (`004 §7`: 高校, 科研机构,
 * 科技型企业 owning the IP). A 新型研发机构 is a research institute of a new form and counts as one; an ordinary
 * enterprise, 其他 and the carrier platforms do not (unless staff record them as 4+8+N partners).
 */
export const ACHIEVEMENT_POSTER_ORG_TYPES: readonly OrgType[] = [
  OrgType.University,
  OrgType.ResearchInstitute,
  OrgType.NewRdInstitution,
  OrgType.TechEnterprise,
];

/**
 * May an organisation of this type post an achievement (成果转化) listing? (`004 §7`): a 科技兴蒙 "4+8+N" partner of
 * any type, or a university, research institute (incl. 新型研发机构) or technology enterprise.
 */
export function mayPostAchievement(type: OrgType, partner4x8xN: boolean): boolean {
  return partner4x8xN || ACHIEVEMENT_POSTER_ORG_TYPES.includes(type);
}

/**
 * `004 §7(一)`: the poster of an achievement listing must own the IP of what it lists. Refuses an explicit "no"
 * (`hasOwnIp === false`) on an achievement listing; `null` (not answered yet) is left to the form's completeness
 * check. `null` when nothing is refused.
 */
export function ownIpRefusal(kind: ListingKind, hasOwnIp: boolean | null | undefined): ListingRuleRefusal | null {
  if (kind !== ListingKind.Achievement || hasOwnIp !== false) return null;
  return {
    code: 'OWN_IP_REQUIRED',
    message: '成果转化类榜单的发榜方须拥有拟转化成果的自主知识产权',
    rule: '004 §7(一)',
  };
}

/** Longest implementation period of a listing kind in months (`004 §15`). */
export function maxImplementationMonths(kind: ListingKind): number {
  return kind === ListingKind.Achievement
    ? DURATIONS.achievementImplementation.months
    : DURATIONS.challengeImplementation.months;
}

const CN_DIGITS: Readonly<Record<string, number>> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** A number written in Arabic digits (may have a decimal part) or in Chinese numerals up to 99 (e.g. 三十六). */
function parseNumber(s: string): number | null {
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  if (s === '半') return 0.5;
  let m = /^([一二两三四五六七八九])?十([一二三四五六七八九])?$/.exec(s);
  if (m) return (m[1] ? CN_DIGITS[m[1]] : 1) * 10 + (m[2] ? CN_DIGITS[m[2]] : 0);
  m = /^[零〇一二两三四五六七八九]$/.exec(s);
  if (m) return CN_DIGITS[s];
  return null;
}

const NUM = String.raw`(\d+(?:\.\d+)?|[一二两三四五六七八九]?十[一二三四五六七八九]?|[零〇一二两三四五六七八九半])`;

/**
 * The longest period, in months, that a free-text 建议实施时限 names (e.g. `3年` → 36, `18个月` → 18, `两年半` → 30,
 * `2年6个月` → 30, `1-2年` → 24, `36 months` → 36), or `null` when it names none (e.g. `尽快`). Calendar years
 * (`2025年`, four digits) are dates, not periods, and are ignored.
 */
export function timeLimitMonths(text: string): number | null {
  const t = text.replace(/\s+/g, '').replace(/[～~至到—–]/g, '-');
  let best: number | null = null;
  const take = (months: number) => {
    if (best === null || months > best) best = months;
  };
  // "N年M个月" / "N年半" / "N年" / "N-M年" / "N个月" / "N-M个月" / "N years" / "N months".
  const re = new RegExp(`(?:${NUM}-)?${NUM}(周年|年|个?月|years?|months?)(?:${NUM}个?月|(半))?`, 'gi');
  for (const m of t.matchAll(re)) {
    const [, , raw, unit, rest, half] = m;
    if (/^\d{4,}$/.test(raw)) continue; // 2025年: a calendar year, not a period
    const n = parseNumber(raw);
    if (n === null) continue;
    if (/^(周年|年|years?)$/i.test(unit)) {
      const r = rest !== undefined ? parseNumber(rest) : null;
      take(n * 12 + (r ?? 0) + (half ? 6 : 0));
    } else {
      take(n);
    }
  }
  return best;
}

/**
 * `004 §15` on a listing's 建议实施时限: refused when the text names a period longer than the kind's limit (3 years for
 * a tech challenge, 2 for an achievement). A text that names no period is not refused here. `null` when accepted.
 */
export function timeLimitRefusal(kind: ListingKind, text: string | null | undefined): ListingRuleRefusal | null {
  if (!text) return null;
  const months = timeLimitMonths(text);
  const max = maxImplementationMonths(kind);
  if (months === null || months <= max) return null;
  return {
    code: 'TIME_LIMIT_EXCEEDED',
    message: `建议实施时限"${text.trim()}"超过上限:${kind === ListingKind.Achievement ? '成果转化类项目实施周期不超过二年' : '技术攻关类项目实施周期不超过三年'}`,
    rule: '004 §15',
  };
}

/** `date` (YYYY-MM-DD) plus `months` calendar months, clamped to the month's last day. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const day = Math.min(d, last);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * `004 §15` on an application's timetable (实施方案的进度安排): the last milestone may fall at most the kind's limit
 * after `today` (the Beijing date of submission), i.e. the whole plan fits in 3 years (tech challenge) or 2 years
 * (achievement) even if work started today. `null` when accepted.
 */
export function timetableRefusal(
  kind: ListingKind,
  dueDates: readonly string[],
  today: string,
): ListingRuleRefusal | null {
  if (dueDates.length === 0) return null;
  const last = [...dueDates]
    .map((d) => d.slice(0, 10))
    .sort()
    .at(-1) as string;
  const max = maxImplementationMonths(kind);
  const limit = addMonths(today, max);
  if (last <= limit) return null;
  return {
    code: 'TIMETABLE_TOO_LONG',
    message: `进度安排的最后节点(${last})晚于${limit}:${kind === ListingKind.Achievement ? '成果转化类项目实施周期不超过二年' : '技术攻关类项目实施周期不超过三年'}`,
    rule: '004 §15',
  };
}
