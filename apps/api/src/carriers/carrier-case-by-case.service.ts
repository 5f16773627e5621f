import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, Not } from 'typeorm';
import {
  CarrierApplicationStatus,
  CarrierKind,
  CaseByCaseDecisionDto,
  CurrentUser,
  type CarrierThresholdResultDto,
} from '@jiebang/contracts';
import { caseByCaseNeeded } from '@jiebang/policy';
import { AuditService } from '../audit/audit.service';
import { NotFoundError } from '../common/domain-error';
import { WorkQueueNotifier } from '../workbench/work-notifier.service';
import { illegal, refuse } from './carrier-common';
import { CarrierCaseDecisionEntity } from './carrier-running.entity';
import { CarrierApplicationEntity } from './carrier.entity';

/** The article of 一事一议 and the four-eyes rule applied to it. */
export const CASE_BY_CASE_RULE = '003 §12 (一事一议); 四眼原则';

/**
 * The formal review's hook (`003 §12`): a 技术创新中心 application whose declared figures miss a threshold passes
 * formal review only under an approved 一事一议 decision.
 * @returns the approved decision's id, or null when none is needed.
 * @throws 422 `CARRIER_THRESHOLDS_NOT_MET` with `details: { missed }` when one is needed and none is approved.
 */
export async function requireCaseByCaseWhenMissed(
  em: EntityManager,
  app: Pick<CarrierApplicationEntity, 'id' | 'kind'>,
  results: readonly CarrierThresholdResultDto[],
): Promise<string | null> {
  const missed = caseByCaseNeeded(app.kind, results);
  if (!missed.length) return null;
  const approved = await em
    .getRepository(CarrierCaseDecisionEntity)
    .findOne({ where: { applicationId: app.id, status: 'approved' } });
  if (approved) return approved.id;
  throw refuse(
    'CARRIER_THRESHOLDS_NOT_MET',
    `未达到组建条件(${missed.join('、')}),须经一事一议批准后方可通过形式审查`,
    '003 §10, §12',
    HttpStatus.UNPROCESSABLE_ENTITY,
    { missed },
  );
}

/**
 * 一事一议 (GLOSSARY `caseByCaseDecision`; `003 §12`): one staff member proposes, with reasons, that a 技术创新中心
 * application outside the normal thresholds be decided case by case; a second staff member approves or rejects it
 * (the proposer may not: 409 `SAME_APPROVER`). Audited on the application (its history shows it); only an approved
 * decision lets the application pass formal review with missed thresholds (`requireCaseByCaseWhenMissed`).
 */
@Injectable()
export class CarrierCaseByCaseService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly notifier: WorkQueueNotifier,
  ) {}

  /**
   * Staff propose 一事一议 for an application awaiting formal review.
   * @throws 422 `CASE_BY_CASE_NOT_APPLICABLE` for a kind other than 技术创新中心; 409 `ILLEGAL_TRANSITION` outside
   *   `submitted` / `recommended`; 409 `CASE_BY_CASE_EXISTS` while one is proposed or approved.
   */
  async propose(user: CurrentUser, applicationId: string, reasons: string): Promise<CaseByCaseDecisionDto> {
    return this.db.transaction(async (em) => {
      const app = await lockApplication(em, applicationId);
      if (app.kind !== CarrierKind.InnovationCenter)
        throw refuse('CASE_BY_CASE_NOT_APPLICABLE', '一事一议仅适用于自治区技术创新中心的组建', '003 §12');
      if (app.status !== CarrierApplicationStatus.Submitted && app.status !== CarrierApplicationStatus.Recommended)
        throw illegal(app.status, '提出一事一议', CASE_BY_CASE_RULE);
      const repo = em.getRepository(CarrierCaseDecisionEntity);
      if (await repo.exist({ where: { applicationId, status: Not('rejected') } }))
        throw refuse(
          'CASE_BY_CASE_EXISTS',
          '该申报已有待审批或已批准的一事一议',
          CASE_BY_CASE_RULE,
          HttpStatus.CONFLICT,
        );
      const d = await repo.save(
        repo.create({ applicationId, reasons: reasons.trim(), status: 'proposed', proposedBy: user.id }),
      );
      await this.record(em, app, user, 'carrier_case_by_case_proposed', reasons, d.id);
      await this.notifier.entered(em, 'caseByCaseApproval', d.id, user.id);
      return toCaseDto(d);
    });
  }

  /**
   * A second staff member approves or rejects a proposed 一事一议.
   * @throws 409 `SAME_APPROVER` for the proposer; 409 `ILLEGAL_TRANSITION` unless `proposed`.
   */
  async decide(user: CurrentUser, id: string, approve: boolean, note: string): Promise<CaseByCaseDecisionDto> {
    return this.db.transaction(async (em) => {
      const d = await em
        .getRepository(CarrierCaseDecisionEntity)
        .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!d) throw new NotFoundError('一事一议', id);
      const app = await lockApplication(em, d.applicationId);
      if (d.status !== 'proposed')
        throw illegal(d.status, approve ? '批准一事一议' : '否决一事一议', CASE_BY_CASE_RULE);
      if (d.proposedBy === user.id)
        throw refuse(
          'SAME_APPROVER',
          '一事一议须由提出人以外的另一名工作人员审批',
          CASE_BY_CASE_RULE,
          HttpStatus.CONFLICT,
        );
      Object.assign(d, {
        status: approve ? 'approved' : 'rejected',
        decidedBy: user.id,
        decidedAt: new Date(),
        decisionNote: note.trim(),
      });
      await em.getRepository(CarrierCaseDecisionEntity).save(d);
      await this.record(
        em,
        app,
        user,
        approve ? 'carrier_case_by_case_approved' : 'carrier_case_by_case_rejected',
        note,
        d.id,
      );
      return toCaseDto(d);
    });
  }

  /** The application's 一事一议 decisions, newest first (staff). */
  async list(applicationId: string): Promise<CaseByCaseDecisionDto[]> {
    const rows = await this.db
      .getRepository(CarrierCaseDecisionEntity)
      .find({ where: { applicationId }, order: { proposedAt: 'DESC' } });
    return rows.map(toCaseDto);
  }

  private record(
    em: EntityManager,
    app: CarrierApplicationEntity,
    user: CurrentUser,
    action: string,
    reason: string,
    decisionId: string,
  ): Promise<void> {
    return this.audit.append(em, {
      entityType: 'carrier_application',
      entityId: app.id,
      action,
      actorUserId: user.id,
      reason: reason.trim(),
      rule: CASE_BY_CASE_RULE,
      data: { caseByCaseId: decisionId },
    });
  }
}

async function lockApplication(em: EntityManager, id: string): Promise<CarrierApplicationEntity> {
  const app = await em
    .getRepository(CarrierApplicationEntity)
    .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  if (!app) throw new NotFoundError('载体申报', id);
  return app;
}

function toCaseDto(d: CarrierCaseDecisionEntity): CaseByCaseDecisionDto {
  return {
    id: d.id,
    applicationId: d.applicationId,
    reasons: d.reasons,
    status: d.status,
    proposedBy: d.proposedBy,
    proposedAt: d.proposedAt.toISOString(),
    decidedBy: d.decidedBy,
    decidedAt: d.decidedAt?.toISOString() ?? null,
    decisionNote: d.decisionNote,
    rule: CASE_BY_CASE_RULE,
  };
}
