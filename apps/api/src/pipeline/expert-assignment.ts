import { HttpStatus } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ListingKind, Role } from '@jiebang/contracts';
import { checkEligibility } from '@jiebang/matching';
import { beijingDate } from '@jiebang/policy';
import { AuditService } from '../audit/audit.service';
import { UserEntity } from '../auth/user.entity';
import { DomainError } from '../common/domain-error';
import { GraphService } from '../graph/graph.service';
import { NotificationsService } from '../notifications/notifications.service';
import type { WorkQueueNotifier } from '../workbench/work-notifier.service';
import { ApplicationEntity, ApplicationMemberEntity, ExpertAssignmentEntity } from './application.entity';

/** Control-graph blocks that make an expert conflicted with a party (same entity or one control group). */
const CONFLICT_CODES = ['SAME_ENTITY', 'SUBSIDIARY_OF_POSTER', 'CONTROLLER_OF_POSTER', 'COMMON_CONTROLLER'];

/** Why an expert must recuse: the block's code, the control path and the names of the organisations on it. */
export interface ExpertConflict {
  code: string;
  path: string[];
  orgNames: Record<string, string>;
}

/** The parties of an application an expert must be independent of: applicant, consortium members, poster. */
export async function applicationParties(em: EntityManager, applicationId: string): Promise<string[]> {
  const a = await em.getRepository(ApplicationEntity).findOne({ where: { id: applicationId } });
  if (!a) return [];
  const members = await em.getRepository(ApplicationMemberEntity).find({ where: { applicationId } });
  const [listing] = (await em.query('SELECT poster_org_id FROM listing WHERE id = $1', [a.listingId])) as {
    poster_org_id: string | null;
  }[];
  return [a.applicantOrgId, ...members.map((m) => m.orgId), ...(listing?.poster_org_id ? [listing.poster_org_id] : [])];
}

/**
 * The one conflict rule of expert review (004 §9(五), RULEBOOK §6): an expert whose organisation is a party or in
 * one control group with a party (the eligibility rules, with the expert's organisation as "poster") must recuse.
 * @returns the first conflict, or null (also for an expert without an affiliation).
 */
export async function expertConflict(
  graph: GraphService,
  expertOrgId: string | null,
  parties: string[],
): Promise<ExpertConflict | null> {
  if (!expertOrgId || !parties.length) return null;
  const asOf = beijingDate();
  const facts = await graph.loadFacts([expertOrgId, ...parties], asOf);
  for (const party of parties) {
    const r = checkEligibility({
      listing: { kind: ListingKind.Challenge, posterOrgId: expertOrgId },
      applicantOrgId: party,
      orgs: facts.orgs,
      edges: facts.edges,
      creditRecords: [],
      asOf,
    });
    const conflict = r.blocks.find((b) => CONFLICT_CODES.includes(b.code));
    if (conflict) {
      return {
        code: conflict.code,
        path: conflict.path ?? [],
        orgNames: Object.fromEntries([...facts.orgs].map(([k, v]) => [k, v.name])),
      };
    }
  }
  return null;
}

/** The expert user, or 422 `NOT_AN_EXPERT`. */
export async function findExpert(em: EntityManager, userId: string): Promise<UserEntity> {
  const expert = await em.getRepository(UserEntity).findOne({ where: { id: userId } });
  if (!expert || expert.role !== Role.Expert) {
    throw new DomainError(HttpStatus.UNPROCESSABLE_ENTITY, 'NOT_AN_EXPERT', '所选用户不是专家');
  }
  return expert;
}

/**
 * Records an expert's assignment to a listing (需求论证) or an application (评审) in the caller's transaction —
 * idempotent —, its audit record and the expert's notification.
 */
export async function recordAssignment(
  em: EntityManager,
  deps: { audit: AuditService; notifications: NotificationsService; work?: WorkQueueNotifier },
  a: {
    subjectType: 'listing' | 'application';
    subjectId: string;
    status: string;
    expertUserId: string;
    staffId: string;
    action: string;
    rule: string;
    notice: { title: string; body: string };
  },
): Promise<void> {
  await em
    .getRepository(ExpertAssignmentEntity)
    .createQueryBuilder()
    .insert()
    .values({ subjectType: a.subjectType, subjectId: a.subjectId, expertUserId: a.expertUserId, assignedBy: a.staffId })
    .orIgnore()
    .execute();
  await deps.audit.append(em, {
    entityType: a.subjectType,
    entityId: a.subjectId,
    action: a.action,
    fromStatus: a.status,
    toStatus: a.status,
    actorUserId: a.staffId,
    rule: a.rule,
    data: { expertUserId: a.expertUserId },
  });
  await deps.notifications.notifyUser(em, a.expertUserId, a.notice.title, a.notice.body, '/expert');
  // The invitation waits in the expert's review queue: remind them when it is due and once it is overdue.
  const [row] = (await em.query(
    `SELECT id FROM expert_assignment WHERE subject_type = $1 AND subject_id = $2 AND expert_user_id = $3`,
    [a.subjectType, a.subjectId, a.expertUserId],
  )) as { id: string }[];
  if (row && deps.work) await deps.work.remindLater(em, 'expertReview', row.id);
}
