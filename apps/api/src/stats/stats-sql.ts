/**
 * The SQL of the statistics (issue 14 item 3), one statement per figure group. Every statement takes the same
 * first four parameters:
 * - `$1` region prefix of the authority (`NULL` = the whole region, `'-'` = an authority without a region: nothing),
 * - `$2` region codes the authority excludes (`text[]`; 满洲里 leaves 呼伦贝尔, 二连浩特 leaves 锡林郭勒),
 * - `$3` the year (Beijing calendar) or `NULL` for every year,
 * - `$4` unused by the counts; the money statements use `$4` = subsidy rate in basis points and `$5` = the
 *   pre-subsidy cap in fen (from `@jiebang/policy`, seed `004 §11`), so the rule keeps its one home.
 */

/** `col` lies in the authority of `$1`/`$2` (true when `$1` is NULL). */
export function inScope(col: string): string {
  return `($1::text IS NULL OR (${col} LIKE $1::text || '%' AND NOT (${col} = ANY($2::text[]))))`;
}

/** The Beijing calendar year of a `timestamptz` expression. */
export function beijingYear(expr: string): string {
  return `extract(year FROM (${expr}) AT TIME ZONE 'Asia/Shanghai')::int`;
}

/** `expr`'s year equals `$3` (true when `$3` is NULL). */
function inYear(yearExpr: string): string {
  return `($3::int IS NULL OR ${yearExpr} = $3::int)`;
}

/** Listings in scope (region: the poster organisation's, else the listing's own), created in the year. */
const LISTINGS = `SELECT l.id, l.kind, l.field, l.status, COALESCE(o.region_code, l.region_code) AS region_code
  FROM listing l LEFT JOIN organization o ON o.id = l.poster_org_id
  WHERE ${inScope('COALESCE(o.region_code, l.region_code)')} AND ${inYear(beijingYear('l.created_at'))}`;

/** Applications in scope (the applicant's region), created in the year. */
const APPLICATIONS = `SELECT a.id, a.status FROM application a JOIN organization o ON o.id = a.applicant_org_id
  WHERE ${inScope('o.region_code')} AND ${inYear(beijingYear('a.created_at'))}`;

/** Deals in scope (either party's region), created in the year. */
const DEALS = `SELECT d.id, d.status FROM deal d JOIN organization p ON p.id = d.poster_org_id
  JOIN organization t ON t.id = d.taker_org_id
  WHERE (${inScope('p.region_code')} OR ${inScope('t.region_code')}) AND ${inYear(beijingYear('d.created_at'))}`;

/**
 * Counts: rows `(dim, key, count)` with `dim` one of `listing_field`, `listing_kind`, `listing_status`,
 * `listing_region` (盟市: the first four digits of the region code + `00`), `application_status`, `deal_status`.
 */
export const COUNTS_SQL = `
  WITH l AS (${LISTINGS}), a AS (${APPLICATIONS}), d AS (${DEALS})
  SELECT 'listing_field' AS dim, COALESCE(field, 'none') AS key, count(*)::int AS count FROM l GROUP BY 2
  UNION ALL SELECT 'listing_kind', kind, count(*)::int FROM l GROUP BY 2
  UNION ALL SELECT 'listing_status', status, count(*)::int FROM l GROUP BY 2
  UNION ALL SELECT 'listing_region', COALESCE(left(region_code, 4) || '00', 'unknown'), count(*)::int FROM l GROUP BY 2
  UNION ALL SELECT 'application_status', status, count(*)::int FROM a GROUP BY 2
  UNION ALL SELECT 'deal_status', status, count(*)::int FROM d GROUP BY 2
  ORDER BY 1, 2`;

/**
 * Time per stage from the audit log: each audited status change of a listing, application or deal opens a stay
 * in its new status that the record's next status change closes; only closed stays count, in calendar days, by
 * the year (Beijing) the stay began. Records are scoped as in the counts (but not by their creation year).
 * Rows `(entity, stage, count, average_days, median_days)`.
 */
export const STAGES_SQL = `
  WITH moves AS (
    SELECT a.entity_type, a.entity_id, a.to_status, a.at,
           lead(a.at) OVER (PARTITION BY a.entity_type, a.entity_id ORDER BY a.seq) AS left_at
    FROM audit_log a
    WHERE a.entity_type IN ('listing', 'application', 'deal') AND a.to_status IS NOT NULL
      AND a.to_status IS DISTINCT FROM a.from_status
  ), stays AS (
    SELECT m.entity_type, m.to_status, extract(epoch FROM m.left_at - m.at) / 86400.0 AS days
    FROM moves m
    WHERE m.left_at IS NOT NULL AND ${inYear(beijingYear('m.at'))}
      AND ($1::text IS NULL OR
        (m.entity_type = 'listing' AND m.entity_id IN (SELECT l.id FROM listing l
            LEFT JOIN organization o ON o.id = l.poster_org_id WHERE ${inScope('COALESCE(o.region_code, l.region_code)')}))
        OR (m.entity_type = 'application' AND m.entity_id IN (SELECT a.id FROM application a
            JOIN organization o ON o.id = a.applicant_org_id WHERE ${inScope('o.region_code')}))
        OR (m.entity_type = 'deal' AND m.entity_id IN (SELECT d.id FROM deal d
            JOIN organization p ON p.id = d.poster_org_id JOIN organization t ON t.id = d.taker_org_id
            WHERE ${inScope('p.region_code')} OR ${inScope('t.region_code')})))
  )
  SELECT entity_type AS entity, to_status AS stage, count(*)::int AS count,
         round(avg(days)::numeric, 1)::float8 AS average_days,
         round((percentile_cont(0.5) WITHIN GROUP (ORDER BY days))::numeric, 1)::float8 AS median_days
  FROM stays GROUP BY 1, 2 ORDER BY 1, 2`;

/**
 * The money ledger, one row per deal, measure and year (`deal_id, measure, year, field, amount_fen`), for deals
 * in scope (either party's region):
 * - `committed`: subsidies approved (status `approved` or `disbursed`), by the year of approval (seed `004 §11`,
 *   four eyes `§12`);
 * - `received`: installments staff confirmed against a voucher (RULEBOOK §5), by the payment date;
 * - `disbursed`: subsidies paid out, by the disbursement date (`004 §12`);
 * - `recoverable`: the unspent state money to recover after an approved termination (`004 §15`, special audit),
 *   by the year of the termination;
 * - `forecast`: the 前资助 of signed challenge deals (in progress or accepted) without an approved subsidy yet,
 *   due after the poster's first payment (`004 §12`): min(floor(rate × total R&D investment (else the contract
 *   amount)), cap) (`004 §11`), by the signing year.
 */
export const MONEY_LEDGER_SQL = `
  SELECT m.deal_id, m.measure, m.year, l.field, m.amount_fen::text AS amount_fen,
         l.title AS listing_title, p.name AS poster_name, t.name AS taker_name
  FROM (
    SELECT s.deal_id, 'committed' AS measure, ${beijingYear('s.approved_at')} AS year, s.subsidy_fen AS amount_fen
      FROM subsidy s WHERE s.status IN ('approved', 'disbursed')
    UNION ALL
    SELECT f.deal_id, 'received', extract(year FROM f.paid_on)::int, f.amount_fen
      FROM funding_installment f WHERE f.status = 'confirmed'
    UNION ALL
    SELECT s.deal_id, 'disbursed', extract(year FROM s.disbursed_on)::int, s.subsidy_fen
      FROM subsidy s WHERE s.status = 'disbursed'
    UNION ALL
    SELECT c.deal_id, 'recoverable',
           (SELECT ${beijingYear('min(a.at)')} FROM audit_log a
             WHERE a.entity_type = 'deal' AND a.entity_id = c.deal_id AND a.to_status = 'terminated'),
           c.recovery_fen
      FROM deal_change c WHERE c.kind = 'termination' AND c.status = 'approved' AND c.recovery_fen > 0
    UNION ALL
    SELECT d.id, 'forecast', extract(year FROM d.signed_on)::int,
           LEAST(COALESCE(d.total_rd_investment_fen, d.amount_fen) * $4::bigint / 10000, $5::bigint)
      FROM deal d
      WHERE d.kind = 'challenge' AND d.status IN ('in_progress', 'accepted') AND d.signed_on IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM subsidy s WHERE s.deal_id = d.id AND s.status IN ('approved', 'disbursed'))
  ) m
  JOIN deal d ON d.id = m.deal_id JOIN listing l ON l.id = d.listing_id
  JOIN organization p ON p.id = d.poster_org_id JOIN organization t ON t.id = d.taker_org_id
  WHERE (${inScope('p.region_code')} OR ${inScope('t.region_code')}) AND ${inYear('m.year')}`;
