import { DataSource } from 'typeorm';
import { CarrierStatus, ScorePart } from '@jiebang/contracts';
import { CARRIER_CAPACITY_MAX, carrierCapacityPoints, type CarrierCapacityFact } from '@jiebang/matching';

/**
 * The carrier-capacity term of the ranking (issue 15 §8; `carrierCapacityPoints` of `@jiebang/matching`, 0–5 points,
 * `001 §14`, `003 §22–23`): the organisations hosting a carrier in 运行 that declared service capacity in the
 * listing's field, with their points, as parallel arrays for SQL (`ids`, `points`, only organisations with points),
 * and the explanation of each for the page. Carriers are few: loaded once per ranking, by field.
 */
export interface CapacityTerm {
  ids: string[];
  points: number[];
  explanations: Map<string, string>;
}

/** No organisation has capacity points (the SQL then adds a constant 0 and binds nothing). */
export const NO_CAPACITY: CapacityTerm = { ids: [], points: [], explanations: new Map() };

/**
 * Loads the term for a listing in `field` (`ids`: organisations hosting an operating carrier with capacity declared
 * in that field; the others score 0).
 */
export async function loadCapacityTerm(db: DataSource, field: string): Promise<CapacityTerm> {
  const rows: { host_org_id: string; plate_name: string; kind: string; status: string; pilot_lines: number }[] =
    await db.query(
      `SELECT c.host_org_id, c.plate_name, c.kind, c.status, k.pilot_lines
       FROM carrier_capacity k JOIN carrier c ON c.id = k.carrier_id
       WHERE k.field = $1 AND c.status = $2`,
      [field, CarrierStatus.Operating],
    );
  if (!rows.length) return NO_CAPACITY;
  const byOrg = new Map<string, CarrierCapacityFact[]>();
  for (const r of rows) {
    const facts = byOrg.get(r.host_org_id) ?? [];
    facts.push({ carrierName: r.plate_name, kind: r.kind, status: r.status, field, pilotLines: r.pilot_lines });
    byOrg.set(r.host_org_id, facts);
  }
  const term: CapacityTerm = { ids: [], points: [], explanations: new Map() };
  for (const [orgId, facts] of byOrg) {
    const p = carrierCapacityPoints(facts, field);
    if (p.points <= 0) continue;
    term.ids.push(orgId);
    term.points.push(p.points);
    term.explanations.set(orgId, p.explanation);
  }
  return term;
}

/**
 * The term's SQL for organisation `o`, reading its points from the parameters `$n` (ids) and `$n+1` (points); the
 * constant `0` when nobody has points (and then no parameters are bound: `capacityParams` is empty).
 */
export function capacitySql(term: CapacityTerm, n: number): string {
  return term.ids.length ? `coalesce(($${n + 1}::numeric[])[array_position($${n}::uuid[], o.id)], 0)` : '0';
}

/** The parameters `capacitySql` reads (none for an empty term). */
export function capacityParams(term: CapacityTerm): unknown[] {
  return term.ids.length ? [term.ids, term.points] : [];
}

/** The organisations phase 1 must consider beside the top tier (their points can lift them): `$n`, or nothing. */
export function capacityReachSql(term: CapacityTerm, n: number): string {
  return term.ids.length ? `UNION SELECT unnest($${n}::uuid[])` : '';
}

/**
 * The score part of the term for one organisation, or null when it scores nothing (the part is shown only where a
 * carrier's capacity counts, so the five standing parts keep their shape).
 */
export function capacityPart(term: CapacityTerm, orgId: string): ScorePart | null {
  const i = term.ids.indexOf(orgId);
  if (i < 0) return null;
  return {
    name: 'carrierCapacity',
    label: '载体服务能力',
    points: term.points[i],
    max: CARRIER_CAPACITY_MAX,
    explanation: term.explanations.get(orgId) ?? '',
  };
}

/**
 * The term seen from an organisation (`listingsFor`): its points per field, as parallel arrays for SQL (`fields`,
 * `points`), and each field's explanation.
 */
export async function loadOrgCapacity(
  db: DataSource,
  orgId: string,
): Promise<{ fields: string[]; points: number[]; explanations: Map<string, string> }> {
  const rows: { plate_name: string; kind: string; status: string; field: string; pilot_lines: number }[] =
    await db.query(
      `SELECT c.plate_name, c.kind, c.status, k.field, k.pilot_lines
       FROM carrier_capacity k JOIN carrier c ON c.id = k.carrier_id WHERE c.host_org_id = $1`,
      [orgId],
    );
  const facts: CarrierCapacityFact[] = rows.map((r) => ({
    carrierName: r.plate_name,
    kind: r.kind,
    status: r.status,
    field: r.field,
    pilotLines: r.pilot_lines,
  }));
  const out = { fields: [] as string[], points: [] as number[], explanations: new Map<string, string>() };
  for (const field of new Set(rows.map((r) => r.field))) {
    const p = carrierCapacityPoints(facts, field);
    if (p.points <= 0) continue;
    out.fields.push(field);
    out.points.push(p.points);
    out.explanations.set(field, p.explanation);
  }
  return out;
}

/** The organisation's `carrierCapacity` part for a listing in `field` (`listingsFor`), or null. */
export function orgCapacityPart(
  oc: { fields: string[]; points: number[]; explanations: Map<string, string> },
  field: string,
): ScorePart | null {
  const i = oc.fields.indexOf(field);
  if (i < 0) return null;
  return {
    name: 'carrierCapacity',
    label: '载体服务能力',
    points: oc.points[i],
    max: CARRIER_CAPACITY_MAX,
    explanation: oc.explanations.get(field) ?? '',
  };
}

/** The standing parts, plus the carrier-capacity part where it counts. */
export function withCapacity(parts: ScorePart[], part: ScorePart | null): ScorePart[] {
  return part ? [...parts, part] : parts;
}
