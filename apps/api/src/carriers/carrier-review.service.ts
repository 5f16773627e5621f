import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CarrierApplicationDto, CarrierApplicationStatus as S, CurrentUser } from '@jiebang/contracts';
import { beijingDate } from '@jiebang/policy';
import { AuditService } from '../audit/audit.service';
import { GraphService } from '../graph/graph.service';
import { expertConflict, findExpert } from '../pipeline/expert-assignment';
import { CARRIER_RULES, lockApplication, recordApplicationStep } from './carrier-application-steps';
import { CarrierApplicationsService } from './carrier-applications.service';
import { requireCaseByCaseWhenMissed } from './carrier-case-by-case.service';
import { illegal, loadRuleSet, refuse, thresholdResults } from './carrier-common';
import { CarrierApplicationEntity, CarrierExpertReviewEntity, CarrierRoundEntity } from './carrier.entity';

/**
 * Staff review of a carrier application (issue 15 §4; RULEBOOK §7): formal review against the rule set's
 * thresholds, expert review with recusal, the site visit and the collective decision (会议研究). Every move runs in
 * one transaction under the application's row lock with its audit record; each returns the application as
 * `CarrierApplicationsService.get` shows it to the caller.
 */
@Injectable()
export class CarrierReviewService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly graph: GraphService,
    private readonly applications: CarrierApplicationsService,
  ) {}

  /**
   * Staff formal review (形式审查): from `recommended` (or `submitted` for a direct applicant, `001 §10(一)`); the
   * thresholds of the rule set are recorded met or missed with the declared figures; `pass` moves to expert review,
   * else rejected. Without a recommendation nothing reaches the department (`000` 四.2): 409. A 技术创新中心 missing a
   * threshold passes only under an approved 一事一议 (`003 §12`): else 422 `CARRIER_THRESHOLDS_NOT_MET`.
   */
  async formalReview(user: CurrentUser, id: string, pass: boolean, note: string): Promise<CarrierApplicationDto> {
    await this.db.transaction(async (em) => {
      const app = await lockApplication(em, id);
      const ready = app.status === S.Recommended || (app.status === S.Submitted && app.direct);
      if (!ready) throw illegal(app.status, '形式审查', '000 四.2 (未经推荐不予受理)');
      const round = await em.getRepository(CarrierRoundEntity).findOneByOrFail({ id: app.roundId });
      const results = thresholdResults(await loadRuleSet(em, round.ruleSetId), app);
      // 一事一议 (`003 §12`): a 技术创新中心 missing a threshold passes only under an approved decision.
      const caseByCaseId = pass ? await requireCaseByCaseWhenMissed(em, app, results) : null;
      const from = app.status;
      app.formalReview = { by: user.id, at: new Date().toISOString(), note: note.trim(), pass, thresholds: results };
      app.status = pass ? S.ExpertReview : S.Rejected;
      await em.getRepository(CarrierApplicationEntity).save(app);
      await recordApplicationStep(
        this.audit,
        em,
        app,
        user,
        'carrier_formal_review',
        from,
        app.status,
        note,
        CARRIER_RULES.formal,
        {
          missed: results.filter((r) => !r.met).map((r) => r.key),
          caseByCaseId,
        },
      );
    });
    return this.applications.get(user, id);
  }

  /**
   * Staff invite an expert (专家评审) during expert review; an expert whose organisation is the applicant or in one
   * control group with it must recuse (422 `EXPERT_CONFLICT` with the path; the pipeline's one conflict rule).
   */
  async assignExpert(user: CurrentUser, id: string, expertUserId: string): Promise<CarrierApplicationDto> {
    await this.db.transaction(async (em) => {
      const app = await lockApplication(em, id);
      if (app.status !== S.ExpertReview) throw illegal(app.status, '邀请专家');
      const expert = await findExpert(em, expertUserId);
      const conflict = await expertConflict(this.graph, expert.orgId, [app.orgId]);
      if (conflict)
        throw refuse(
          'EXPERT_CONFLICT',
          '该专家所在单位与申报单位相同或存在控制关系,须回避',
          '000 四.3; RULEBOOK §6',
          HttpStatus.UNPROCESSABLE_ENTITY,
          conflict,
        );
      await em
        .createQueryBuilder()
        .insert()
        .into(CarrierExpertReviewEntity)
        .values({ applicationId: id, expertUserId, assignedBy: user.id })
        .orIgnore()
        .execute();
      await recordApplicationStep(
        this.audit,
        em,
        app,
        user,
        'carrier_expert_assigned',
        null,
        null,
        null,
        CARRIER_RULES.experts,
        {
          expertUserId,
        },
      );
    });
    return this.applications.get(user, id);
  }

  /** The invited expert's opinion. 403 `NOT_INVITED`; 409 outside expert review. */
  async expertOpinion(
    user: CurrentUser,
    id: string,
    dto: { score: number; recommend: boolean; opinion: string },
  ): Promise<CarrierApplicationDto> {
    await this.db.transaction(async (em) => {
      const app = await lockApplication(em, id);
      if (app.status !== S.ExpertReview) throw illegal(app.status, '提交评审意见');
      const review = await em
        .getRepository(CarrierExpertReviewEntity)
        .findOne({ where: { applicationId: id, expertUserId: user.id } });
      if (!review) throw refuse('NOT_INVITED', '您未被邀请评审该申报', CARRIER_RULES.experts, HttpStatus.FORBIDDEN);
      Object.assign(review, {
        score: dto.score,
        recommend: dto.recommend,
        opinion: dto.opinion.trim(),
        submittedAt: new Date(),
      });
      await em.getRepository(CarrierExpertReviewEntity).save(review);
      await recordApplicationStep(
        this.audit,
        em,
        app,
        user,
        'carrier_expert_opinion',
        null,
        null,
        null,
        CARRIER_RULES.experts,
        {
          score: dto.score,
          recommend: dto.recommend,
        },
      );
    });
    return this.applications.get(user, id);
  }

  /**
   * Staff close the expert review: `pass` → site visit, else rejected. 409 `CARRIER_REVIEW_INCOMPLETE` while no
   * expert was invited or an invited one has not given an opinion.
   */
  async closeExpertReview(user: CurrentUser, id: string, pass: boolean, note: string): Promise<CarrierApplicationDto> {
    await this.db.transaction(async (em) => {
      const app = await lockApplication(em, id);
      if (app.status !== S.ExpertReview) throw illegal(app.status, '结束专家评审');
      const reviews = await em.getRepository(CarrierExpertReviewEntity).find({ where: { applicationId: id } });
      if (!reviews.length || reviews.some((r) => !r.submittedAt))
        throw refuse(
          'CARRIER_REVIEW_INCOMPLETE',
          '须至少一名专家评审且所有受邀专家提交意见',
          CARRIER_RULES.experts,
          HttpStatus.CONFLICT,
        );
      app.status = pass ? S.SiteVisit : S.Rejected;
      await em.getRepository(CarrierApplicationEntity).save(app);
      await recordApplicationStep(
        this.audit,
        em,
        app,
        user,
        'carrier_expert_review_closed',
        S.ExpertReview,
        app.status,
        note,
        CARRIER_RULES.experts,
      );
    });
    return this.applications.get(user, id);
  }

  /** Staff record the site visit (实地考察); `pass` → ready for the decision (stays `site_visit` with its record). */
  async siteVisit(user: CurrentUser, id: string, pass: boolean, note: string): Promise<CarrierApplicationDto> {
    await this.db.transaction(async (em) => {
      const app = await lockApplication(em, id);
      if (app.status !== S.SiteVisit || app.siteVisit) throw illegal(app.status, '记录实地考察');
      app.siteVisit = { by: user.id, at: new Date().toISOString(), note: note.trim(), pass };
      if (!pass) app.status = S.Rejected;
      await em.getRepository(CarrierApplicationEntity).save(app);
      await recordApplicationStep(
        this.audit,
        em,
        app,
        user,
        'carrier_site_visit',
        S.SiteVisit,
        app.status,
        note,
        '000 四.3',
      );
    });
    return this.applications.get(user, id);
  }

  /** The collective decision (会议研究) with its minutes: after the site visit; `pass` → decided, else rejected. */
  async decide(
    user: CurrentUser,
    id: string,
    pass: boolean,
    note: string,
    meetingOn?: string,
  ): Promise<CarrierApplicationDto> {
    await this.db.transaction(async (em) => {
      const app = await lockApplication(em, id);
      if (app.status !== S.SiteVisit || !app.siteVisit) throw illegal(app.status, '会议研究', CARRIER_RULES.decision);
      app.decision = {
        by: user.id,
        at: new Date().toISOString(),
        note: note.trim(),
        pass,
        meetingOn: meetingOn ?? beijingDate(),
      };
      app.status = pass ? S.Decided : S.Rejected;
      await em.getRepository(CarrierApplicationEntity).save(app);
      await recordApplicationStep(
        this.audit,
        em,
        app,
        user,
        'carrier_decision',
        S.SiteVisit,
        app.status,
        note,
        CARRIER_RULES.decision,
      );
    });
    return this.applications.get(user, id);
  }
}
