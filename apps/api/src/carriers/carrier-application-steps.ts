import { HttpStatus } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  can,
  Capability,
  CarrierStatus,
  CurrentUser,
  findAuthority,
  RecommenderKind,
  Role,
  StaffRole,
} from '@jiebang/contracts';
import { beijingDate } from '@jiebang/policy';
import { AuditService } from '../audit/audit.service';
import { NotFoundError } from '../common/domain-error';
import { refuse } from './carrier-common';
import { CarrierApplicationEntity, CarrierEntity } from './carrier.entity';

/*
 * The shared steps of a carrier application's lifecycle (RULEBOOK §7): the articles behind each step, the bars on
 * applying, the row locks and the audit record every move writes. Used by `CarrierApplicationsService` (applicant and
 * recommender) and `CarrierReviewService` (staff review).
 */

/** The articles behind each step (RULEBOOK §7 table). */
export const CARRIER_RULES = {
  oneApplication: '000 五.3',
  recommendation: '000 四.2; 002 二(一)',
  quota: '002 二(一)',
  formal: '000 四.3; 001 §8–9',
  experts: '000 四.3; 001 §10(二)',
  decision: '000 四.3 会议研究; 001 §10(三)',
  notice: '000 四.3; 001 §10(三) (5 个工作日)',
  publish: '000 四.3 发文公布; 001 §11 授牌',
  reapplyBar: '001 §18; 002 §12; 003 §31',
} as const;

/**
 * The bars on applying (`000` 五.3; `001 §18`, `002 §12`, `003 §31`): one application per organisation, kind and
 * round; no application while a carrier of that kind is registered and in force; none inside the reapply bar.
 */
export async function checkApplicationBars(
  em: EntityManager,
  orgId: string,
  kind: string,
  roundId: string,
  selfId: string | null,
): Promise<void> {
  const dup = await em.getRepository(CarrierApplicationEntity).findOne({ where: { roundId, orgId, kind } });
  if (dup && dup.id !== selfId)
    throw refuse(
      'CARRIER_APPLICATION_DUPLICATE',
      `本单位在该批次已有同类申报“${dup.platformName}”,不得更名或重复申报`,
      CARRIER_RULES.oneApplication,
      HttpStatus.CONFLICT,
      { applicationId: dup.id },
    );
  const carriers = await em.getRepository(CarrierEntity).find({ where: { hostOrgId: orgId, kind } });
  const live = carriers.find((c) => c.status !== CarrierStatus.Revoked);
  if (live)
    throw refuse(
      'CARRIER_ALREADY_REGISTERED',
      `本单位已有在册的同类载体“${live.plateName}”`,
      CARRIER_RULES.oneApplication,
      HttpStatus.CONFLICT,
      { carrierId: live.id },
    );
  const today = beijingDate();
  const barred = carriers.find((c) => c.reapplyBarUntil && today < c.reapplyBarUntil);
  if (barred)
    throw refuse(
      'CARRIER_REAPPLY_BARRED',
      `“${barred.plateName}”已于 ${barred.revokedOn} 撤销,${barred.reapplyBarUntil} 起方可再申报`,
      CARRIER_RULES.reapplyBar,
      HttpStatus.CONFLICT,
      { carrierId: barred.id, reapplyBarUntil: barred.reapplyBarUntil },
    );
}

/** The applicant organisation of `user`: 403 `FORBIDDEN` unless an institute or enterprise user. */
export function applicantOrg(user: CurrentUser): string {
  if ((user.role !== Role.Institute && user.role !== Role.Enterprise) || !user.orgId)
    throw refuse('FORBIDDEN', '只有单位用户可以申报载体', undefined, HttpStatus.FORBIDDEN);
  return user.orgId;
}

/** The application row under a write lock; 404 when it does not exist. */
export async function lockApplication(em: EntityManager, id: string): Promise<CarrierApplicationEntity> {
  const app = await em
    .getRepository(CarrierApplicationEntity)
    .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  if (!app) throw new NotFoundError('载体申报', id);
  return app;
}

/** The application of `user`'s own organisation under a write lock; 404 otherwise (no existence leak). */
export async function lockOwnApplication(
  em: EntityManager,
  user: CurrentUser,
  id: string,
): Promise<CarrierApplicationEntity> {
  const app = await lockApplication(em, id);
  if (!user.orgId || app.orgId !== user.orgId) throw new NotFoundError('载体申报', id);
  return app;
}

/**
 * The application under a write lock for its recommender (`002` 二(一)); an admin may act too.
 * @throws 403 `NOT_OWN_AUTHORITY` for another authority's application.
 */
export async function lockApplicationForRecommender(
  em: EntityManager,
  user: CurrentUser,
  id: string,
): Promise<CarrierApplicationEntity> {
  const app = await lockApplication(em, id);
  const admin = user.staffRoles.includes(StaffRole.Admin);
  if (!admin && (!isRecommender(user) || app.authority !== user.authority))
    throw refuse('NOT_OWN_AUTHORITY', '该申报不属于本推荐部门', CARRIER_RULES.recommendation, HttpStatus.FORBIDDEN);
  return app;
}

/** Appends one step of an application to the audit log (entity `carrier_application`), in `em`'s transaction. */
export function recordApplicationStep(
  audit: AuditService,
  em: EntityManager,
  app: CarrierApplicationEntity,
  user: CurrentUser,
  action: string,
  from: string | null,
  to: string | null,
  reason: string | null,
  rule: string,
  data?: Record<string, unknown>,
): Promise<void> {
  return audit.append(em, {
    entityType: 'carrier_application',
    entityId: app.id,
    action,
    fromStatus: from,
    toStatus: to,
    actorUserId: user.id,
    reason: reason?.trim() || null,
    rule,
    data: data ?? null,
  });
}

/** True for a recommender (推荐部门) account. */
export function isRecommender(user: CurrentUser): boolean {
  return user.role === Role.Staff && user.staffRoles.includes(StaffRole.Recommender);
}

/** The recommender tier of an authority (`002` 二(一)): a 盟市 (region) or an 自治区部门. */
export function recommenderKindOf(authority: string | null): RecommenderKind {
  const a = findAuthority(authority);
  if (!a) return RecommenderKind.Direct;
  return a.kind === 'region' ? RecommenderKind.City : RecommenderKind.Department;
}

/** Re-exported for the controller: whether `user` runs the programmes. */
export function runsProgrammes(user: CurrentUser): boolean {
  return can(user, Capability.RunCarrierProgrammes);
}
