import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  EstablishmentRequestStatus,
  CarrierRunningDto,
  CarrierStatus,
  CurrentUser,
  EstablishmentReviewDto,
  EvaluationGrade,
} from '@jiebang/contracts';
import {
  beijingDate,
  carrierReportDue,
  nextCarrierStatusAfterEvaluation,
  nextEvaluationDueOn,
  preparingEndsOn,
  reapplyBarUntil,
} from '@jiebang/policy';
import { AuditService } from '../audit/audit.service';
import { NotFoundError } from '../common/domain-error';
import { ListingIndexerService } from '../search/listing-indexer.service';
import { illegal, loadRuleSet, refuse, reindexHost, syncOrgCarrierKinds } from './carrier-common';
import { ESTABLISHMENT_REQUEST_RULE } from './carrier-recommender-review.service';
import { CarrierEstablishmentRequestEntity } from './carrier-running.entity';
import { CarrierEntity, CarrierEvaluationEntity, CarrierReportEntity } from './carrier.entity';

/** The articles of the 筹建 path of a 技术创新中心. */
export const ESTABLISHMENT_RULE = '003 §20–21';

/**
 * The 技术创新中心's 筹建 → 考核 → 正式成立 (`003 §20–21`): publication of the approved 建设方案 puts the centre in
 * the registry as 筹建 (批准筹建, the rule set's `preparingYears`: 2 years); at the end staff record the 考核: passed →
 * 正式成立 (运行, `established_on`; evaluations then every 3 years from it, `003 §32`), failed → the 筹建 ends (the
 * entry is closed as 撤销 with that ground and leaves the organisation's carrier kinds). The outcome is
 * `nextCarrierStatusAfterEvaluation` of `@jiebang/policy` and is kept as an evaluation (basis `establishment`).
 * Also the running-year dates of a carrier for its page (`running`).
 */
@Injectable()
export class CarrierEstablishmentService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly indexer: ListingIndexerService,
  ) {}

  /**
   * Staff record the 筹建期满考核 on the centre's 考核申请 agreed by its 组织单位 (`003 §20`), which is then `decided`.
   * @throws 409 `ILLEGAL_TRANSITION` unless the carrier is 筹建; 409 `CARRIER_ESTABLISHMENT_NOT_AGREED` without an
   * agreed 考核申请.
   * @returns the running-year dates after it.
   */
  async review(user: CurrentUser, id: string, dto: EstablishmentReviewDto): Promise<CarrierRunningDto> {
    const orgId = await this.db.transaction(async (em) => {
      const c = await lockCarrier(em, id);
      if (c.status !== CarrierStatus.Preparing) throw illegal(c.status, '筹建期满考核', ESTABLISHMENT_RULE);
      const request = await em.getRepository(CarrierEstablishmentRequestEntity).findOne({
        where: { carrierId: id, status: EstablishmentRequestStatus.Agreed },
        lock: { mode: 'pessimistic_write' },
      });
      if (!request)
        throw refuse(
          'CARRIER_ESTABLISHMENT_NOT_AGREED',
          '筹建期满考核须由牵头建设单位提交考核申请,经组织单位审核同意后方可进行',
          ESTABLISHMENT_REQUEST_RULE,
          HttpStatus.CONFLICT,
        );
      request.status = EstablishmentRequestStatus.Decided;
      await em.getRepository(CarrierEstablishmentRequestEntity).save(request);
      const rules = await loadRuleSet(em, c.ruleSetId);
      const grade = dto.pass ? EvaluationGrade.Qualified : EvaluationGrade.Unqualified;
      const outcome = nextCarrierStatusAfterEvaluation(CarrierStatus.Preparing, grade);
      const from = c.status;
      const e = await em.getRepository(CarrierEvaluationEntity).save(
        em.getRepository(CarrierEvaluationEntity).create({
          carrierId: id,
          year: Number(dto.decidedOn.slice(0, 4)),
          grade,
          basis: 'establishment',
          missedYears: [],
          fromStatus: from,
          toStatus: outcome.status,
          note: dto.note.trim(),
          decidedBy: user.id,
        }),
      );
      c.status = outcome.status;
      if (outcome.revoked) {
        c.revokedOn = dto.decidedOn;
        c.revocationGround = outcome.reason;
        c.reapplyBarUntil = reapplyBarUntil(dto.decidedOn, rules);
      } else c.establishedOn = dto.decidedOn;
      await em.getRepository(CarrierEntity).save(c);
      await this.audit.append(em, {
        entityType: 'carrier',
        entityId: c.id,
        action: outcome.revoked ? 'carrier_preparation_ended' : 'carrier_established',
        fromStatus: from,
        toStatus: c.status,
        actorUserId: user.id,
        reason: `${outcome.reason}:${dto.note.trim()}${dto.documentNo ? `(${dto.documentNo.trim()})` : ''}`,
        rule: outcome.rule,
        data: {
          evaluationId: e.id,
          requestId: request.id,
          decidedOn: dto.decidedOn,
          documentNo: dto.documentNo?.trim() ?? null,
        },
      });
      if (!outcome.revoked) return null;
      await syncOrgCarrierKinds(em, c.hostOrgId);
      return c.hostOrgId;
    });
    if (orgId) await reindexHost(this.db.manager, this.indexer, orgId);
    return this.running(id);
  }

  /**
   * The running-year dates of a carrier (public, as its registry entry): the report due next (the last completed
   * year's, when not yet submitted: `carrierReportDue`), the next evaluation (`nextEvaluationDueOn` from the latest of
   * publication, establishment and the last evaluation; none while 筹建 or 整改), the end of 筹建 and of 整改.
   */
  async running(id: string): Promise<CarrierRunningDto> {
    const c = await this.db.getRepository(CarrierEntity).findOne({ where: { id } });
    if (!c) throw new NotFoundError('载体', id);
    const rules = await loadRuleSet(this.db.manager, c.ruleSetId);
    const live = c.status !== CarrierStatus.Revoked;
    const year = Number(beijingDate().slice(0, 4)) - 1;
    const reported = await this.db.getRepository(CarrierReportEntity).exist({ where: { carrierId: id, year } });
    const reportDue = live && !reported && c.publishedOn <= `${year}-12-31` ? carrierReportDue(year, rules) : null;
    const [last] = (await this.db.query(
      `SELECT max((decided_at AT TIME ZONE 'Asia/Shanghai')::date)::text AS last_on FROM carrier_evaluation
       WHERE carrier_id = $1`,
      [id],
    )) as { last_on: string | null }[];
    const since = [c.publishedOn, c.establishedOn, last?.last_on ?? null]
      .filter((d): d is string => !!d)
      .sort()
      .pop()!;
    return {
      carrierId: id,
      status: c.status,
      establishedOn: c.establishedOn,
      reportYear: reportDue ? year : null,
      reportDueOn: reportDue?.dueOn ?? null,
      reportDueSource: carrierReportDue(year, rules).source,
      evaluationDueOn: c.status === CarrierStatus.Operating ? nextEvaluationDueOn(since, rules) : null,
      evaluationSource: rules.articles.evaluationEvery,
      preparingEndsOn: c.status === CarrierStatus.Preparing ? preparingEndsOn(c.publishedOn, rules) : null,
      rectifyUntil: c.status === CarrierStatus.Rectifying ? c.rectifyUntil : null,
    };
  }
}

async function lockCarrier(em: EntityManager, id: string): Promise<CarrierEntity> {
  const c = await em.getRepository(CarrierEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  if (!c) throw new NotFoundError('载体', id);
  return c;
}
