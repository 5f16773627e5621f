import { EntityManager } from 'typeorm';
import { DealStatus, OfferTerms } from '@jiebang/contracts';
import { AuditService } from '../audit/audit.service';
import { DealEntity } from './deal.entity';

/**
 * Opens the deal of a draft agreement, in the caller's transaction (the negotiation's accept): status
 * `agreement_review`, waiting for staff to review it and open the public notice (seed `004 §9(七)`).
 * @returns the new deal's id.
 */
export async function openDeal(
  em: EntityManager,
  audit: AuditService,
  a: {
    applicationId: string;
    agreementDraftId: string;
    listingId: string;
    kind: 'challenge' | 'achievement';
    posterOrgId: string;
    takerOrgId: string;
    terms: OfferTerms;
    amountFen: string;
    actorUserId: string;
  },
): Promise<string> {
  const repo = em.getRepository(DealEntity);
  const deal = await repo.save(
    repo.create({
      applicationId: a.applicationId,
      agreementDraftId: a.agreementDraftId,
      listingId: a.listingId,
      kind: a.kind,
      posterOrgId: a.posterOrgId,
      takerOrgId: a.takerOrgId,
      status: DealStatus.AgreementReview,
      terms: a.terms,
      amountFen: a.amountFen,
    }),
  );
  await audit.append(em, {
    entityType: 'deal',
    entityId: deal.id,
    action: 'deal_opened',
    fromStatus: null,
    toStatus: DealStatus.AgreementReview,
    actorUserId: a.actorUserId,
    rule: '004 §9(六)–(七)',
    data: { applicationId: a.applicationId, agreementDraftId: a.agreementDraftId, amountFen: a.amountFen },
  });
  return deal.id;
}
