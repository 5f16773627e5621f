import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  can,
  Capability,
  CarrierApplicationDto,
  CarrierApplicationPageDto,
  CarrierApplicationQueryDto,
  CarrierApplicationStatus as S,
  CarrierStatus,
  CreateCarrierApplicationDto,
  CurrentUser,
  findAuthority,
  RecommenderKind,
  Role,
  StaffRole,
  UpdateCarrierApplicationDto,
  type CarrierRuleSet,
} from '@jiebang/contracts';
import { beijingDate, checkRecommendationQuota, noticePeriod } from '@jiebang/policy';
import { AuditService } from '../audit/audit.service';
import { NotFoundError } from '../common/domain-error';
import { GraphService } from '../graph/graph.service';
import { NotificationsService } from '../notifications/notifications.service';
import { OrganizationEntity } from '../organizations/organization.entity';
import { expertConflict, findExpert } from '../pipeline/expert-assignment';
import { ListingIndexerService } from '../search/listing-indexer.service';
import {
  illegal,
  loadRuleSet,
  missingItems,
  plateName,
  refuse,
  reindexHost,
  regionAuthority,
  syncOrgCarrierKinds,
  thresholdResults,
} from './carrier-common';
import { requireCaseByCaseWhenMissed } from './carrier-case-by-case.service';
import { carrierApplicationParty, onPublicNotice } from './carrier-access';
import { attachedEvidenceKeys, completeApplicationView } from './carrier-evidence.service';
import { lockRound, roundAccepting } from './carrier-rounds.service';
import {
  CarrierApplicationEntity,
  CarrierEntity,
  CarrierExpertReviewEntity,
  CarrierObjectionEntity,
  CarrierRoundEntity,
} from './carrier.entity';

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
 * Carrier applications from draft to publication (issue 15 §2–4; RULEBOOK §7): the applicant's draft, autosave and
 * submission; the recommender's review within deadline and quota; staff formal review, expert review (with
 * recusal), site visit, collective decision, public notice (5 working days, objections freeze it) and publication
 * with 文号 and date into the registry. Every move runs in one transaction under a row lock with its audit record.
 */
@Injectable()
export class CarrierApplicationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly graph: GraphService,
    private readonly indexer: ListingIndexerService,
    private readonly notifications: NotificationsService,
  ) {}

  /**
   * An organisation's user starts an application (draft) for one kind in an open round.
   * @throws 403 `FORBIDDEN` without an organisation; 409 `CARRIER_ROUND_NOT_OPEN`; 422 `CARRIER_KIND_NOT_IN_ROUND`;
   *   409 `CARRIER_APPLICATION_DUPLICATE` (`000` 五.3: one application per platform and round, renamed or not);
   *   409 `CARRIER_ALREADY_REGISTERED`; 409 `CARRIER_REAPPLY_BARRED` inside the bar after a revocation.
   */
  async create(user: CurrentUser, dto: CreateCarrierApplicationDto): Promise<CarrierApplicationDto> {
    const orgId = this.applicantOrg(user);
    const id = await this.db.transaction(async (em) => {
      const round = await lockRound(em, dto.roundId);
      if (!roundAccepting(round))
        throw refuse(
          'CARRIER_ROUND_NOT_OPEN',
          `申报批次“${round.title}”不在申报期内(${round.opensOn} 至 ${round.closesOn})`,
          undefined,
          HttpStatus.CONFLICT,
        );
      if (!round.kinds.includes(dto.kind)) throw refuse('CARRIER_KIND_NOT_IN_ROUND', '该申报批次不受理这一载体类型');
      await this.checkBars(em, orgId, dto.kind, round.id, null);
      const org = await em.getRepository(OrganizationEntity).findOneByOrFail({ id: orgId });
      const app = await em.getRepository(CarrierApplicationEntity).save(
        em.getRepository(CarrierApplicationEntity).create({
          roundId: round.id,
          orgId,
          kind: dto.kind,
          intlBaseType: dto.intlBaseType ?? null,
          platformName: dto.platformName.trim(),
          form: dto.form ?? {},
          evidenceAttachmentIds: [],
          integrityPledgeAt: null,
          status: S.Draft,
          direct: !!dto.direct,
          nationalLevel: !!dto.nationalLevel,
          authority: dto.direct ? null : regionAuthority(org.regionCode),
          createdBy: user.id,
        }),
      );
      await this.record(
        em,
        app,
        user,
        'carrier_application_created',
        null,
        S.Draft,
        null,
        CARRIER_RULES.oneApplication,
      );
      return app.id;
    });
    return this.get(user, id);
  }

  /** Autosave of a draft (or a returned application): name, form keys (merged), direct/national flags. */
  async update(user: CurrentUser, id: string, dto: UpdateCarrierApplicationDto): Promise<CarrierApplicationDto> {
    await this.db.transaction(async (em) => {
      const app = await this.lockOwn(em, user, id);
      if (app.status !== S.Draft && app.status !== S.Returned) throw illegal(app.status, '修改申报书');
      if (dto.platformName !== undefined) app.platformName = dto.platformName.trim();
      if (dto.form) app.form = { ...app.form, ...dto.form };
      if (dto.direct !== undefined) {
        app.direct = dto.direct;
        const org = await em.getRepository(OrganizationEntity).findOneByOrFail({ id: app.orgId });
        app.authority = dto.direct ? null : regionAuthority(org.regionCode);
      }
      if (dto.nationalLevel !== undefined) app.nationalLevel = dto.nationalLevel;
      await em.getRepository(CarrierApplicationEntity).save(app);
    });
    return this.get(user, id);
  }

  /**
   * The applicant submits with the integrity pledge (诚信承诺, `001 §10(一)`).
   * @throws 422 `CARRIER_APPLICATION_INCOMPLETE` with `details.missing: [{ key, label }]`; 409 when the round has
   *   closed or a bar applies; 422 `VALIDATION_FAILED` when a direct application is not allowed by the rule set.
   */
  async submit(user: CurrentUser, id: string, integrityPledge: boolean): Promise<CarrierApplicationDto> {
    await this.db.transaction(async (em) => {
      const app = await this.lockOwn(em, user, id);
      if (app.status !== S.Draft && app.status !== S.Returned) throw illegal(app.status, '提交');
      const round = await em.getRepository(CarrierRoundEntity).findOneByOrFail({ id: app.roundId });
      if (!roundAccepting(round))
        throw refuse(
          'CARRIER_ROUND_NOT_OPEN',
          `申报批次“${round.title}”已截止(${round.closesOn})`,
          undefined,
          HttpStatus.CONFLICT,
        );
      const rules = await loadRuleSet(em, round.ruleSetId);
      // An evidence item counts only with an uploaded file (`carrier_evidence_file`), never a typed reference.
      const missing = missingItems(rules, app, integrityPledge, await attachedEvidenceKeys(em, app.id));
      if (missing.length)
        throw refuse(
          'CARRIER_APPLICATION_INCOMPLETE',
          `申报书还缺 ${missing.length} 项:${missing.map((m) => m.label).join(';')}`,
          '000 三; 001 §10(一)',
          HttpStatus.UNPROCESSABLE_ENTITY,
          { missing },
        );
      if (app.direct && !rules.quota.directAllowed)
        throw refuse('VALIDATION_FAILED', '该规则集不允许直接申报,请经归口管理部门推荐', rules.quota.rule);
      if (!app.direct && !app.authority)
        throw refuse(
          'VALIDATION_FAILED',
          '未找到本单位所在盟市的归口管理部门,请核对单位注册地区或选择直接申报',
          CARRIER_RULES.recommendation,
        );
      await this.checkBars(em, app.orgId, app.kind, app.roundId, app.id);
      const from = app.status;
      app.integrityPledgeAt = new Date();
      app.submittedAt = new Date();
      app.status = S.Submitted;
      await em.getRepository(CarrierApplicationEntity).save(app);
      await this.record(em, app, user, 'carrier_application_submitted', from, S.Submitted, null, '001 §10(一)');
    });
    return this.get(user, id);
  }

  /**
   * The recommender (归口管理部门) recommends a submitted application of its authority, with its site-check and
   * credit-check records, by the round's deadline and within its quota.
   * @throws 403 `NOT_OWN_AUTHORITY`; 409 `ILLEGAL_TRANSITION`; 409 `RECOMMENDATION_DEADLINE_PASSED` (`000` 四.2);
   *   409 `RECOMMENDATION_QUOTA_EXCEEDED` (`002` 二: 盟市 ≤ 3, 自治区部门 ≤ 2; a national-level 国合基地 outside it).
   */
  async recommend(
    user: CurrentUser,
    id: string,
    dto: { siteCheck: string; creditCheck: string; opinion: string },
  ): Promise<CarrierApplicationDto> {
    await this.db.transaction(async (em) => {
      const app = await this.lockForRecommender(em, user, id);
      if (app.status !== S.Submitted || app.direct) throw illegal(app.status, '推荐');
      const round = await em.getRepository(CarrierRoundEntity).findOneByOrFail({ id: app.roundId });
      if (beijingDate() > round.recommendDeadline)
        throw refuse(
          'RECOMMENDATION_DEADLINE_PASSED',
          `本批次推荐截止日期为 ${round.recommendDeadline},已过期限`,
          '000 四.2',
          HttpStatus.CONFLICT,
        );
      const rules = await loadRuleSet(em, round.ruleSetId);
      // One recommender's recommendations in a round are counted under one lock (no race past the quota).
      await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`carrier-quota:${round.id}:${app.authority}`]);
      const [{ used }] = (await em.query(
        `SELECT count(*)::int AS used FROM carrier_application
         WHERE round_id = $1 AND authority = $2 AND recommendation IS NOT NULL
           AND NOT (national_level AND $3::boolean)`,
        [round.id, app.authority, rules.quota.nationalLevelOutsideQuota],
      )) as { used: number }[];
      const quota = checkRecommendationQuota(recommenderKindOf(app.authority), used, {
        nationalLevel: app.nationalLevel,
        ruleSet: rules,
      });
      if (!quota.allowed)
        throw refuse(
          'RECOMMENDATION_QUOTA_EXCEEDED',
          `${findAuthority(app.authority)?.name ?? '本推荐部门'}${quota.message ?? '推荐名额已用完'}`,
          quota.rule,
          HttpStatus.CONFLICT,
          { limit: quota.limit, used: quota.used },
        );
      app.recommendation = {
        by: user.id,
        at: new Date().toISOString(),
        note: dto.opinion.trim(),
        siteCheck: dto.siteCheck.trim(),
        creditCheck: dto.creditCheck.trim(),
        authority: app.authority,
      };
      app.status = S.Recommended;
      await em.getRepository(CarrierApplicationEntity).save(app);
      await this.record(
        em,
        app,
        user,
        'carrier_application_recommended',
        S.Submitted,
        S.Recommended,
        dto.opinion,
        CARRIER_RULES.recommendation,
      );
    });
    return this.get(user, id);
  }

  /** The recommender returns a submitted application with its reason (the applicant may revise and resubmit). */
  async returnToApplicant(user: CurrentUser, id: string, reason: string): Promise<CarrierApplicationDto> {
    await this.db.transaction(async (em) => {
      const app = await this.lockForRecommender(em, user, id);
      if (app.status !== S.Submitted) throw illegal(app.status, '退回');
      app.status = S.Returned;
      await em.getRepository(CarrierApplicationEntity).save(app);
      await this.record(
        em,
        app,
        user,
        'carrier_application_returned',
        S.Submitted,
        S.Returned,
        reason,
        CARRIER_RULES.recommendation,
      );
      await this.notifications.notifyOrg(
        em,
        app.orgId,
        '载体申报被退回',
        `“${app.platformName}”:${reason.trim()}`,
        '/carriers/applications',
      );
    });
    return this.get(user, id);
  }

  /**
   * Staff formal review (形式审查): from `recommended` (or `submitted` for a direct applicant, `001 §10(一)`); the
   * thresholds of the rule set are recorded met or missed with the declared figures; `pass` moves to expert review,
   * else rejected. Without a recommendation nothing reaches the department (`000` 四.2): 409. A 技术创新中心 missing a
   * threshold passes only under an approved 一事一议 (`003 §12`): else 422 `CARRIER_THRESHOLDS_NOT_MET`.
   */
  async formalReview(user: CurrentUser, id: string, pass: boolean, note: string): Promise<CarrierApplicationDto> {
    await this.db.transaction(async (em) => {
      const app = await this.lock(em, id);
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
      await this.record(em, app, user, 'carrier_formal_review', from, app.status, note, CARRIER_RULES.formal, {
        missed: results.filter((r) => !r.met).map((r) => r.key),
        caseByCaseId,
      });
    });
    return this.get(user, id);
  }

  /**
   * Staff invite an expert (专家评审) during expert review; an expert whose organisation is the applicant or in one
   * control group with it must recuse (422 `EXPERT_CONFLICT` with the path; the pipeline's one conflict rule).
   */
  async assignExpert(user: CurrentUser, id: string, expertUserId: string): Promise<CarrierApplicationDto> {
    await this.db.transaction(async (em) => {
      const app = await this.lock(em, id);
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
      await this.record(em, app, user, 'carrier_expert_assigned', null, null, null, CARRIER_RULES.experts, {
        expertUserId,
      });
    });
    return this.get(user, id);
  }

  /** The invited expert's opinion. 403 `NOT_INVITED`; 409 outside expert review. */
  async expertOpinion(
    user: CurrentUser,
    id: string,
    dto: { score: number; recommend: boolean; opinion: string },
  ): Promise<CarrierApplicationDto> {
    await this.db.transaction(async (em) => {
      const app = await this.lock(em, id);
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
      await this.record(em, app, user, 'carrier_expert_opinion', null, null, null, CARRIER_RULES.experts, {
        score: dto.score,
        recommend: dto.recommend,
      });
    });
    return this.get(user, id);
  }

  /**
   * Staff close the expert review: `pass` → site visit, else rejected. 409 `CARRIER_REVIEW_INCOMPLETE` while no
   * expert was invited or an invited one has not given an opinion.
   */
  async closeExpertReview(user: CurrentUser, id: string, pass: boolean, note: string): Promise<CarrierApplicationDto> {
    await this.db.transaction(async (em) => {
      const app = await this.lock(em, id);
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
      await this.record(
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
    return this.get(user, id);
  }

  /** Staff record the site visit (实地考察); `pass` → ready for the decision (stays `site_visit` with its record). */
  async siteVisit(user: CurrentUser, id: string, pass: boolean, note: string): Promise<CarrierApplicationDto> {
    await this.db.transaction(async (em) => {
      const app = await this.lock(em, id);
      if (app.status !== S.SiteVisit || app.siteVisit) throw illegal(app.status, '记录实地考察');
      app.siteVisit = { by: user.id, at: new Date().toISOString(), note: note.trim(), pass };
      if (!pass) app.status = S.Rejected;
      await em.getRepository(CarrierApplicationEntity).save(app);
      await this.record(em, app, user, 'carrier_site_visit', S.SiteVisit, app.status, note, '000 四.3');
    });
    return this.get(user, id);
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
      const app = await this.lock(em, id);
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
      await this.record(em, app, user, 'carrier_decision', S.SiteVisit, app.status, note, CARRIER_RULES.decision);
    });
    return this.get(user, id);
  }

  /**
   * Staff open the public notice (公示): the rule set's working days (5 by default), counted by the notice engine
   * (`noticePeriod`, Chinese working days, ending 24:00 Beijing of the last day).
   */
  async openNotice(user: CurrentUser, id: string): Promise<CarrierApplicationDto> {
    await this.db.transaction(async (em) => {
      const app = await this.lock(em, id);
      if (app.status !== S.Decided) throw illegal(app.status, '开启公示', CARRIER_RULES.notice);
      const round = await em.getRepository(CarrierRoundEntity).findOneByOrFail({ id: app.roundId });
      const rules = await loadRuleSet(em, round.ruleSetId);
      const now = new Date();
      const p = noticePeriod(beijingDate(now), rules.noticeWorkingDays ?? undefined);
      Object.assign(app, {
        status: S.OnNotice,
        noticeOpenedAt: now,
        noticeFirstDay: p.firstDay,
        noticeLastDay: p.lastDay,
        noticeEndsAt: p.endsAt,
        noticeProvisional: p.provisional,
      });
      await em.getRepository(CarrierApplicationEntity).save(app);
      await this.record(em, app, user, 'carrier_notice_opened', S.Decided, S.OnNotice, null, CARRIER_RULES.notice, {
        firstDay: p.firstDay,
        lastDay: p.lastDay,
        workingDays: p.workingDays,
      });
    });
    return this.get(user, id);
  }

  /** Anyone signed in objects while the notice runs; the application is frozen (`objection`). 409 `NOTICE_CLOSED`. */
  async lodgeObjection(user: CurrentUser, id: string, reasons: string): Promise<CarrierApplicationDto> {
    await this.db.transaction(async (em) => {
      const app = await this.lock(em, id);
      const running =
        (app.status === S.OnNotice || app.status === S.Objection) &&
        !!app.noticeEndsAt &&
        app.noticeEndsAt > new Date();
      if (!running)
        throw refuse('NOTICE_CLOSED', '该申报不在公示期内,不能提出异议', CARRIER_RULES.notice, HttpStatus.CONFLICT);
      await em
        .getRepository(CarrierObjectionEntity)
        .insert({ applicationId: id, lodgedBy: user.id, reasons: reasons.trim(), status: 'open' });
      const from = app.status;
      app.status = S.Objection;
      await em.getRepository(CarrierApplicationEntity).save(app);
      await this.record(em, app, user, 'carrier_objection_lodged', from, S.Objection, reasons, CARRIER_RULES.notice);
    });
    return this.get(user, id);
  }

  /** Staff resolve an objection: upheld → rejected; the last dismissed → back on notice. */
  async resolveObjection(
    user: CurrentUser,
    objectionId: string,
    outcome: 'dismissed' | 'upheld',
    resolution: string,
  ): Promise<CarrierApplicationDto> {
    const appId = await this.db.transaction(async (em) => {
      const o = await em
        .getRepository(CarrierObjectionEntity)
        .findOne({ where: { id: objectionId }, lock: { mode: 'pessimistic_write' } });
      if (!o) throw new NotFoundError('异议', objectionId);
      const app = await this.lock(em, o.applicationId);
      if (o.status !== 'open' || app.status !== S.Objection) throw illegal(app.status, '处理异议');
      Object.assign(o, { status: outcome, resolution: resolution.trim(), resolvedBy: user.id, resolvedAt: new Date() });
      await em.getRepository(CarrierObjectionEntity).save(o);
      const open = await em
        .getRepository(CarrierObjectionEntity)
        .count({ where: { applicationId: app.id, status: 'open' } });
      const to = outcome === 'upheld' ? S.Rejected : open ? S.Objection : S.OnNotice;
      app.status = to;
      await em.getRepository(CarrierApplicationEntity).save(app);
      await this.record(
        em,
        app,
        user,
        'carrier_objection_resolved',
        S.Objection,
        to,
        resolution,
        CARRIER_RULES.notice,
        { objectionId, outcome },
      );
      return app.id;
    });
    return this.get(user, appId);
  }

  /**
   * Publication (发文公布) with the 文号 and date once the notice is over without open objections: the registry
   * entry (status 运行, or 筹建 for a 技术创新中心, `003 §20`) with its plate name; the organisation's carrier kinds
   * are recomputed from the registry and its listings reindexed so the board shows the type.
   * @throws 409 `CARRIER_NOTICE_RUNNING` while the notice runs or an objection is open.
   */
  async publish(
    user: CurrentUser,
    id: string,
    dto: { documentNo: string; publishedOn: string; attached?: boolean },
  ): Promise<CarrierApplicationDto> {
    const orgId = await this.db.transaction(async (em) => {
      const app = await this.lock(em, id);
      if (
        app.status === S.Objection ||
        (app.status === S.OnNotice && (!app.noticeEndsAt || app.noticeEndsAt > new Date()))
      )
        throw refuse(
          'CARRIER_NOTICE_RUNNING',
          `公示期至 ${app.noticeLastDay ?? '—'} 24:00,期满且无未处理异议后方可发文公布`,
          CARRIER_RULES.notice,
          HttpStatus.CONFLICT,
        );
      if (app.status !== S.OnNotice) throw illegal(app.status, '发文公布', CARRIER_RULES.publish);
      const round = await em.getRepository(CarrierRoundEntity).findOneByOrFail({ id: app.roundId });
      const org = await em.getRepository(OrganizationEntity).findOneByOrFail({ id: app.orgId });
      const rules = await loadRuleSet(em, round.ruleSetId);
      const fields = Array.isArray(app.form.fields) ? (app.form.fields as string[]) : org.fields;
      const carrier = await em.getRepository(CarrierEntity).save(
        em.getRepository(CarrierEntity).create({
          applicationId: app.id,
          kind: app.kind,
          intlBaseType: app.intlBaseType,
          hostOrgId: app.orgId,
          name: app.platformName,
          plateName: plateName(app.platformName, app.kind),
          documentNo: dto.documentNo.trim(),
          publishedOn: dto.publishedOn,
          status: rules.preparingYears ? CarrierStatus.Preparing : CarrierStatus.Operating,
          regionCode: org.regionCode,
          fields,
          attached: !!dto.attached,
          nationalLevel: app.nationalLevel,
          ruleSetId: round.ruleSetId,
          rectifyUntil: null,
          revokedOn: null,
          revocationGround: null,
          reapplyBarUntil: null,
        }),
      );
      app.status = S.Published;
      app.carrierId = carrier.id;
      await em.getRepository(CarrierApplicationEntity).save(app);
      await this.record(
        em,
        app,
        user,
        'carrier_published',
        S.OnNotice,
        S.Published,
        dto.documentNo,
        CARRIER_RULES.publish,
        { carrierId: carrier.id },
      );
      await this.audit.append(em, {
        entityType: 'carrier',
        entityId: carrier.id,
        action: 'carrier_registered',
        toStatus: carrier.status,
        actorUserId: user.id,
        reason: `${carrier.plateName}(${carrier.documentNo},${carrier.publishedOn})`,
        rule: CARRIER_RULES.publish,
        data: { applicationId: app.id },
      });
      await syncOrgCarrierKinds(em, app.orgId);
      await this.notifications.notifyOrg(
        em,
        app.orgId,
        '载体已发文公布',
        `${carrier.plateName}(${carrier.documentNo})`,
        `/carriers/${carrier.id}`,
      );
      return app.orgId;
    });
    await reindexHost(this.db.manager, this.indexer, orgId);
    return this.get(user, id);
  }

  /** One application: the applicant's users, staff, the recommender of its authority, its invited experts. */
  async get(user: CurrentUser, id: string): Promise<CarrierApplicationDto> {
    const app = await this.db.getRepository(CarrierApplicationEntity).findOne({ where: { id } });
    if (!app || !(await this.maySee(user, app))) throw new NotFoundError('载体申报', id);
    return completeApplicationView(this.db.manager, user, app, (await this.toDtos([app]))[0]);
  }

  /**
   * A page of applications: staff all (filtered), a recommender its authority's submitted and later ones (its
   * queue), an organisation's users their own.
   */
  async list(user: CurrentUser, q: CarrierApplicationQueryDto): Promise<CarrierApplicationPageDto> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const qb = this.db.getRepository(CarrierApplicationEntity).createQueryBuilder('a');
    if (isRecommender(user))
      qb.where('a.authority = :auth AND a.status <> :draft', { auth: user.authority, draft: S.Draft });
    else if (user.role === Role.Staff) qb.where('true');
    else qb.where('a.org_id = :org', { org: user.orgId ?? '00000000-0000-0000-0000-000000000000' });
    if (q.status) qb.andWhere('a.status = :status', { status: q.status });
    if (q.roundId) qb.andWhere('a.round_id = :round', { round: q.roundId });
    const [rows, total] = await qb
      .orderBy('a.updated_at', 'DESC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items: await this.toDtos(rows), total, page, pageSize };
  }

  /** The application's history (audit log). */
  history(id: string) {
    return this.audit.history('carrier_application', id);
  }

  /** The parties (`carrierApplicationParty`); anyone signed in while on public notice (reduced view, `000` 四.3). */
  private async maySee(user: CurrentUser, app: CarrierApplicationEntity): Promise<boolean> {
    return !!(await carrierApplicationParty(this.db.manager, user, app)) || onPublicNotice(app);
  }

  private async toDtos(rows: CarrierApplicationEntity[]): Promise<CarrierApplicationDto[]> {
    if (!rows.length) return [];
    const ids = rows.map((r) => r.id);
    const orgs = await this.db
      .getRepository(OrganizationEntity)
      .find({ where: { id: In([...new Set(rows.map((r) => r.orgId))]) } });
    const rounds = await this.db
      .getRepository(CarrierRoundEntity)
      .find({ where: { id: In([...new Set(rows.map((r) => r.roundId))]) } });
    const rules = new Map<string, CarrierRuleSet>();
    for (const r of rounds) rules.set(r.id, await loadRuleSet(this.db.manager, r.ruleSetId));
    const reviews: (CarrierExpertReviewEntity & { expert_name?: string })[] = await this.db.query(
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

  /**
   * The bars on applying (`000` 五.3; `001 §18`, `002 §12`, `003 §31`): one application per organisation, kind and
   * round; no application while a carrier of that kind is registered and in force; none inside the reapply bar.
   */
  private async checkBars(
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

  private applicantOrg(user: CurrentUser): string {
    if ((user.role !== Role.Institute && user.role !== Role.Enterprise) || !user.orgId)
      throw refuse('FORBIDDEN', '只有单位用户可以申报载体', undefined, HttpStatus.FORBIDDEN);
    return user.orgId;
  }

  private async lock(em: EntityManager, id: string): Promise<CarrierApplicationEntity> {
    const app = await em
      .getRepository(CarrierApplicationEntity)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!app) throw new NotFoundError('载体申报', id);
    return app;
  }

  private async lockOwn(em: EntityManager, user: CurrentUser, id: string): Promise<CarrierApplicationEntity> {
    const app = await this.lock(em, id);
    if (!user.orgId || app.orgId !== user.orgId) throw new NotFoundError('载体申报', id);
    return app;
  }

  private async lockForRecommender(
    em: EntityManager,
    user: CurrentUser,
    id: string,
  ): Promise<CarrierApplicationEntity> {
    const app = await this.lock(em, id);
    const admin = user.staffRoles.includes(StaffRole.Admin);
    if (!admin && (!isRecommender(user) || app.authority !== user.authority))
      throw refuse('NOT_OWN_AUTHORITY', '该申报不属于本推荐部门', CARRIER_RULES.recommendation, HttpStatus.FORBIDDEN);
    return app;
  }

  private record(
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
    return this.audit.append(em, {
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
