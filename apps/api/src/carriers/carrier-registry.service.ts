import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  CarrierDetailDto,
  CarrierPageDto,
  CarrierQueryDto,
  CarrierReportDto,
  CarrierStatus,
  CurrentUser,
  EvaluateCarrierDto,
  EvaluationGrade,
  RevokeCarrierDto,
  type CarrierEvaluationDto,
  type CarrierRuleSet,
} from '@jiebang/contracts';
import {
  beijingDate,
  missedAnnualReportsGrade,
  nextCarrierStatusAfterEvaluation,
  reapplyBarUntil,
  rectificationEndsOn,
} from '@jiebang/policy';
import { AuditService } from '../audit/audit.service';
import { NotFoundError } from '../common/domain-error';
import { ListingIndexerService } from '../search/listing-indexer.service';
import { WorkQueueNotifier } from '../workbench/work-notifier.service';
import { isRecommender } from './carrier-application-steps';
import {
  illegal,
  loadRuleSet,
  refuse,
  reindexHost,
  syncOrgCarrierKinds,
  toCarrierDto,
  orgNames,
} from './carrier-common';
import { carrierRecommenderAuthority } from './carrier-recommender-review.service';
import { CarrierEntity, CarrierEvaluationEntity, CarrierReportEntity } from './carrier.entity';

/** The articles of the running years. */
export const RUNNING_RULES = {
  report: '001 §15; 002 §13; 003 §29',
  evaluation: '001 §16; 003 §32–34',
  revocation: '001 §18; 002 §12; 003 §31',
} as const;

/**
 * The registry (备案名录) and the running years (issue 15 §5–6): public list and detail with history; annual
 * reports (host submits, recommender reviews, staff file); evaluations (不合格 → 整改 → 不合格 again → 撤销; missed
 * reports count 不合格); revocation, published, with the reapply bar.
 */
@Injectable()
export class CarrierRegistryService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly indexer: ListingIndexerService,
    private readonly notifier: WorkQueueNotifier,
  ) {}

  /** `GET /carriers?kind=&status=&regionCode=&field=` (public, paginated, newest first). */
  async list(q: CarrierQueryDto): Promise<CarrierPageDto> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const qb = this.db.getRepository(CarrierEntity).createQueryBuilder('c').where('true');
    if (q.kind) qb.andWhere('c.kind = :kind', { kind: q.kind });
    if (q.status) qb.andWhere('c.status = :status', { status: q.status });
    if (q.regionCode) qb.andWhere('c.region_code LIKE :rc', { rc: `${q.regionCode}%` });
    if (q.field) qb.andWhere(':field = ANY(c.fields)', { field: q.field });
    const [rows, total] = await qb
      .orderBy('c.published_on', 'DESC')
      .addOrderBy('c.id')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    const names = await orgNames(
      this.db.manager,
      rows.map((r) => r.hostOrgId),
    );
    return { items: rows.map((c) => toCarrierDto(c, names.get(c.hostOrgId) ?? '')), total, page, pageSize };
  }

  /** `GET /carriers/:id` with its history, reports and evaluations (public). @throws NotFoundError */
  async get(id: string): Promise<CarrierDetailDto> {
    const c = await this.db.getRepository(CarrierEntity).findOne({ where: { id } });
    if (!c) throw new NotFoundError('载体', id);
    const names = await orgNames(this.db.manager, [c.hostOrgId]);
    const history = (await this.audit.history('carrier', id)).map((h) => ({
      at: h.at,
      action: h.action,
      fromStatus: h.fromStatus,
      toStatus: h.toStatus,
      actorName: h.actorName,
      reason: h.reason,
      rule: h.rule,
    }));
    const reports = await this.db
      .getRepository(CarrierReportEntity)
      .find({ where: { carrierId: id }, order: { year: 'ASC' } });
    const evaluations = await this.db
      .getRepository(CarrierEvaluationEntity)
      .find({ where: { carrierId: id }, order: { decidedAt: 'ASC' } });
    return {
      ...toCarrierDto(c, names.get(c.hostOrgId) ?? ''),
      history,
      reports: reports.map(toReportDto),
      evaluations: evaluations.map(toEvaluationDto),
    };
  }

  /** The host's users submit the annual report for `year`. 409 `CARRIER_REPORT_EXISTS`; 409 for a revoked carrier. */
  async submitReport(
    user: CurrentUser,
    id: string,
    year: number,
    content: Record<string, unknown>,
  ): Promise<CarrierReportDto> {
    return this.db.transaction(async (em) => {
      const c = await this.lock(em, id);
      if (!user.orgId || user.orgId !== c.hostOrgId) throw new NotFoundError('载体', id);
      if (c.status === CarrierStatus.Revoked)
        throw refuse('CARRIER_NOT_IN_FORCE', '该载体已撤销', RUNNING_RULES.revocation, HttpStatus.CONFLICT);
      if (await em.getRepository(CarrierReportEntity).exist({ where: { carrierId: id, year } }))
        throw refuse('CARRIER_REPORT_EXISTS', `${year} 年度报告已提交`, RUNNING_RULES.report, HttpStatus.CONFLICT);
      const r = await em
        .getRepository(CarrierReportEntity)
        .save(
          em
            .getRepository(CarrierReportEntity)
            .create({ carrierId: id, year, status: 'submitted', content, submittedBy: user.id }),
        );
      await this.record(em, c, user, 'carrier_report_submitted', null, null, `${year} 年度报告`, RUNNING_RULES.report);
      // The recommender's queue, or staff filing for a direct carrier (whichever the report waits in).
      await this.notifier.entered(em, 'carrierReportReview', r.id, user.id);
      await this.notifier.entered(em, 'carrierReportFiling', r.id, user.id);
      return toReportDto(r);
    });
  }

  /**
   * The carrier's recommender (`carrierRecommenderAuthority`: the authority of the application that registered it —
   * a 盟市 or a 自治区部门 — else its region's) reviews a report (`submitted` → `reviewed`); staff file it
   * (`reviewed` → `filed`, or `submitted` for a direct carrier). 403 `NOT_OWN_AUTHORITY` for any other recommender
   * (a 盟市 too, for a carrier of its region recommended by a department).
   */
  async reportStep(
    user: CurrentUser,
    reportId: string,
    step: 'review' | 'file',
    note?: string,
  ): Promise<CarrierReportDto> {
    return this.db.transaction(async (em) => {
      const r = await em
        .getRepository(CarrierReportEntity)
        .findOne({ where: { id: reportId }, lock: { mode: 'pessimistic_write' } });
      if (!r) throw new NotFoundError('年度报告', reportId);
      const c = await this.lock(em, r.carrierId);
      if (step === 'review') {
        // The carrier's own recommender (the application's authority, a 自治区部门 too), not any of its region.
        const authority = await carrierRecommenderAuthority(em, c);
        if (!isRecommender(user) || !authority || user.authority !== authority)
          throw refuse('NOT_OWN_AUTHORITY', '该载体不属于本推荐部门', RUNNING_RULES.report, HttpStatus.FORBIDDEN);
        if (r.status !== 'submitted') throw illegal(r.status, '审核年度报告');
        Object.assign(r, { status: 'reviewed', reviewedBy: user.id, reviewedAt: new Date(), reviewNote: note ?? null });
      } else {
        if (r.status !== 'reviewed' && r.status !== 'submitted') throw illegal(r.status, '归档年度报告');
        Object.assign(r, { status: 'filed', filedBy: user.id, filedAt: new Date() });
      }
      await em.getRepository(CarrierReportEntity).save(r);
      await this.record(
        em,
        c,
        user,
        step === 'review' ? 'carrier_report_reviewed' : 'carrier_report_filed',
        null,
        null,
        `${r.year} 年度报告`,
        RUNNING_RULES.report,
      );
      if (step === 'review') await this.notifier.entered(em, 'carrierReportFiling', r.id, user.id);
      return toReportDto(r);
    });
  }

  /**
   * Staff record an evaluation for the period ending `year`: the grade given, or (`fromMissedReports`) graded by
   * the reports missing without reason (`001 §15` 不合格; `002 §12(四)`, `003 §31(一)`: the rule set's
   * `missedReportsRevokeYears` consecutive years without a report revoke at once). The status follows the chain
   * 不合格 → 整改 (`rectificationYears`) → 不合格 again → 撤销, published with the reapply bar.
   * @throws 422 `VALIDATION_FAILED` with neither a grade nor `fromMissedReports`.
   */
  async evaluate(user: CurrentUser, id: string, dto: EvaluateCarrierDto): Promise<CarrierDetailDto> {
    const orgId = await this.db.transaction(async (em) => {
      const c = await this.lock(em, id);
      if (c.status === CarrierStatus.Revoked)
        throw refuse('CARRIER_NOT_IN_FORCE', '该载体已撤销', RUNNING_RULES.revocation, HttpStatus.CONFLICT);
      const rules = await loadRuleSet(em, c.ruleSetId);
      let grade = dto.grade;
      let missed: ReturnType<typeof missedAnnualReportsGrade> | null = null;
      if (dto.fromMissedReports) {
        // Every year from publication to the evaluated one was due (runs of missing years revoke, `002 §12(四)`).
        const from = Number(c.publishedOn.slice(0, 4));
        const due = Array.from({ length: Math.max(0, dto.year - from + 1) }, (_, i) => from + i);
        const filed = await em.getRepository(CarrierReportEntity).find({ where: { carrierId: id, year: In(due) } });
        missed = missedAnnualReportsGrade(
          rules,
          due,
          filed.map((r) => r.year),
        );
        // Revoked for missing reports (`002 §12(四)`) is graded 不合格 even where a single miss is not (`002`).
        grade = missed.revoke ? EvaluationGrade.Unqualified : (missed.grade ?? grade ?? EvaluationGrade.Qualified);
      }
      if (!grade) throw refuse('VALIDATION_FAILED', '请选择评价等次,或按年度报告缺报情况评定');
      const outcome = missed?.revoke
        ? { status: CarrierStatus.Revoked, revoked: true, reason: missed.reason ?? '', rule: missed.rule }
        : nextCarrierStatusAfterEvaluation(c.status as CarrierStatus, grade);
      const from = c.status;
      const to = outcome.status;
      const missedYears = missed?.missingYears ?? [];
      const e = await em.getRepository(CarrierEvaluationEntity).save(
        em.getRepository(CarrierEvaluationEntity).create({
          carrierId: id,
          year: dto.year,
          grade,
          basis: dto.fromMissedReports ? 'missed_reports' : 'review',
          missedYears,
          fromStatus: from,
          toStatus: to,
          note: dto.note ?? outcome.reason,
          decidedBy: user.id,
        }),
      );
      const today = beijingDate();
      c.status = to;
      c.rectifyUntil = to === CarrierStatus.Rectifying ? rectificationEndsOn(today, rules) : null;
      if (outcome.revoked) this.markRevoked(c, today, outcome.reason, rules);
      await em.getRepository(CarrierEntity).save(c);
      await this.record(em, c, user, 'carrier_evaluated', from, to, dto.note ?? outcome.reason, outcome.rule, {
        evaluationId: e.id,
        grade,
        missedYears,
      });
      if (outcome.revoked) {
        await this.record(em, c, user, 'carrier_revoked', from, to, outcome.reason, outcome.rule, {
          reapplyBarUntil: c.reapplyBarUntil,
        });
        await syncOrgCarrierKinds(em, c.hostOrgId);
      }
      return outcome.revoked ? c.hostOrgId : null;
    });
    if (orgId) await reindexHost(this.db.manager, this.indexer, orgId);
    return this.get(id);
  }

  /** Staff revoke a carrier on a ground of `001 §18`, `002 §12`, `003 §31`, published with its 文号; the bar follows. */
  async revoke(user: CurrentUser, id: string, dto: RevokeCarrierDto): Promise<CarrierDetailDto> {
    const orgId = await this.db.transaction(async (em) => {
      const c = await this.lock(em, id);
      if (c.status === CarrierStatus.Revoked) throw illegal(c.status, '撤销', RUNNING_RULES.revocation);
      const rules = await loadRuleSet(em, c.ruleSetId);
      const from = c.status;
      this.markRevoked(c, dto.revokedOn, dto.ground.trim(), rules);
      await em.getRepository(CarrierEntity).save(c);
      await this.record(
        em,
        c,
        user,
        'carrier_revoked',
        from,
        CarrierStatus.Revoked,
        `${dto.ground.trim()}(${dto.documentNo.trim()})`,
        rules.articles.revocation,
        {
          documentNo: dto.documentNo.trim(),
          reapplyBarUntil: c.reapplyBarUntil,
        },
      );
      await syncOrgCarrierKinds(em, c.hostOrgId);
      return c.hostOrgId;
    });
    await reindexHost(this.db.manager, this.indexer, orgId);
    return this.get(id);
  }

  /** Reapply bar: revoked platforms may not reapply for the rule set's `reapplyBarYears` (2 or 3 years). */
  private markRevoked(c: CarrierEntity, on: string, ground: string, rules: CarrierRuleSet): void {
    c.status = CarrierStatus.Revoked;
    c.revokedOn = on;
    c.revocationGround = ground;
    c.reapplyBarUntil = reapplyBarUntil(on, rules);
  }

  private async lock(em: EntityManager, id: string): Promise<CarrierEntity> {
    const c = await em.getRepository(CarrierEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!c) throw new NotFoundError('载体', id);
    return c;
  }

  private record(
    em: EntityManager,
    c: CarrierEntity,
    user: CurrentUser,
    action: string,
    from: string | null,
    to: string | null,
    reason: string | null,
    rule: string,
    data?: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.append(em, {
      entityType: 'carrier',
      entityId: c.id,
      action,
      fromStatus: from,
      toStatus: to,
      actorUserId: user.id,
      reason,
      rule,
      data: data ?? null,
    });
  }
}

function toReportDto(r: CarrierReportEntity): CarrierReportDto {
  return {
    id: r.id,
    carrierId: r.carrierId,
    year: r.year,
    status: r.status,
    submittedAt: r.submittedAt.toISOString(),
    reviewedAt: r.reviewedAt?.toISOString() ?? null,
    filedAt: r.filedAt?.toISOString() ?? null,
  };
}

/** A stored evaluation as the API answers it (also the reward's ground in `CarrierSupportService.options`). */
export function toEvaluationDto(e: CarrierEvaluationEntity): CarrierEvaluationDto {
  return {
    id: e.id,
    year: e.year,
    grade: e.grade,
    basis: e.basis,
    missedYears: e.missedYears,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    note: e.note,
    decidedAt: e.decidedAt.toISOString(),
  };
}
