/**
 * The structured 申报书 of a carrier application (issue 15 §2; seeds `001 §8–§10`, `002` annex 2, `003 §10–§19`):
 * which figures, annex lists and evidence a kind asks for, read from the rule set of the round (shipped sets of
 * `@jiebang/policy`; a set staff loaded that the web does not know falls back to the kind's shipped set), and
 * the conversion between the form (money in 万元, as the seeds' forms speak) and the stored application (money in
 * integer fen strings, the keys of the rule set's thresholds — RULEBOOK §5).
 */
import {
  CarrierKind,
  fenToWan,
  IntlCoopBaseType,
  wanToFen,
  type CarrierRuleSet,
  type CarrierThreshold,
} from '@jiebang/contracts';
import { applicableThresholds, CARRIER_RULE_SETS, defaultCarrierRuleSet } from '@jiebang/policy';

/** The rule set a round names (`key@version` or `key`), else the kind's shipped set. */
export function ruleSetFor(ruleSetId: string | null | undefined, kind: CarrierKind): CarrierRuleSet {
  const key = (ruleSetId ?? '').split('@')[0];
  return CARRIER_RULE_SETS.find((r) => r.id === key && r.kinds.includes(kind)) ?? defaultCarrierRuleSet(kind);
}

/** The figures the form asks for (the integrity pledge is the submit checkbox, not a figure). */
export function formThresholds(rs: CarrierRuleSet, kind: CarrierKind, intlType: string | null): CarrierThreshold[] {
  return applicableThresholds(rs, kind, (intlType as IntlCoopBaseType | null) ?? null).filter(
    (t) => t.key !== 'integrityPledge',
  );
}

/** The evidence the form asks for (one line per key; the integrity pledge excepted). */
export function formEvidence(rs: CarrierRuleSet, kind: CarrierKind): { key: string; label: string; rule: string }[] {
  const seen = new Set<string>();
  return rs.requiredEvidence.filter((e) => {
    if ((e.kinds && !e.kinds.includes(kind)) || e.key === 'integrityPledge' || seen.has(e.key)) return false;
    seen.add(e.key);
    return true;
  });
}

/** Which annex lists a kind's 申报书 has (`001 §8(五)`/`§9(五)` project pool; `002` annex 2 九; `003 §7`, `§19`). */
export function annexesFor(kind: string): ('projects' | 'foreignPartners' | 'coBuilders' | 'branches')[] {
  if (kind === CarrierKind.IntlCoopBase) return ['foreignPartners', 'projects'];
  if (kind === CarrierKind.InnovationCenter) return ['coBuilders', 'branches'];
  return ['projects'];
}

/** The keys a threshold reads from the form (a ratio reads its two parts). */
export function thresholdKeys(t: CarrierThreshold): string[] {
  return t.unit === 'ratio' && t.ratioOf ? [t.ratioOf.part, t.ratioOf.whole] : [t.key];
}

/** Stored application form → form values: money thresholds from fen to 万元 strings. */
export function toFormValues(form: Record<string, unknown>, thresholds: CarrierThreshold[]): Record<string, unknown> {
  const out: Record<string, unknown> = { ...form };
  for (const t of thresholds)
    if (t.unit === 'fen' && (typeof form[t.key] === 'string' || typeof form[t.key] === 'number')) {
      try {
        out[t.key] = fenToWan(BigInt(form[t.key] as string | number));
      } catch {
        out[t.key] = undefined;
      }
    }
  return out;
}

/**
 * Form values → the stored form: money thresholds from 万元 to integer-fen strings (exact; a malformed amount is
 * left out, the form's own rule shows it), empty values dropped as null so the server's missing list sees them.
 */
export function toStoredForm(values: Record<string, unknown>, thresholds: CarrierThreshold[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) out[k] = v === '' || v === undefined ? null : v;
  for (const t of thresholds)
    if (t.unit === 'fen' && t.key in values) {
      const v = values[t.key];
      if (v === undefined || v === null || v === '') out[t.key] = null;
      else
        try {
          out[t.key] = wanToFen(String(v)).toString();
        } catch {
          delete out[t.key];
        }
    }
  return out;
}

/** The unit shown after a figure's input. */
export const UNIT_SUFFIX: Record<string, string> = { m2: 'm²', person: '人', count: '个', fen: '万元', year: '年' };
