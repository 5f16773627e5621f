import {
  type CarrierKind,
  type CarrierRuleSet,
  type CarrierThreshold,
  type IntlCoopBaseType,
} from '@jiebang/contracts';
import { formatYuan } from '../subsidy';

/** A declared figure: a number (fen as a safe integer or an integer string), a yes/no, or nothing declared. */
export type DeclaredValue = number | string | boolean | null | undefined;

/**
 * One threshold checked against the declared figures (RULEBOOK §7: a miss is a reason on the formal review,
 * never a silent refusal).
 * - `required`: the requirement in words (`≥ 200 m²`, `是`, `≤ 1/3`);
 * - `declared`: the declared figure as given (ratio: `"part/whole"`), null when not declared;
 * - `met`: this threshold alone is met; `groupMet`: for an `anyOf` alternative, whether its group is met.
 */
export interface CarrierThresholdCheck {
  key: string;
  label: string;
  unit: CarrierThreshold['unit'];
  required: string;
  declared: number | string | boolean | null;
  met: boolean;
  rule: string;
  evidence: string | null;
  anyOf: string | null;
  option: string | null;
  groupMet: boolean | null;
}

const UNIT_TEXT: Record<string, string> = { m2: 'm²', person: '人', count: '个', year: '年' };

function requirementText(t: CarrierThreshold): string {
  if (t.unit === 'bool') return '是';
  if (t.unit === 'ratio') {
    const parts: string[] = [];
    if (t.minRatio) parts.push(`≥ ${t.minRatio[0]}/${t.minRatio[1]}`);
    if (t.maxRatio) parts.push(`≤ ${t.maxRatio[0]}/${t.maxRatio[1]}`);
    return parts.join(' 且 ');
  }
  const fmt = (n: number) => (t.unit === 'fen' ? formatYuan(BigInt(n)) : `${n} ${UNIT_TEXT[t.unit] ?? ''}`.trim());
  const parts: string[] = [];
  if (t.min !== undefined) parts.push(`≥ ${fmt(t.min)}`);
  if (t.max !== undefined) parts.push(`≤ ${fmt(t.max)}`);
  return parts.join(' 且 ');
}

/** An exact rational from a declared number or decimal string (`"200.5"` → 2005/10); null when not numeric. */
function toRational(v: DeclaredValue): { n: bigint; d: bigint } | null {
  if (typeof v === 'boolean' || v === null || v === undefined) return null;
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : v.trim();
  const m = /^(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) return null;
  const frac = m[2] ?? '';
  const d = 10n ** BigInt(frac.length);
  return { n: BigInt(m[1]) * d + BigInt(frac || '0'), d };
}

function checkOne(
  t: CarrierThreshold,
  declared: Readonly<Record<string, DeclaredValue>>,
): Pick<CarrierThresholdCheck, 'declared' | 'met'> {
  if (t.unit === 'bool') {
    const v = declared[t.key];
    const given = typeof v === 'boolean' ? v : null;
    return { declared: given, met: t.required ? given === true : given !== null };
  }
  if (t.unit === 'ratio') {
    if (!t.ratioOf) return { declared: null, met: false };
    const part = toRational(declared[t.ratioOf.part]);
    const whole = toRational(declared[t.ratioOf.whole]);
    if (!part || !whole || whole.n === 0n) return { declared: null, met: false };
    // part/whole vs a/b  ⇔  part.n·whole.d·b vs a·whole.n·part.d
    const lhs = (a: number, b: number) => [part.n * whole.d * BigInt(b), BigInt(a) * whole.n * part.d] as const;
    let met = true;
    if (t.minRatio) {
      const [l, r] = lhs(t.minRatio[0], t.minRatio[1]);
      met &&= l >= r;
    }
    if (t.maxRatio) {
      const [l, r] = lhs(t.maxRatio[0], t.maxRatio[1]);
      met &&= l <= r;
    }
    return { declared: `${String(declared[t.ratioOf.part])}/${String(declared[t.ratioOf.whole])}`, met };
  }
  const raw = declared[t.key];
  const v = toRational(raw);
  if (!v) return { declared: null, met: false };
  let met = true;
  if (t.min !== undefined) met &&= v.n >= BigInt(t.min) * v.d;
  if (t.max !== undefined) met &&= v.n <= BigInt(t.max) * v.d;
  return { declared: typeof raw === 'number' || typeof raw === 'string' ? raw : null, met };
}

/** The thresholds of a rule set that apply to a kind (and 国合基地 type, when given). */
export function applicableThresholds(
  ruleSet: CarrierRuleSet,
  kind: CarrierKind,
  intlCoopType?: IntlCoopBaseType | null,
): CarrierThreshold[] {
  return ruleSet.thresholds.filter(
    (t) =>
      (!t.kinds || t.kinds.includes(kind)) &&
      (!t.intlCoopTypes || (intlCoopType != null && t.intlCoopTypes.includes(intlCoopType))),
  );
}

/**
 * Checks declared figures against the thresholds of a rule set for one kind (RULEBOOK §7 Thresholds; e.g.
 * `001 §8`, `§9`, `002 §6`, `003 §10`). Keys of `declared` are the thresholds' keys (ratio thresholds read
 * their `ratioOf` keys); money in integer fen (number or integer string); areas may have decimals. A figure not
 * declared is a miss. `anyOf` alternatives carry `groupMet`: the group is met when all thresholds of one option
 * are (`001 §8(五)` 符合以下条件之一).
 * @returns one check per applicable threshold, in rule-set order.
 */
export function checkCarrierThresholds(
  ruleSet: CarrierRuleSet,
  kind: CarrierKind,
  declared: Readonly<Record<string, DeclaredValue>>,
  options: { intlCoopType?: IntlCoopBaseType | null } = {},
): CarrierThresholdCheck[] {
  const thresholds = applicableThresholds(ruleSet, kind, options.intlCoopType);
  const checks = thresholds.map<CarrierThresholdCheck>((t) => ({
    key: t.key,
    label: t.label,
    unit: t.unit,
    required: requirementText(t),
    ...checkOne(t, declared),
    rule: t.rule,
    evidence: t.evidence ?? null,
    anyOf: t.anyOf ?? null,
    option: t.anyOf ? (t.option ?? t.key) : null,
    groupMet: null,
  }));
  const groups = new Set(checks.filter((c) => c.anyOf).map((c) => c.anyOf as string));
  for (const g of groups) {
    const members = checks.filter((c) => c.anyOf === g);
    const options = new Set(members.map((c) => c.option as string));
    const met = [...options].some((o) => members.filter((c) => c.option === o).every((c) => c.met));
    for (const c of members) c.groupMet = met;
  }
  return checks;
}

/** Whether every threshold is met, counting each `anyOf` group as met when one of its options is. */
export function carrierThresholdsMet(checks: readonly CarrierThresholdCheck[]): boolean {
  return checks.every((c) => (c.anyOf ? c.groupMet === true : c.met));
}

/**
 * The reasons a formal review lists for the missed thresholds, in plain Chinese with the article: one per
 * missed single threshold and one per missed `anyOf` group.
 */
export function missedThresholdReasons(
  checks: readonly CarrierThresholdCheck[],
): { key: string; message: string; rule: string }[] {
  const out: { key: string; message: string; rule: string }[] = [];
  const seen = new Set<string>();
  for (const c of checks) {
    if (c.anyOf) {
      if (c.groupMet || seen.has(c.anyOf)) continue;
      seen.add(c.anyOf);
      const members = checks.filter((m) => m.anyOf === c.anyOf);
      out.push({
        key: c.anyOf,
        message: `以下条件须至少符合一项,均未达到:${members.map((m) => `${m.label}(要求 ${m.required})`).join(';')}`,
        rule: [...new Set(members.map((m) => m.rule))].join(', '),
      });
      continue;
    }
    if (c.met) continue;
    out.push({
      key: c.key,
      message:
        c.declared === null
          ? `未填报:${c.label}(要求 ${c.required})`
          : `未达到:${c.label}(要求 ${c.required},申报 ${String(c.declared)})`,
      rule: c.rule,
    });
  }
  return out;
}
