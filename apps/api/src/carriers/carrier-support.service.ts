import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, Not } from 'typeorm';
import {
  CarrierStatus,
  CarrierSupportDto,
  CarrierSupportKind,
  CurrentUser,
  ProposeCarrierSupportDto,
  yuanToFen,
} from '@jiebang/contracts';
import { carrierSupport, CarrierPolicyError, highestNotSum } from '@jiebang/policy';
import { AuditService } from '../audit/audit.service';
import { NotFoundError } from '../common/domain-error';
import { loadRuleSet, refuse } from './carrier-common';
import { CarrierEntity, CarrierSupportEntity } from './carrier.entity';

/** The four-eyes rule as for deals' subsidies (approver ≠ proposer). */
export const CARRIER_FOUR_EYES = '004 §12, §14 (四眼原则); 001 §13';

/**
 * Support money of a carrier (issue 15 §7; `001 §13–14`, `§17`): staff propose construction or operation support
 * computed by `carrierSupport` (rate and cap of the carrier's rule set, exact fen); 就高不重复 across the
 * organisation's platforms in the year (`highestNotSum`): the organisation gets the highest amount, never the sum,
 * so a later proposal is granted only what lifts the year's total to the highest; approval by a second person
 * (409 `SAME_APPROVER`), then disbursement with the voucher number.
 */
@Injectable()
export class CarrierSupportService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /**
   * Proposes support. @throws 409 `CARRIER_NOT_IN_FORCE` (revoked); 422 `CARRIER_SUPPORT_NOT_GRANTED`,
   * `CARRIER_CONSTRUCTION_NOT_FOR_ATTACHED`, `CARRIER_CONSTRUCTION_ALREADY_GRANTED` (from the policy);
   * 409 `CARRIER_SUPPORT_EXISTS` for a second live proposal of the same class and year.
   */
  async propose(user: CurrentUser, carrierId: string, dto: ProposeCarrierSupportDto): Promise<CarrierSupportDto> {
    return this.db.transaction(async (em) => {
      const c = await em
        .getRepository(CarrierEntity)
        .findOne({ where: { id: carrierId }, lock: { mode: 'pessimistic_write' } });
      if (!c) throw new NotFoundError('载体', carrierId);
      if (c.status === CarrierStatus.Revoked)
        throw refuse('CARRIER_NOT_IN_FORCE', '该载体已撤销,不能给予补助', '001 §18', HttpStatus.CONFLICT);
      // One organisation's year is decided under one lock (就高不重复 must see every other proposal).
      await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`carrier-support:${c.hostOrgId}:${dto.year}`]);
      const repo = em.getRepository(CarrierSupportEntity);
      if (await repo.exist({ where: { carrierId, year: dto.year, kind: dto.kind, status: Not('rejected') } }))
        throw refuse(
          'CARRIER_SUPPORT_EXISTS',
          `该载体 ${dto.year} 年度已有同类补助`,
          '001 §13–14',
          HttpStatus.CONFLICT,
        );
      const rules = await loadRuleSet(em, c.ruleSetId);
      const constructionGrantedBefore =
        dto.kind === CarrierSupportKind.Construction &&
        (await repo.exist({ where: { carrierId, kind: CarrierSupportKind.Construction, status: Not('rejected') } }));
      let computed;
      try {
        computed = carrierSupport({
          kind: dto.kind,
          baseFen: yuanToFen(dto.baseYuan),
          ruleSet: rules,
          attached: c.attached,
          constructionGrantedBefore,
        });
      } catch (e) {
        if (e instanceof CarrierPolicyError) throw refuse(e.code, e.message, e.rule);
        throw e;
      }
      const others = await repo.find({ where: { orgId: c.hostOrgId, year: dto.year, status: Not('rejected') } });
      const candidates = [
        ...others.map((o) => ({
          id: o.id,
          label: `${o.carrierId === carrierId ? '本平台' : '本单位其他平台'} ${o.kind}`,
          subsidyFen: BigInt(o.computedFen),
        })),
        { id: 'new', label: `本次 ${dto.kind}`, subsidyFen: computed.subsidyFen },
      ];
      const best = highestNotSum(candidates);
      const alreadyGranted = others.reduce((s, o) => s + BigInt(o.grantedFen), 0n);
      const granted =
        best.chosen?.id === 'new' && best.subsidyFen > alreadyGranted ? best.subsidyFen - alreadyGranted : 0n;
      const row = await repo.save(
        repo.create({
          carrierId,
          orgId: c.hostOrgId,
          year: dto.year,
          kind: dto.kind,
          baseFen: computed.baseFen.toString(),
          computedFen: computed.subsidyFen.toString(),
          grantedFen: granted.toString(),
          capFen: computed.capFen.toString(),
          rateBp: computed.rateBp,
          capApplied: computed.capApplied,
          steps: computed.steps.map((st) => ({ ...st, resultFen: st.resultFen.toString() })),
          highestNotSum: others.length
            ? {
                reason: best.reason,
                rule: best.rule,
                highestFen: best.subsidyFen.toString(),
                alreadyGrantedFen: alreadyGranted.toString(),
              }
            : null,
          status: 'proposed',
          note: dto.note ?? null,
          proposedBy: user.id,
        }),
      );
      await this.record(em, row, user, 'carrier_support_proposed', null, 'proposed', dto.note ?? null, computed.rule, {
        computedFen: row.computedFen,
        grantedFen: row.grantedFen,
      });
      return toDto(row);
    });
  }

  /** A second person approves (409 `SAME_APPROVER` for the proposer; 409 `SUBSIDY_NOT_PROPOSED`). */
  approve(user: CurrentUser, id: string, note?: string): Promise<CarrierSupportDto> {
    return this.decide(user, id, 'approved', note);
  }

  /** A second person rejects. */
  reject(user: CurrentUser, id: string, note?: string): Promise<CarrierSupportDto> {
    return this.decide(user, id, 'rejected', note);
  }

  /** Records the disbursement of an approved support with its voucher number. 409 `SUBSIDY_NOT_APPROVED`. */
  async disburse(user: CurrentUser, id: string, voucherNo: string): Promise<CarrierSupportDto> {
    return this.db.transaction(async (em) => {
      const s = await this.lock(em, id);
      if (s.status !== 'approved')
        throw refuse('SUBSIDY_NOT_APPROVED', '补助尚未批准', CARRIER_FOUR_EYES, HttpStatus.CONFLICT);
      Object.assign(s, {
        status: 'disbursed',
        disbursedBy: user.id,
        disbursedAt: new Date(),
        voucherNo: voucherNo.trim(),
      });
      await em.getRepository(CarrierSupportEntity).save(s);
      await this.record(
        em,
        s,
        user,
        'carrier_support_disbursed',
        'approved',
        'disbursed',
        voucherNo,
        CARRIER_FOUR_EYES,
        { grantedFen: s.grantedFen },
      );
      return toDto(s);
    });
  }

  /** A carrier's support records (staff and the host's users). */
  async list(carrierId: string): Promise<CarrierSupportDto[]> {
    const rows = await this.db
      .getRepository(CarrierSupportEntity)
      .find({ where: { carrierId }, order: { proposedAt: 'ASC' } });
    return rows.map(toDto);
  }

  private async decide(
    user: CurrentUser,
    id: string,
    to: 'approved' | 'rejected',
    note?: string,
  ): Promise<CarrierSupportDto> {
    return this.db.transaction(async (em) => {
      const s = await this.lock(em, id);
      if (s.status !== 'proposed')
        throw refuse('SUBSIDY_NOT_PROPOSED', '补助尚未提出或已处理', CARRIER_FOUR_EYES, HttpStatus.CONFLICT);
      if (s.proposedBy === user.id)
        throw refuse(
          'SAME_APPROVER',
          '补助方案须由提出人以外的另一名审批人批准',
          CARRIER_FOUR_EYES,
          HttpStatus.CONFLICT,
        );
      Object.assign(s, { status: to, decidedBy: user.id, decidedAt: new Date(), decisionNote: note ?? null });
      await em.getRepository(CarrierSupportEntity).save(s);
      await this.record(em, s, user, `carrier_support_${to}`, 'proposed', to, note ?? null, CARRIER_FOUR_EYES);
      return toDto(s);
    });
  }

  private async lock(em: EntityManager, id: string): Promise<CarrierSupportEntity> {
    const s = await em
      .getRepository(CarrierSupportEntity)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!s) throw new NotFoundError('补助', id);
    return s;
  }

  private record(
    em: EntityManager,
    s: CarrierSupportEntity,
    user: CurrentUser,
    action: string,
    from: string | null,
    to: string,
    reason: string | null,
    rule: string,
    data?: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.append(em, {
      entityType: 'carrier_support',
      entityId: s.id,
      action,
      fromStatus: from,
      toStatus: to,
      actorUserId: user.id,
      reason,
      rule,
      data: { carrierId: s.carrierId, ...data },
    });
  }
}

function toDto(s: CarrierSupportEntity): CarrierSupportDto {
  return {
    id: s.id,
    carrierId: s.carrierId,
    orgId: s.orgId,
    year: s.year,
    kind: s.kind,
    baseFen: String(s.baseFen),
    computedFen: String(s.computedFen),
    grantedFen: String(s.grantedFen),
    capFen: String(s.capFen),
    rateBp: s.rateBp,
    capApplied: s.capApplied,
    steps: s.steps,
    highestNotSum: s.highestNotSum,
    status: s.status,
    proposedBy: s.proposedBy,
    decidedBy: s.decidedBy,
    voucherNo: s.voucherNo,
  };
}
