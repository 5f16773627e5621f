import { type CarrierRuleSet } from '@jiebang/contracts';
import { RULE_SET_YN_2025_11 } from '@jiebang/policy';

/**
 * Inner Mongolia's own 备案 rule set as staff would load it (`POST /api/v1/carriers/rule-sets`) — test data only:
 * `001`'s conditions with `002` 二(一)'s quotas (盟市 3, 自治区部门 2, direct 1, national level outside the quota),
 * since 内党科办发〔2025〕12号 is not in our sources. `id` and `documentNo` keep suites apart.
 */
export function testFilingRuleSet(id: string, documentNo: string): CarrierRuleSet {
  return {
    ...RULE_SET_YN_2025_11,
    id,
    version: 1,
    name: '测试用:自治区备案规则集(条件取自 001,名额取自 002)',
    source: { documentNo, title: '测试用规则集', issuer: '测试', region: '内蒙古自治区(测试)' },
    validFrom: null,
    validUntil: null,
    quota: {
      city: 3,
      department: 2,
      direct: 1,
      nationalLevelOutsideQuota: true,
      directAllowed: true,
      rule: '002 二(一)',
    },
  };
}

/** What `registeredCarrier` writes: the carrier's kind, host, name, region (null: the host's counts) and rule set. */
export interface RegisteredCarrierInput {
  kind: string;
  hostOrgId: string;
  name: string;
  /** 6-digit region code of the carrier, or null (then statistics place it by its host organisation). */
  regionCode: string | null;
  /** A rule set id in `carrier_rule_set` (default the shipped Yunnan set `yn-kegui-2025-11@1`, `001`). */
  ruleSetId?: string;
}

/**
 * A registry entry (`carrier` row, status `operating`) as publication writes it, for suites that need a carrier
 * but not the application route to it (that route is the carriers suite's). Returns the carrier id.
 */
export async function registeredCarrier(
  db: { query: (sql: string, params?: unknown[]) => Promise<unknown> },
  c: RegisteredCarrierInput,
): Promise<string> {
  const rows = (await db.query(
    `INSERT INTO carrier (kind, host_org_id, name, plate_name, document_no, published_on, status, region_code,
       fields, rule_set_id)
     VALUES ($1, $2, $3, '内蒙古自治区' || $3, '内科发〔2026〕8号', '2026-01-05', 'operating', $4, '{rare_earth}', $5)
     RETURNING id`,
    [c.kind, c.hostOrgId, c.name, c.regionCode, c.ruleSetId ?? 'yn-kegui-2025-11@1'],
  )) as { id: string }[];
  return rows[0].id;
}
