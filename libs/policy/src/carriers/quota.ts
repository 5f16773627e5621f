import { RecommenderKind, type CarrierRuleSet } from '@jiebang/contracts';
import { RULE_SET_NM_INTL_COOP } from './rule-sets';

/**
 * A recommender's quota in one round: `limit` applications (null = the rule set sets none), or `outsideQuota`
 * for a national-level 国合基地, which is registered without counting (`002` 二(三)).
 */
export interface RecommendationQuota {
  limit: number | null;
  outsideQuota: boolean;
  rule: string;
}

/**
 * How many applications a recommender of a kind may put forward in one round (`002` 二(一)): each 盟市 (and
 * 满洲里, 二连浩特) ≤ 3, each 自治区部门 ≤ 2, a direct applicant 1; a national-level 国合基地 is outside the quota
 * (`002` 二(三)). Numbers come from the rule set (default: the shipped `002` set); `limit: null` where the rule
 * set sets none (e.g. `001`).
 */
export function recommendationQuota(
  recommenderKind: RecommenderKind,
  options: { nationalLevel?: boolean; ruleSet?: CarrierRuleSet } = {},
): RecommendationQuota {
  const ruleSet = options.ruleSet ?? RULE_SET_NM_INTL_COOP;
  const q = ruleSet.quota;
  if (options.nationalLevel && q.nationalLevelOutsideQuota) return { limit: null, outsideQuota: true, rule: q.rule };
  const limit =
    recommenderKind === RecommenderKind.City
      ? q.city
      : recommenderKind === RecommenderKind.Department
        ? q.department
        : q.direct;
  return { limit, outsideQuota: false, rule: q.rule };
}

/** The answer of `checkRecommendationQuota`: whether one more may be recommended, with a message when not. */
export interface QuotaCheck {
  allowed: boolean;
  limit: number | null;
  used: number;
  message: string | null;
  rule: string;
}

/**
 * Whether a recommender that has already recommended `used` applications in the round (national-level ones not
 * counted) may recommend one more (`002` 二(一)).
 */
export function checkRecommendationQuota(
  recommenderKind: RecommenderKind,
  used: number,
  options: { nationalLevel?: boolean; ruleSet?: CarrierRuleSet } = {},
): QuotaCheck {
  const q = recommendationQuota(recommenderKind, options);
  if (q.outsideQuota || q.limit === null) return { allowed: true, limit: q.limit, used, message: null, rule: q.rule };
  const allowed = used < q.limit;
  return {
    allowed,
    limit: q.limit,
    used,
    message: allowed ? null : `本轮推荐名额已用完(上限 ${q.limit} 个,已推荐 ${used} 个)`,
    rule: q.rule,
  };
}
