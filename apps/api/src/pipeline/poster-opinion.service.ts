import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ApplicationDto, ApplicationStatus, CurrentUser, PosterOpinionBody } from '@jiebang/contracts';
import { AuditService } from '../audit/audit.service';
import { DomainError, NotFoundError } from '../common/domain-error';
import { ApplicationEntity } from './application.entity';
import { ApplicationsService } from './applications.service';

/** The rule: 评审由科技厅会同发榜方组织 (seed `004 §9(五)`). */
const RULE = '004 §9(五)';

/**
 * 发榜方意见 (issue 16 item 4; seed `004 §9(五)`): during the review, the poster organisation's users read the
 * applicants' qualifications and plans (`GET /listings/:id/applications`, `applicantProfile`) and record whether
 * they recommend each applicant and why, kept beside the experts' scores for staff to weigh.
 */
@Injectable()
export class PosterOpinionService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly applications: ApplicationsService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Records (or replaces) the poster's opinion on application `id`, under a row lock, audited in the same
   * transaction. Returns the application as the caller now sees it.
   * @throws NotFoundError 404 when there is no such application.
   * @throws DomainError 403 `NOT_POSTER` when the caller is not a user of the listing's poster organisation.
   * @throws DomainError 409 `REVIEW_NOT_OPEN` when the application is not under review (before the review starts
   *   or once it is decided).
   */
  async record(id: string, dto: PosterOpinionBody, user: CurrentUser): Promise<ApplicationDto> {
    await this.db.transaction(async (em) => {
      const a = await em
        .getRepository(ApplicationEntity)
        .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!a) throw new NotFoundError('揭榜申报', id);
      const [listing]: { poster_org_id: string | null }[] = await em.query(
        `SELECT poster_org_id FROM listing WHERE id = $1`,
        [a.listingId],
      );
      if (!user.orgId || user.orgId !== listing?.poster_org_id) {
        throw new DomainError(HttpStatus.FORBIDDEN, 'NOT_POSTER', '只有发榜单位的用户可以填写发榜方意见', RULE);
      }
      if (a.status !== ApplicationStatus.UnderReview) {
        throw new DomainError(
          HttpStatus.CONFLICT,
          'REVIEW_NOT_OPEN',
          '该申报不在评审阶段,不能填写发榜方意见(评审开始后、结果确定前可以填写)',
          RULE,
        );
      }
      await em.query(
        `INSERT INTO poster_opinion (application_id, recommend, opinion, author_user_id)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (application_id) DO UPDATE SET recommend = EXCLUDED.recommend, opinion = EXCLUDED.opinion,
           author_user_id = EXCLUDED.author_user_id, updated_at = now()`,
        [id, dto.recommend, dto.opinion.trim(), user.id],
      );
      await this.audit.append(em, {
        entityType: 'application',
        entityId: id,
        action: 'poster_opinion',
        fromStatus: a.status,
        toStatus: a.status,
        actorUserId: user.id,
        rule: RULE,
        data: { recommend: dto.recommend },
      });
    });
    return this.applications.get(id, user);
  }
}
