import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, QueryFailedError } from 'typeorm';
import {
  APPLICATION_STATUS_LABELS,
  ApplicationDto,
  ApplicationStatus,
  CreateApplicationDto,
  CurrentUser,
  DeclineDto,
  ListingStatus,
  Role,
  ScoreDto,
  wanToFen,
} from '@jiebang/contracts';
import {
  APPLICATION_TRANSITIONS,
  ApplicationAction,
  beijingDate,
  findTransition,
  OPEN_APPLICATION_STATUSES,
  timetableRefusal,
} from '@jiebang/policy';
import { AuditService } from '../audit/audit.service';
import { DomainError, NotFoundError } from '../common/domain-error';
import { GraphService } from '../graph/graph.service';
import { ListingEntity } from '../listings/listing.entity';
import { EligibilityService } from '../matching/eligibility.service';
import { NegotiationsService } from '../negotiations/negotiations.service';
import { NotificationsService } from '../notifications/notifications.service';
import { WorkQueueNotifier } from '../workbench/work-notifier.service';
import { actorsOf, refusalError } from './actors';
import { applicationParties, expertConflict, findExpert, recordAssignment } from './expert-assignment';
import {
  ApplicationEntity,
  ApplicationMemberEntity,
  ExpertAssignmentEntity,
  ReviewScoreEntity,
} from './application.entity';
import { PosterOpinionEntity } from './poster-opinion.entity';

/** Application states in which the review has closed: scores become visible to the parties. */
const REVIEW_CLOSED: readonly ApplicationStatus[] = [
  ApplicationStatus.Recommended,
  ApplicationStatus.Declined,
  ApplicationStatus.AgreementDrafted,
];

/**
 * 揭榜申报 and 评审推荐 (seed `004 §9(四)–(五)`): applications alone or as a consortium with each member's consent,
 * eligibility checked at submission and again at every later step, expert assignment with recusal of experts
 * linked to a party, private scores, recommendation or a structured decline. Every move follows
 * `APPLICATION_TRANSITIONS`, runs under a row lock and writes audit and notifications in its transaction.
 */
@Injectable()
export class ApplicationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly eligibility: EligibilityService,
    private readonly graph: GraphService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly work: WorkQueueNotifier,
    private readonly negotiations: NegotiationsService,
  ) {}

  /** Throws 422 `INELIGIBLE` with the blocks and paths when the (consortium) applicant may not take the listing. */
  private async assertEligible(listingId: string, applicantOrgId: string, memberOrgIds: string[]): Promise<void> {
    const r = await this.eligibility.check({ listingId, applicantOrgId, memberOrgIds });
    if (!r.eligible) {
      throw new DomainError(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'INELIGIBLE',
        `不符合揭榜条件:${r.blocks.map((b) => b.message).join(';')}`,
        [...new Set(r.blocks.map((b) => b.rule))].join('; '),
        { blocks: r.blocks, orgNames: r.orgNames },
      );
    }
  }

  /**
   * Applies to a published listing for the caller's organisation (the lead). 201; 422 `INELIGIBLE`;
   * 409 `LISTING_NOT_OPEN`, `APPLY_DEADLINE_PASSED` (after the listing's 揭榜截止), `APPLICATION_EXISTS`.
   */
  async create(dto: CreateApplicationDto, user: CurrentUser): Promise<ApplicationDto> {
    if ((user.role !== Role.Institute && user.role !== Role.Enterprise) || !user.orgId) {
      throw new DomainError(HttpStatus.FORBIDDEN, 'FORBIDDEN', '只有单位用户可以揭榜');
    }
    const lead = user.orgId;
    const members = (dto.memberOrgIds ?? []).filter((m) => m !== lead);
    const listing = await this.db.getRepository(ListingEntity).findOne({ where: { id: dto.listingId } });
    if (!listing) throw new NotFoundError('榜单', dto.listingId);
    if (listing.status !== ListingStatus.Published) {
      throw new DomainError(HttpStatus.CONFLICT, 'LISTING_NOT_OPEN', '该榜单未处于发布状态,不能揭榜', '004 §9(四)');
    }
    // 揭榜截止 (issue 16 item 16): the listing's deadline is a Beijing date, applications accepted through that day.
    if (listing.applyDeadline && beijingDate() > listing.applyDeadline) {
      throw new DomainError(
        HttpStatus.CONFLICT,
        'APPLY_DEADLINE_PASSED',
        `揭榜截止日期为 ${listing.applyDeadline},已过截止日期,不能再揭榜`,
        '004 §9(四)',
      );
    }
    // 004 §15 where the timetable is entered: the plan fits in the kind's implementation period.
    const tooLong = timetableRefusal(
      listing.kind,
      dto.timetable.map((t) => t.dueDate),
      beijingDate(),
    );
    if (tooLong) {
      throw new DomainError(HttpStatus.UNPROCESSABLE_ENTITY, tooLong.code, tooLong.message, tooLong.rule, [
        { property: 'timetable', message: tooLong.message },
      ]);
    }
    await this.assertEligible(listing.id, lead, members);
    const id = await this.db
      .transaction(async (em) => {
        await em.query('SELECT id FROM listing WHERE id = $1 FOR SHARE', [listing.id]);
        const open = await em.getRepository(ApplicationEntity).exist({
          where: { listingId: listing.id, applicantOrgId: lead, status: In([...OPEN_APPLICATION_STATUSES]) },
        });
        if (open) throw this.exists();
        const status = members.length ? ApplicationStatus.PendingConsent : ApplicationStatus.Submitted;
        const repo = em.getRepository(ApplicationEntity);
        const a = await repo.save(
          repo.create({
            listingId: listing.id,
            applicantOrgId: lead,
            status,
            plan: dto.plan,
            team: dto.team,
            budgetFen: wanToFen(dto.budgetWan).toString(),
            timetable: dto.timetable.map((t) => ({ milestone: t.milestone, dueDate: t.dueDate.slice(0, 10) })),
            createdBy: user.id,
          }),
        );
        for (const orgId of members) {
          await em
            .getRepository(ApplicationMemberEntity)
            .insert({ applicationId: a.id, orgId, consentedAt: null, consentedBy: null });
          await this.notifications.notifyOrg(
            em,
            orgId,
            '联合体揭榜邀请',
            `请确认是否作为联合体成员揭榜"${listing.title}"`,
            `/workspace`,
          );
        }
        await this.audit.append(em, {
          entityType: 'application',
          entityId: a.id,
          action: 'apply',
          toStatus: status,
          actorUserId: user.id,
          rule: '004 §9(四)',
          data: { listingId: listing.id, memberOrgIds: members },
        });
        await this.notifications.notifyOrg(
          em,
          listing.posterOrgId,
          `收到揭榜申报:${listing.title}`,
          '有新的揭榜申报',
          `/listings/${listing.id}`,
        );
        if (status === ApplicationStatus.Submitted) await this.work.entered(em, 'applicationReview', a.id, user.id);
        return a.id;
      })
      .catch((e: unknown) => {
        if (e instanceof QueryFailedError && (e.driverError as { code?: string })?.code === '23505')
          throw this.exists();
        throw e;
      });
    return this.get(id, user);
  }

  private exists() {
    return new DomainError(
      HttpStatus.CONFLICT,
      'APPLICATION_EXISTS',
      '本单位对该榜单已有未结束的揭榜申报',
      '004 §9(四)',
    );
  }

  private async lock(em: EntityManager, id: string) {
    const a = await em.getRepository(ApplicationEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!a) throw new NotFoundError('揭榜申报', id);
    const listing = (await em.getRepository(ListingEntity).findOne({ where: { id: a.listingId } })) as ListingEntity;
    const members = await em.getRepository(ApplicationMemberEntity).find({ where: { applicationId: id } });
    return { a, listing, members };
  }

  /**
   * Moves an application (consent, startReview, recommend, decline, withdraw). Eligibility is re-checked at a
   * member's consent, before the review starts and before a recommendation (facts change): 422 `INELIGIBLE`. Errors as for listings:
   * 409 `ILLEGAL_TRANSITION`, 403 `NOT_ALLOWED_FOR_ROLE`, 400 `REASON_REQUIRED`, 409 `REVIEW_INCOMPLETE`
   * (recommend without any expert score).
   */
  async transition(
    id: string,
    action: ApplicationAction,
    user: CurrentUser,
    opts: { reason?: string; decline?: DeclineDto } = {},
  ): Promise<ApplicationDto> {
    const pre = await this.db.getRepository(ApplicationEntity).findOne({ where: { id } });
    if (!pre) throw new NotFoundError('揭榜申报', id);
    if (action === 'startReview' || action === 'recommend' || action === 'consent') {
      const members = await this.db.getRepository(ApplicationMemberEntity).find({ where: { applicationId: id } });
      await this.assertEligible(
        pre.listingId,
        pre.applicantOrgId,
        members.map((m) => m.orgId),
      );
    }
    await this.db.transaction(async (em) => {
      const { a, listing, members } = await this.lock(em, id);
      const memberIds = members.map((m) => m.orgId);
      const actors = actorsOf(user, {
        posterOrgId: listing.posterOrgId,
        applicantOrgId: a.applicantOrgId,
        memberOrgIds: memberIds,
      });
      if (!actors.length) throw new NotFoundError('揭榜申报', id);
      const from = a.status;
      if (action === 'consent') {
        const mine = members.find((m) => m.orgId === user.orgId);
        if (!mine)
          throw refusalError({
            ok: false,
            code: 'NOT_ALLOWED_FOR_ROLE',
            message: '只有联合体成员可以确认',
            rule: '004 §9(四)',
          });
        if (a.status !== ApplicationStatus.PendingConsent) {
          throw refusalError({
            ok: false,
            code: 'ILLEGAL_TRANSITION',
            message: '该申报不在待确认状态',
            rule: '004 §9(四)',
          });
        }
        if (!mine.consentedAt) {
          await em
            .getRepository(ApplicationMemberEntity)
            .update({ applicationId: id, orgId: mine.orgId }, { consentedAt: new Date(), consentedBy: user.id });
        }
        const all = members.every((m) => m.orgId === mine.orgId || m.consentedAt);
        await this.audit.append(em, {
          entityType: 'application',
          entityId: id,
          action: 'member_consent',
          fromStatus: from,
          toStatus: all ? ApplicationStatus.Submitted : from,
          actorUserId: user.id,
          rule: '004 §9(四)',
          data: { orgId: mine.orgId },
        });
        if (all) {
          await em.getRepository(ApplicationEntity).update({ id }, { status: ApplicationStatus.Submitted });
          await this.work.entered(em, 'applicationReview', id, user.id);
        }
        return;
      }
      const t = findTransition(APPLICATION_TRANSITIONS, action, a.status, actors);
      if (!t.ok) throw refusalError(t);
      const reason = (opts.decline?.reason ?? opts.reason)?.trim() || null;
      if (t.reasonRequired && !reason) {
        throw new DomainError(HttpStatus.BAD_REQUEST, 'REASON_REQUIRED', '请填写理由(申报单位可见)', t.rule);
      }
      if (
        action === 'recommend' &&
        !(await em.getRepository(ReviewScoreEntity).exist({ where: { applicationId: id } }))
      ) {
        throw new DomainError(HttpStatus.CONFLICT, 'REVIEW_INCOMPLETE', '尚无专家评分,不能推荐', '004 §9(五)');
      }
      a.status = t.to;
      if (action === 'recommend' || action === 'decline') {
        a.decisionCode = action === 'decline' ? (opts.decline?.code ?? 'OTHER') : null;
        a.decisionReason = reason;
      }
      await em.getRepository(ApplicationEntity).save(a);
      // Recommended applications move on to brokered negotiation (004 §9(六)): their room opens now.
      if (action === 'recommend') await this.negotiations.openFor(em, id);
      await this.audit.append(em, {
        entityType: 'application',
        entityId: id,
        action,
        fromStatus: from,
        toStatus: t.to,
        actorUserId: user.id,
        reason,
        rule: t.rule,
        data: action === 'decline' ? { code: a.decisionCode } : null,
      });
      if (!actors.includes('applicant')) {
        await this.notifications.notifyOrg(
          em,
          a.applicantOrgId,
          `揭榜申报状态变更:${listing.title}`,
          reason
            ? `${APPLICATION_STATUS_LABELS[from]} → ${APPLICATION_STATUS_LABELS[t.to]}。${reason}`
            : `${APPLICATION_STATUS_LABELS[from]} → ${APPLICATION_STATUS_LABELS[t.to]}`,
          `/workspace`,
        );
      }
    });
    return this.get(id, user);
  }

  /**
   * Staff assign an expert to review an application. An expert whose organisation is a party (applicant or
   * member) or in one control group with a party must recuse: 422 `EXPERT_CONFLICT` with the path.
   */
  async assignExpert(id: string, expertUserId: string, staff: CurrentUser): Promise<void> {
    const a = await this.db.getRepository(ApplicationEntity).findOne({ where: { id } });
    if (!a) throw new NotFoundError('揭榜申报', id);
    if (a.status !== ApplicationStatus.Submitted && a.status !== ApplicationStatus.UnderReview) {
      throw new DomainError(
        HttpStatus.CONFLICT,
        'ILLEGAL_TRANSITION',
        '只能为待评审或评审中的申报指派专家',
        '004 §9(五)',
      );
    }
    const expert = await findExpert(this.db.manager, expertUserId);
    const conflict = await expertConflict(this.graph, expert.orgId, await applicationParties(this.db.manager, a.id));
    if (conflict) {
      throw new DomainError(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'EXPERT_CONFLICT',
        `专家所在单位与申报相关单位存在关联(${conflict.code}),须回避`,
        '004 §9(五); RULEBOOK §6',
        { path: conflict.path, orgNames: conflict.orgNames },
      );
    }
    await this.db.transaction((em) =>
      recordAssignment(
        em,
        { audit: this.audit, notifications: this.notifications, work: this.work },
        {
          subjectType: 'application',
          subjectId: id,
          status: a.status,
          expertUserId,
          staffId: staff.id,
          action: 'assign_expert',
          rule: '004 §9(五)',
          notice: { title: '评审邀请', body: '您被指派评审一项揭榜申报' },
        },
      ),
    );
  }

  /** An assigned expert scores an application under review (scores stay private to staff until the review closes). */
  async score(id: string, dto: ScoreDto, expert: CurrentUser): Promise<void> {
    await this.db.transaction(async (em) => {
      const { a } = await this.lock(em, id);
      const assigned = await em.getRepository(ExpertAssignmentEntity).exist({
        where: { subjectType: 'application', subjectId: id, expertUserId: expert.id },
      });
      if (!assigned) throw new DomainError(HttpStatus.FORBIDDEN, 'NOT_INVITED', '您未被指派评审该申报');
      if (a.status !== ApplicationStatus.UnderReview) {
        throw new DomainError(HttpStatus.CONFLICT, 'ILLEGAL_TRANSITION', '该申报不在评审中', '004 §9(五)');
      }
      await em.query(
        `INSERT INTO review_score (application_id, expert_user_id, qualification, feasibility, cost, team, opinion)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (application_id, expert_user_id) DO UPDATE SET qualification = EXCLUDED.qualification,
           feasibility = EXCLUDED.feasibility, cost = EXCLUDED.cost, team = EXCLUDED.team, opinion = EXCLUDED.opinion,
           created_at = now()`,
        [id, expert.id, dto.qualification, dto.feasibility, dto.cost, dto.team, dto.opinion],
      );
      await this.audit.append(em, {
        entityType: 'application',
        entityId: id,
        action: 'expert_score',
        fromStatus: a.status,
        toStatus: a.status,
        actorUserId: expert.id,
        rule: '004 §9(五)',
      });
    });
  }

  /**
   * One application, for its parties, the poster, staff and assigned experts (404 for anyone else). Scores:
   * staff always; the others once the review has closed.
   */
  async get(id: string, user: CurrentUser): Promise<ApplicationDto> {
    const [dto] = await this.load({ ids: [id] }, user);
    if (!dto) throw new NotFoundError('揭榜申报', id);
    return dto;
  }

  /** Applications to a listing (staff and the poster's users). */
  forListing(listingId: string, user: CurrentUser): Promise<ApplicationDto[]> {
    return this.load({ listingId }, user);
  }

  /** Applications where the caller's organisation is the lead or a member. */
  mine(user: CurrentUser): Promise<ApplicationDto[]> {
    return user.orgId ? this.load({ orgId: user.orgId }, user) : Promise.resolve([]);
  }

  /** Applications the calling expert is assigned to. */
  async assignedTo(expert: CurrentUser): Promise<ApplicationDto[]> {
    const rows = await this.db.getRepository(ExpertAssignmentEntity).find({
      where: { subjectType: 'application', expertUserId: expert.id },
    });
    return rows.length ? this.load({ ids: rows.map((r) => r.subjectId) }, expert) : [];
  }

  private async load(
    q: { ids?: string[]; listingId?: string; orgId?: string },
    user: CurrentUser,
  ): Promise<ApplicationDto[]> {
    const qb = this.db
      .getRepository(ApplicationEntity)
      .createQueryBuilder('a')
      .leftJoinAndSelect('a.listing', 'l')
      .leftJoinAndSelect('a.applicant', 'o')
      .orderBy('a.created_at', 'DESC');
    if (q.ids) qb.andWhere('a.id IN (:...ids)', { ids: q.ids });
    if (q.listingId) qb.andWhere('a.listing_id = :lid', { lid: q.listingId });
    if (q.orgId) {
      qb.andWhere(
        '(a.applicant_org_id = :oid OR EXISTS (SELECT 1 FROM application_member m WHERE m.application_id = a.id AND m.org_id = :oid))',
        { oid: q.orgId },
      );
    }
    const apps = await qb.getMany();
    if (!apps.length) return [];
    const ids = apps.map((a) => a.id);
    const [members, assignments, scores] = await Promise.all([
      this.db
        .getRepository(ApplicationMemberEntity)
        .find({ where: { applicationId: In(ids) }, relations: { org: true } }),
      this.db.getRepository(ExpertAssignmentEntity).find({ where: { subjectType: 'application', subjectId: In(ids) } }),
      this.db.getRepository(ReviewScoreEntity).find({ where: { applicationId: In(ids) }, relations: { expert: true } }),
    ]);
    const posterOpinions = await this.db
      .getRepository(PosterOpinionEntity)
      .find({ where: { applicationId: In(ids) }, relations: { author: true } });
    const out: ApplicationDto[] = [];
    for (const a of apps) {
      const ms = members.filter((m) => m.applicationId === a.id);
      const actors = actorsOf(user, {
        posterOrgId: a.listing?.posterOrgId,
        applicantOrgId: a.applicantOrgId,
        memberOrgIds: ms.map((m) => m.orgId),
      });
      const assigned = assignments.some((x) => x.subjectId === a.id && x.expertUserId === user.id);
      const visible = actors.some((x) => x !== 'expert') || assigned;
      if (!visible) continue;
      const showScores = actors.includes('staff') || REVIEW_CLOSED.includes(a.status);
      // 发榜方意见 and the applicant's qualifications (issue 16 item 4, 004 §9(五)): the review's readers.
      const reviewer = actors.includes('staff') || actors.includes('poster');
      const opinion = posterOpinions.find((p) => p.applicationId === a.id);
      const o = a.applicant;
      out.push({
        id: a.id,
        listingId: a.listingId,
        listingTitle: a.listing?.title ?? '',
        applicantOrgId: a.applicantOrgId,
        applicantName: a.applicant?.name ?? '',
        members: ms.map((m) => ({
          orgId: m.orgId,
          name: m.org?.name ?? '',
          consentedAt: m.consentedAt ? m.consentedAt.toISOString() : null,
        })),
        status: a.status,
        plan: a.plan,
        team: a.team,
        budgetFen: a.budgetFen,
        timetable: a.timetable,
        decision: a.decisionReason ? { code: a.decisionCode, reason: a.decisionReason } : null,
        createdAt: a.createdAt.toISOString(),
        ...(showScores
          ? {
              scores: scores
                .filter((s) => s.applicationId === a.id)
                .map((s) => ({
                  expertName: s.expert?.displayName ?? '',
                  qualification: s.qualification,
                  feasibility: s.feasibility,
                  cost: s.cost,
                  team: s.team,
                  total: s.qualification + s.feasibility + s.cost + s.team,
                  opinion: s.opinion,
                })),
            }
          : {}),
        ...(reviewer
          ? {
              posterOpinion: opinion
                ? {
                    recommend: opinion.recommend,
                    opinion: opinion.opinion,
                    authorName: opinion.author?.displayName ?? '',
                    updatedAt: opinion.updatedAt.toISOString(),
                  }
                : null,
            }
          : {}),
        ...((reviewer || assigned) && o
          ? {
              applicantProfile: {
                type: o.type,
                verified: o.verified,
                uscc: o.uscc,
                regionCode: o.regionCode,
                independentLegalPerson: o.independentLegalPerson,
                mainBusiness: o.mainBusiness,
                registeredCapitalFen: o.registeredCapitalFen,
              },
            }
          : {}),
      });
    }
    return out;
  }
}
