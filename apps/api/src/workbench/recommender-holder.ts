import { authorityRegionScope } from '@jiebang/contracts';

/**
 * Who holds an item of a `recommender` queue (`WORK_QUEUES[q].holder === 'recommender'`; RULEBOOK §7, `000` 四.2,
 * `002` 二(一)) — the one home of the rule, used by the workbench's listing (`WorkbenchService`) and by the
 * notifications and reminders (`WorkQueueNotifier`):
 *
 * 1. An item that knows its recommending authority (queue row column `authority`: the application's
 *    `carrier_application.authority` behind a carrier's annual report, a change's `recommender_authority`, a 考核申请's
 *    `authority`) is held by the recommenders of exactly that authority — a 自治区部门 (`dept.*`, no region) as much
 *    as a 盟市. A 盟市 recommender does NOT hold an item recommended by another authority, even when the item's
 *    organisation lies in its region (a 包头 host recommended by 自治区工业和信息化厅 is that department's).
 * 2. Only an item whose `authority` is NULL (unknown: e.g. a registry entry without an application) falls back to
 *    the region rule: the recommenders of the region authority covering the item's organisation
 *    (`authorityRegionScope`: a league or city's codes, less the county-level cities that are their own authorities).
 *    A department authority has no region, so it holds no such item.
 *
 * `holderSql` is written against the queue row `q` (columns `authority`, `org_id`) with three SQL expressions for
 * the holder: its authority code (text), its region prefix (text, NULL for a department) and the region codes it
 * excludes (a comma-separated text, possibly empty). `holderParams` gives those three values for one authority.
 */
export function recommenderHolderSql(authority: string, prefix: string, excludeCsv: string): string {
  return authorityPrecedenceSql(
    'q.authority',
    authority,
    `${prefix} IS NOT NULL AND EXISTS (
      SELECT 1 FROM organization o WHERE o.id = q.org_id AND o.region_code LIKE ${prefix} || '%'
        AND NOT (o.region_code = ANY(string_to_array(coalesce(${excludeCsv}, ''), ','))))`,
  );
}

/**
 * The precedence itself (RULEBOOK §7, `000` 四.2, `002` 二(一)), the one home shared by the workbench
 * (`recommenderHolderSql`) and the statistics' carrier money (`CARRIER_MONEY_LEDGER_SQL`): a record that names
 * its recommending authority belongs to exactly that authority (a 自治区部门 as much as a 盟市); only a record
 * naming none (`itemAuthority` NULL: a direct applicant, a registry entry without an application) falls back to
 * the region rule.
 * @param itemAuthority SQL text expression of the record's authority code (NULL = unknown).
 * @param holderAuthority SQL text expression of the asking authority's code.
 * @param inHolderRegion SQL condition "the record lies in the asking authority's region" — must be false for a
 *   department (it has no region).
 * @returns a boolean SQL expression (parenthesised).
 */
export function authorityPrecedenceSql(itemAuthority: string, holderAuthority: string, inHolderRegion: string): string {
  return `(${itemAuthority} = ${holderAuthority}
    OR (${itemAuthority} IS NULL AND ${inHolderRegion}))`;
}

/** The three values `recommenderHolderSql` compares with, for the authority `code` (`AUTHORITIES`). */
export function recommenderHolderParams(code: string): [authority: string, prefix: string | null, excludeCsv: string] {
  const scope = authorityRegionScope(code);
  return [code, scope?.prefix ?? null, (scope?.exclude ?? []).join(',')];
}
