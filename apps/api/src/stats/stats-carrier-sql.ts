import { authorityPrecedenceSql } from '../workbench/recommender-holder';
import { beijingYear, inScope } from './stats-sql';

/**
 * The carrier support part of the money ledger (issue 15 §7, last sentence: "the figures feed the department's
 * money ledger"), one row per support record and measure:
 * `support_id, measure, year, support_kind, carrier_kind, support_year, status, computed_fen, amount_fen,
 *  carrier_id, carrier_name, plate_name, host_org_name`.
 *
 * The amount is always `granted_fen`: what the organisation actually gets after 就高不重复 (`001 §14`), never the
 * computed amount before it (`computed_fen`, listed for the drill-down only). Each measure counts a record in the
 * Beijing calendar year of its own event, as the deals' ledger does (`MONEY_LEDGER_SQL`), so that a year's
 * committed and disbursed money can be added to the deals' (`publicMoneyTotals`):
 * - `proposed`: awaiting the second person's decision (status `proposed`), by the year it was proposed
 *   (`proposed_at`) — the support year (`year`, often the year before: operation support follows a year's
 *   revenue) is a column of the record, not the ledger year;
 * - `committed`: approved by a second person (status `approved` or `disbursed`), by the year of the decision
 *   (`decided_at`; four eyes as for deals, `004 §12`, `§14`; `001 §13`);
 * - `disbursed`: paid out against a voucher (status `disbursed`), by the year of `disbursed_at`.
 * A rejected proposal counts nowhere. Support classes (`construction`, `operation`, …) and carrier kinds are
 * read from the rows, never listed here, so a new class shows up by itself.
 *
 * Whose record it is (issue 15 §3; RULEBOOK §7, `000` 四.2, `002` 二(一)) — the workbench's precedence
 * (`authorityPrecedenceSql`, one home): a record belongs to the authority that the carrier's registering
 * application names (`carrier.application_id` → `carrier_application.authority`), a 自治区部门 (`dept.*`, no region)
 * as much as a 盟市 — so a 盟市 does NOT count a carrier in its region recommended by a department. Only a carrier
 * whose application names none (a direct applicant, a registry entry without an application) falls back to the
 * region: where the carrier is, else where its host organisation is. Staff naming an authority get the same rule.
 *
 * Parameters: as every statistics statement (`stats-sql.ts`) `$1`/`$2` the authority's region (`'-'` for a
 * department: no region fallback), `$3` the year or NULL; and `$4` the authority's code (text), NULL for the
 * whole region (then every record counts).
 */
export const CARRIER_MONEY_LEDGER_SQL = `
  SELECT m.support_id, m.measure, m.year, s.kind AS support_kind, c.kind AS carrier_kind, s.year AS support_year,
         s.status, s.computed_fen::text AS computed_fen, s.granted_fen::text AS amount_fen,
         c.id AS carrier_id, c.name AS carrier_name, c.plate_name, o.name AS host_org_name
  FROM (
    SELECT p.id AS support_id, 'proposed' AS measure, ${beijingYear('p.proposed_at')} AS year
      FROM carrier_support p WHERE p.status = 'proposed'
    UNION ALL
    SELECT a.id, 'committed', ${beijingYear('a.decided_at')}
      FROM carrier_support a WHERE a.status IN ('approved', 'disbursed')
    UNION ALL
    SELECT d.id, 'disbursed', ${beijingYear('d.disbursed_at')}
      FROM carrier_support d WHERE d.status = 'disbursed'
  ) m
  JOIN carrier_support s ON s.id = m.support_id
  JOIN carrier c ON c.id = s.carrier_id
  JOIN organization o ON o.id = s.org_id
  LEFT JOIN carrier_application ca ON ca.id = c.application_id
  WHERE ($4::text IS NULL OR ${authorityPrecedenceSql(
    'ca.authority',
    '$4::text',
    inScope('COALESCE(c.region_code, o.region_code)'),
  )}) AND ($3::int IS NULL OR m.year = $3::int)`;
