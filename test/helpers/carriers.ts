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
