import { EntityManager } from 'typeorm';
import {
  can,
  Capability,
  CarrierApplicationStatus as S,
  Role,
  type CarrierApplicationDto,
  type CurrentUser,
} from '@jiebang/contracts';
import { isRecommender } from './carrier-application-steps';
import { CarrierApplicationEntity, CarrierExpertReviewEntity } from './carrier.entity';

/** How a user stands to a carrier application: the parties who may read all of it (and its evidence files). */
export type CarrierApplicationParty = 'applicant' | 'recommender' | 'staff' | 'expert';

/**
 * The user's part in an application, or null for anyone else (issue 15; RULEBOOK §7): the applicant
 * organisation's users; the recommender of its authority once submitted; staff (not recommenders); the experts
 * invited to review it. The one rule of who reads an application in full and downloads its evidence files.
 */
export async function carrierApplicationParty(
  em: EntityManager,
  user: CurrentUser | undefined,
  app: Pick<CarrierApplicationEntity, 'id' | 'orgId' | 'authority' | 'status'>,
): Promise<CarrierApplicationParty | null> {
  if (!user) return null;
  if (isRecommender(user)) return app.authority === user.authority && app.status !== S.Draft ? 'recommender' : null;
  if (user.role === Role.Staff) return 'staff';
  if (user.orgId && user.orgId === app.orgId) return 'applicant';
  if (user.role === Role.Expert) {
    const invited = await em
      .getRepository(CarrierExpertReviewEntity)
      .exist({ where: { applicationId: app.id, expertUserId: user.id } });
    return invited ? 'expert' : null;
  }
  return null;
}

/** True while the application is on public notice (公示, or frozen by an objection): anyone may read its reduced view. */
export function onPublicNotice(app: Pick<CarrierApplicationEntity, 'status'>): boolean {
  return app.status === S.OnNotice || app.status === S.Objection;
}

/** True when `user` may resolve objections and so sees them on the application (`RunCarrierProgrammes`). */
export function seesObjections(user: CurrentUser): boolean {
  return can(user, Capability.RunCarrierProgrammes);
}

/**
 * The reduced view of an application on notice for someone who is no party to it (RULEBOOK §7 "Notice"): the
 * platform, kind, 依托单位, region, round and notice period remain; the 申报书's figures and annexes, the steps'
 * records (site and credit checks, review notes, minutes), thresholds, expert opinions and evidence are withheld.
 */
export function reducedApplicationView(dto: CarrierApplicationDto): CarrierApplicationDto {
  const fields = Array.isArray(dto.form?.fields) ? { fields: dto.form.fields } : {};
  const { evidenceItems: _files, objections: _objections, ...rest } = dto;
  return {
    ...rest,
    form: fields,
    integrityPledgeAt: null,
    recommendation: null,
    formalReview: null,
    siteVisit: null,
    decision: null,
    thresholds: [],
    experts: [],
    publicView: true,
  };
}
