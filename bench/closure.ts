/**
 * The benchmark-only control-closure table and the comparison of `GraphService.loadFacts` with it
 * (`bench/matching.bench.ts`, checked by `test/e2e/control-closure.e2e-spec.ts` on a small graph).
 *
 * The closure table holds one row per (ancestor, descendant) pair linked by a chain of edges conferring control at
 * `asOf` (RULEBOOK §6, `CONFERS_CONTROL_SQL`), with the shortest chain's length as `depth`; on a cycle an
 * organisation is its own ancestor (a self row).
 */
import { CONFERS_CONTROL_SQL, CONTROL_STEP_SQL } from '../apps/api/src/graph/graph.service';

/**
 * The closure rows (ancestor, descendant, depth) at `asOf` (an SQL date expression) of the edges matching
 * `start` (an SQL predicate on `e`; `'true'` for the whole graph): an `INSERT … ` body.
 */
export const CLOSURE_WALK = (asOf: string, start: string) => `
  WITH RECURSIVE walk(ancestor, descendant, depth) AS (
    SELECT e.controller_org_id, e.controlled_org_id, 1 FROM control_edge e
    WHERE ${start} AND ${CONFERS_CONTROL_SQL('e', asOf)}
    UNION ALL
    SELECT e.controller_org_id, w.descendant, w.depth + 1 FROM walk w JOIN control_edge e ON e.controlled_org_id = w.ancestor
    WHERE ${CONFERS_CONTROL_SQL('e', asOf)}
  ) CYCLE ancestor SET is_cycle USING path
  SELECT ancestor, descendant, min(depth) FROM walk WHERE NOT is_cycle GROUP BY ancestor, descendant`;

/**
 * `GraphService.loadFacts`' edges (every edge conferring control at `$2` that enters the parties `$1` or one of
 * their ancestors), with the ancestors read from the closure table `table`: one row per edge.
 */
export const FACTS_BY_CLOSURE = (table: string) => `
  SELECT e.controller_org_id, e.controlled_org_id, e.equity_pct::text, e.kind,
         to_char(e.valid_from, 'YYYY-MM-DD') AS valid_from, to_char(e.valid_to, 'YYYY-MM-DD') AS valid_to
  FROM (SELECT unnest($1::uuid[]) AS id
        UNION SELECT c.ancestor FROM ${table} c WHERE c.descendant = ANY($1::uuid[])) up
  CROSS JOIN ${CONTROL_STEP_SQL('up.id', 'controllers', '$2')}`;

/** One edge as a comparable string (controller, controlled, kind, equity percent as text, validity dates). */
export const edgeKey = (r: Record<string, unknown>) =>
  `${r.controller_org_id}>${r.controlled_org_id}:${r.kind}:${r.equity_pct}:${r.valid_from}:${r.valid_to}`;

/**
 * The edge keys of the raw result of `GraphService.loadFacts`' statement. That statement answers ONE row whose
 * `edges` column is a JSON array of the edges (with `orgs` and `credits` beside it), not one row per edge:
 * comparing its rows with `FACTS_BY_CLOSURE`'s made every sample a mismatch (`bench/README.md`).
 * @throws Error when the result does not have that shape (the statement changed: adapt the comparison).
 */
export function loadFactsEdgeKeys(rows: Record<string, unknown>[]): string[] {
  const edges = rows.length === 1 ? rows[0].edges : undefined;
  if (!Array.isArray(edges)) {
    throw new Error(`loadFacts answered ${rows.length} rows without an edges array: the comparison is out of date`);
  }
  return (edges as Record<string, unknown>[]).map(edgeKey);
}

/** The edge keys of `FACTS_BY_CLOSURE`'s result (one row per edge). */
export const closureFactsEdgeKeys = (rows: Record<string, unknown>[]) => rows.map(edgeKey);

/** True when `a` and `b` hold the same keys the same number of times. */
export function sameKeys(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  const x = [...a].sort();
  const y = [...b].sort();
  return x.every((k, i) => k === y[i]);
}
