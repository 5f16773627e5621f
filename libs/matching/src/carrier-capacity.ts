import { CarrierKind, CarrierStatus, CARRIER_KIND_LABEL, Field, FIELD_LABELS } from '@jiebang/contracts';

/**
 * The carrier-capacity term of a match score (issue 15 §8; RULEBOOK §7 "On the board"; `001 §14` 全链条概念验证和
 * 中试服务, `003 §23` 为行业提供技术研发、技术转移服务): an organisation that hosts a registered carrier in 运行 which
 * declared service capacity in the listing's field gets `CARRIER_CAPACITY_BASE` points, plus one per declared
 * 中试/验证 line up to `CARRIER_CAPACITY_MAX` in all. Only the best of its carriers counts (never a sum), a carrier
 * in 筹建, 整改 or 撤销 counts nothing, and capacity in another field counts nothing: the term is bounded, 0–5.
 */
export const CARRIER_CAPACITY_MAX = 5;

/** Points for a declared capacity in the field, before its lines. */
export const CARRIER_CAPACITY_BASE = 3;

/** The rule the term cites. */
export const CARRIER_CAPACITY_RULE = '001 §14; 003 §22–23 (RULEBOOK §7 On the board)';

/** One declaration of a carrier hosted by the organisation: the carrier's kind, status and a field's capacity. */
export interface CarrierCapacityFact {
  carrierName: string;
  kind: CarrierKind | string;
  status: CarrierStatus | string;
  field: Field | string;
  /** Declared 中试/验证 lines in the field (≥ 0). */
  pilotLines: number;
}

/** The term for one organisation and one listing field: points (0–`CARRIER_CAPACITY_MAX`) and why. */
export interface CarrierCapacityPoints {
  points: number;
  explanation: string;
  rule: string;
}

/**
 * Scores an organisation's carriers' declared capacity for a listing in `field` (see `CARRIER_CAPACITY_MAX`).
 * `facts` are every declaration of the carriers the organisation hosts (any field, any status); pure.
 */
export function carrierCapacityPoints(
  facts: readonly CarrierCapacityFact[],
  field: Field | string,
): CarrierCapacityPoints {
  let best: { points: number; fact: CarrierCapacityFact } | null = null;
  for (const f of facts) {
    if (f.status !== CarrierStatus.Operating || f.field !== field) continue;
    const lines = Math.max(0, Math.floor(Number(f.pilotLines) || 0));
    const points = Math.min(CARRIER_CAPACITY_MAX, CARRIER_CAPACITY_BASE + lines);
    if (!best || points > best.points) best = { points, fact: f };
  }
  const fieldLabel = FIELD_LABELS[field as Field] ?? field;
  if (!best)
    return { points: 0, explanation: `没有运行中的载体在${fieldLabel}领域登记服务能力`, rule: CARRIER_CAPACITY_RULE };
  const kind = CARRIER_KIND_LABEL[best.fact.kind as CarrierKind] ?? best.fact.kind;
  return {
    points: best.points,
    explanation: `${best.fact.carrierName}(${kind},运行)在${fieldLabel}领域登记服务能力,中试/验证线 ${best.fact.pilotLines} 条`,
    rule: CARRIER_CAPACITY_RULE,
  };
}
