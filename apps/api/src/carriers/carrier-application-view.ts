import { DataSource, In } from 'typeorm';
import { CarrierApplicationDto, type CarrierRuleSet } from '@jiebang/contracts';
import { OrganizationEntity } from '../organizations/organization.entity';
import { loadRuleSet, thresholdResults } from './carrier-common';
import { CarrierApplicationEntity, CarrierExpertReviewEntity, CarrierRoundEntity } from './carrier.entity';

/**
 * The DTOs of application rows (issue 15 §2–4): organisation, round, the rule set's thresholds met or missed, the
 * experts' opinions — in four queries whatever the number of rows. The caller decides who may see them.
 */
export async function toApplicationDtos(
  db: DataSource,
  rows: CarrierApplicationEntity[],
): Promise<CarrierApplicationDto[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const orgs = await db
    .getRepository(OrganizationEntity)
    .find({ where: { id: In([...new Set(rows.map((r) => r.orgId))]) } });
  const rounds = await db
    .getRepository(CarrierRoundEntity)
    .find({ where: { id: In([...new Set(rows.map((r) => r.roundId))]) } });
  const rules = new Map<string, CarrierRuleSet>();
  for (const r of rounds) rules.set(r.id, await loadRuleSet(db.manager, r.ruleSetId));
  const reviews: (CarrierExpertReviewEntity & { expert_name?: string })[] = await db.query(
    `SELECT r.id, r.application_id AS "applicationId", r.expert_user_id AS "expertUserId", r.score, r.recommend,
            r.opinion, r.submitted_at AS "submittedAt", u.display_name AS expert_name
     FROM carrier_expert_review r LEFT JOIN app_user u ON u.id = r.expert_user_id
     WHERE r.application_id = ANY($1) ORDER BY r.assigned_at`,
    [ids],
  );
  return rows.map((a) => {
    const org = orgs.find((o) => o.id === a.orgId);
    const round = rounds.find((r) => r.id === a.roundId);
    const rs = rules.get(a.roundId);
    return {
      id: a.id,
      roundId: a.roundId,
      roundTitle: round?.title ?? '',
      orgId: a.orgId,
      orgName: org?.name ?? '',
      regionCode: org?.regionCode ?? null,
      kind: a.kind,
      intlBaseType: a.intlBaseType,
      platformName: a.platformName,
      form: a.form,
      status: a.status,
      authority: a.authority,
      direct: a.direct,
      nationalLevel: a.nationalLevel,
      integrityPledgeAt: a.integrityPledgeAt?.toISOString() ?? null,
      submittedAt: a.submittedAt?.toISOString() ?? null,
      recommendation: a.recommendation,
      formalReview: a.formalReview,
      siteVisit: a.siteVisit,
      decision: a.decision,
      noticeFirstDay: a.noticeFirstDay,
      noticeLastDay: a.noticeLastDay,
      noticeEndsAt: a.noticeEndsAt?.toISOString() ?? null,
      carrierId: a.carrierId,
      thresholds: rs ? thresholdResults(rs, a) : [],
      experts: reviews
        .filter((r) => r.applicationId === a.id)
        .map((r) => ({
          id: r.id,
          expertUserId: r.expertUserId,
          expertName: r.expert_name ?? null,
          score: r.score,
          recommend: r.recommend,
          opinion: r.opinion,
          submittedAt: r.submittedAt ? new Date(r.submittedAt).toISOString() : null,
        })),
      updatedAt: a.updatedAt.toISOString(),
    };
  });
}
