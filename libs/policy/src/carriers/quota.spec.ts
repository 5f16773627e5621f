import { RecommenderKind } from '@jiebang/contracts';
import { checkRecommendationQuota, recommendationQuota } from './quota';
import { RULE_SET_YN_2025_11 } from './rule-sets';

describe('recommendation quotas per round (002 二)', () => {
  it('盟市 ≤ 3, 自治区部门 ≤ 2, direct applicants 1', () => {
    expect(recommendationQuota(RecommenderKind.City)).toEqual({
      limit: 3,
      outsideQuota: false,
      rule: '002 二(一), 二(三)',
    });
    expect(recommendationQuota(RecommenderKind.Department).limit).toBe(2);
    expect(recommendationQuota(RecommenderKind.Direct).limit).toBe(1);
  });

  it('a 盟市 with 2 recommended may recommend a third, not a fourth', () => {
    expect(checkRecommendationQuota(RecommenderKind.City, 2).allowed).toBe(true);
    const full = checkRecommendationQuota(RecommenderKind.City, 3);
    expect(full).toMatchObject({ allowed: false, limit: 3, used: 3 });
    expect(full.message).toContain('名额已用完');
    expect(checkRecommendationQuota(RecommenderKind.Department, 2).allowed).toBe(false);
  });

  it('a national-level 国合基地 is registered outside the quota even when the quota is used up', () => {
    expect(recommendationQuota(RecommenderKind.City, { nationalLevel: true })).toMatchObject({
      limit: null,
      outsideQuota: true,
    });
    expect(checkRecommendationQuota(RecommenderKind.City, 3, { nationalLevel: true }).allowed).toBe(true);
  });

  it('a rule set without quotas (001) sets no limit', () => {
    expect(checkRecommendationQuota(RecommenderKind.City, 50, { ruleSet: RULE_SET_YN_2025_11 })).toMatchObject({
      allowed: true,
      limit: null,
    });
  });
});
