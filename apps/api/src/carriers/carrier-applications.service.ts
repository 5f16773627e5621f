import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  CarrierApplicationDto,
  CarrierApplicationPageDto,
  CarrierApplicationQueryDto,
  CarrierApplicationStatus as S,
  CarrierStatus,
  CreateCarrierApplicationDto,
  CurrentUser,
  findAuthority,
  Role,
  UpdateCarrierApplicationDto,
} from '@jiebang/contracts';
import { beijingDate, checkRecommendationQuota, noticePeriod } from '@jiebang/policy';
import { AuditService } from '../audit/audit.service';
import { NotFoundError } from '../common/domain-error';
import { NotificationsService } from '../notifications/notifications.service';
import { OrganizationEntity } from '../organizations/organization.entity';
import { ListingIndexerService } from '../search/listing-indexer.service';
import { WorkQueueNotifier } from '../workbench/work-notifier.service';
import {
  applicationAuthority,
  illegal,
  loadRuleSet,
  missingItems,
  plateName,
  refuse,
  reindexHost,
  syncOrgCarrierKinds,
} from './carrier-common';
import { carrierApplicationParty, onPublicNotice } from './carrier-access';
import { attachedEvidenceKeys, completeApplicationView } from './carrier-evidence.service';
import { lockRound, roundAccepting } from './carrier-rounds.service';
import {
  applicantOrg,
  CARRIER_RULES,
  checkApplicationBars,
  isRecommender,
  lockApplication,
  lockApplicationForRecommender,
  lockOwnApplication,
  recommenderKindOf,
  recordApplicationStep,
} from './carrier-application-steps';
import { toApplicationDtos } from './carrier-application-view';
import { CarrierApplicationEntity, CarrierEntity, CarrierObjectionEntity, CarrierRoundEntity } from './carrier.entity';

/**
 * Carrier applications from draft to publication (issue 15 §2–4; RULEBOOK §7): the applicant's draft, autosave and
 * submission; the recommender's review within deadline and quota; (staff formal review, expert review, site visit
 * and decision: `CarrierReviewService`) the public notice (5 working days, objections freeze it) and publication
 * with 文号 and date into the registry. Every move runs in one transaction under a row lock with its audit record.
 */
@Injectable()
export class CarrierApplicationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly indexer: ListingIndexerService,
    private readonly notifications: NotificationsService,
    private readonly notifier: WorkQueueNotifier,
  ) {}

  /**
   * An organisation's user starts an application (draft) for one kind in an open round.
   * @throws 403 `FORBIDDEN` without an organisation; 409 `CARRIER_ROUND_NOT_OPEN`; 422 `CARRIER_KIND_NOT_IN_ROUND`;
   *   409 `CARRIER_APPLICATION_DUPLICATE` (`000` 五.3: one application per platform and round, renamed or not);
   *   409 `CARRIER_ALREADY_REGISTERED`; 409 `CARRIER_REAPPLY_BARRED` inside the bar after a revocation; 422
   *   `CARRIER_AUTHORITY_NOT_ALLOWED` when it names a 盟市 other than its region's (`applicationAuthority`).
   */
  async create(user: CurrentUser, dto: CreateCarrierApplicationDto): Promise<CarrierApplicationDto> {
    const orgId = applicantOrg(user);
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
      await checkApplicationBars(em, orgId, dto.kind, round.id, null);
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
          authority: applicationAuthority(org.regionCode, !!dto.direct, dto.authority),
          createdBy: user.id,
        }),
      );
      await recordApplicationStep(
        this.audit,
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

  /**
   * Autosave of a draft (or a returned application): name, form keys (merged), direct/national flags, the named
   * 归口管理部门 (`applicationAuthority`; 422 `CARRIER_AUTHORITY_NOT_ALLOWED`).
   */
  async update(user: CurrentUser, id: string, dto: UpdateCarrierApplicationDto): Promise<CarrierApplicationDto> {
    await this.db.transaction(async (em) => {
      const app = await lockOwnApplication(em, user, id);
      if (app.status !== S.Draft && app.status !== S.Returned) throw illegal(app.status, '修改申报书');
      if (dto.platformName !== undefined) app.platformName = dto.platformName.trim();
      if (dto.form) app.form = { ...app.form, ...dto.form };
      if (dto.direct !== undefined || dto.authority !== undefined) {
        if (dto.direct !== undefined) app.direct = dto.direct;
        const org = await em.getRepository(OrganizationEntity).findOneByOrFail({ id: app.orgId });
        app.authority = applicationAuthority(org.regionCode, app.direct, dto.authority);
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
      const app = await lockOwnApplication(em, user, id);
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
      await checkApplicationBars(em, app.orgId, app.kind, app.roundId, app.id);
      const from = app.status;
      app.integrityPledgeAt = new Date();
      app.submittedAt = new Date();
      app.status = S.Submitted;
      await em.getRepository(CarrierApplicationEntity).save(app);
      await recordApplicationStep(
        this.audit,
        em,
        app,
        user,
        'carrier_application_submitted',
        from,
        S.Submitted,
        null,
        '001 §10(一)',
      );
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
      const app = await lockApplicationForRecommender(em, user, id);
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
      await recordApplicationStep(
        this.audit,
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
      const app = await lockApplicationForRecommender(em, user, id);
      if (app.status !== S.Submitted) throw illegal(app.status, '退回');
      app.status = S.Returned;
      await em.getRepository(CarrierApplicationEntity).save(app);
      await recordApplicationStep(
        this.audit,
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
   * Staff open the public notice (公示): the rule set's working days (5 by default), counted by the notice engine
   * (`noticePeriod`, Chinese working days, ending 24:00 Beijing of the last day). Its end is announced to staff then
   * (`WorkQueueNotifier.enterAt`, queue `carrierNoticeEnded`) if no objection is open by that time.
   */
  async openNotice(user: CurrentUser, id: string): Promise<CarrierApplicationDto> {
    await this.db.transaction(async (em) => {
      const app = await lockApplication(em, id);
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
      await recordApplicationStep(
        this.audit,
        em,
        app,
        user,
        'carrier_notice_opened',
        S.Decided,
        S.OnNotice,
        null,
        CARRIER_RULES.notice,
        {
          firstDay: p.firstDay,
          lastDay: p.lastDay,
          workingDays: p.workingDays,
        },
      );
      // At its end, without an open objection, it waits for 发文公布 on staff's workbench (`carrierNoticeEnded`).
      await this.notifier.enterAt('carrierNoticeEnded', app.id, p.endsAt);
    });
    return this.get(user, id);
  }

  /** Anyone signed in objects while the notice runs; the application is frozen (`objection`). 409 `NOTICE_CLOSED`. */
  async lodgeObjection(user: CurrentUser, id: string, reasons: string): Promise<CarrierApplicationDto> {
    await this.db.transaction(async (em) => {
      const app = await lockApplication(em, id);
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
      await recordApplicationStep(
        this.audit,
        em,
        app,
        user,
        'carrier_objection_lodged',
        from,
        S.Objection,
        reasons,
        CARRIER_RULES.notice,
      );
    });
    return this.get(user, id);
  }

  /**
   * Staff resolve an objection: upheld → rejected; the last dismissed → back on notice (after the notice's end: into
   * staff's `carrierNoticeEnded` queue at once, the other staff told).
   */
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
      const app = await lockApplication(em, o.applicationId);
      if (o.status !== 'open' || app.status !== S.Objection) throw illegal(app.status, '处理异议');
      Object.assign(o, { status: outcome, resolution: resolution.trim(), resolvedBy: user.id, resolvedAt: new Date() });
      await em.getRepository(CarrierObjectionEntity).save(o);
      const open = await em
        .getRepository(CarrierObjectionEntity)
        .count({ where: { applicationId: app.id, status: 'open' } });
      const to = outcome === 'upheld' ? S.Rejected : open ? S.Objection : S.OnNotice;
      app.status = to;
      await em.getRepository(CarrierApplicationEntity).save(app);
      await recordApplicationStep(
        this.audit,
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
      // The last objection dismissed after the notice's end: the application waits for 发文公布 from now.
      if (to === S.OnNotice && app.noticeEndsAt && app.noticeEndsAt <= new Date())
        await this.notifier.entered(em, 'carrierNoticeEnded', app.id, user.id);
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
      const app = await lockApplication(em, id);
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
      await recordApplicationStep(
        this.audit,
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
    return completeApplicationView(this.db.manager, user, app, (await toApplicationDtos(this.db, [app]))[0]);
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
    return { items: await toApplicationDtos(this.db, rows), total, page, pageSize };
  }

  /** The application's history (audit log). */
  history(id: string) {
    return this.audit.history('carrier_application', id);
  }

  /** The parties (`carrierApplicationParty`); anyone signed in while on public notice (reduced view, `000` 四.3). */
  private async maySee(user: CurrentUser, app: CarrierApplicationEntity): Promise<boolean> {
    return !!(await carrierApplicationParty(this.db.manager, user, app)) || onPublicNotice(app);
  }
}
