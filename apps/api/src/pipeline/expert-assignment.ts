import { HttpStatus } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Role } from '@jiebang/contracts';
import { AuditService } from '../audit/audit.service';
import { UserEntity } from '../auth/user.entity';
import { DomainError } from '../common/domain-error';
import { NotificationsService } from '../notifications/notifications.service';
import { ExpertAssignmentEntity } from './application.entity';

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
  deps: { audit: AuditService; notifications: NotificationsService },
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
}
