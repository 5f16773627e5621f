import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Not } from 'typeorm';
import {
  CarrierRuleSet,
  CarrierStatus,
  CarrierSupportDto,
  CarrierSupportKind,
  CarrierSupportOptionsDto,
  CurrentUser,
  ProposeCarrierSupportDto,
  yuanToFen,
} from '@jiebang/contracts';
import {
  carrierReward,
  carrierRewardEligibility,
  carrierSupport,
  carrierSupportOptions,
  CarrierPolicyError,
  highestNotSum,
  type CarrierRewardEvaluation,
} from '@jiebang/policy';
import { AuditService } from '../audit/audit.service';
import { NotFoundError } from '../common/domain-error';
import { loadRuleSet, refuse } from './carrier-common';
import { CarrierEntity, CarrierEvaluationEntity, CarrierSupportEntity } from './carrier.entity';
import { toEvaluationDto } from './carrier-registry.service';

/** The four-eyes rule as for deals' subsidies (approver ≠ proposer). */
export const CARRIER_FOUR_EYES = '004 §12, §14 (四眼原则); 001 §13';

/** The classes compared under 就高不重复 (`001 §14`): the platform support of `001 §13`, never the reward. */
const PLATFORM_SUPPORT_KINDS = [CarrierSupportKind.Construction, CarrierSupportKind.Operation];

/**
 * Support money of a carrier (issue 15 §7; `001 §13–14`, `§17`; `002 §16`): staff propose construction or operation
 * support computed by `carrierSupport` (rate and cap of the carrier's rule set, exact fen); 就高不重复 across the
 * organisation's platforms in the year (`highestNotSum`): the organisation gets the highest amount, never the sum,
 * so a later proposal is granted only what lifts the year's total to the highest. A 国合基地's 奖励性后补助
 * (`reward`) is checked by `carrierReward` (rule set with `staffDecidedReward`, latest evaluation 优秀, amount > 0
 * decided by staff, reason) and granted as decided, once per evaluation, outside 就高不重复 (it is a reward of
 * `002`, not platform support of `001 §13`; see `carrierReward`). Every class: approval by a second person
 * (409 `SAME_APPROVER`), then disbursement with the voucher number.
 */
@Injectable()
export class CarrierSupportService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /**
   * Proposes support. @throws 400 `VALIDATION_FAILED` for `baseYuan` on a reward or `amountYuan` / `reason` on
   * construction / operation; 409 `CARRIER_NOT_IN_FORCE` (revoked); 422 `CARRIER_SUPPORT_NOT_GRANTED`,
   * `CARRIER_CONSTRUCTION_NOT_FOR_ATTACHED`, `CARRIER_CONSTRUCTION_ALREADY_GRANTED` (from the policy);
   * 409 `CARRIER_SUPPORT_EXISTS` for a second live proposal of the same class and year; for a reward 422
   * `CARRIER_REWARD_NOT_IN_RULES` (rule: the rule set's 文号), `CARRIER_REWARD_NOT_EXCELLENT`,
   * `CARRIER_REWARD_AMOUNT_INVALID`, `CARRIER_REWARD_REASON_REQUIRED` (`002 §16`) and 409 `CARRIER_REWARD_EXISTS`
   * for a second live reward on the same evaluation.
   */
  async propose(user: CurrentUser, carrierId: string, dto: ProposeCarrierSupportDto): Promise<CarrierSupportDto> {
    assertProposalFields(dto);
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
      if (dto.kind === CarrierSupportKind.Reward) return this.proposeReward(em, user, c, rules, dto);
      const constructionGrantedBefore =
        dto.kind === CarrierSupportKind.Construction &&
        (await repo.exist({ where: { carrierId, kind: CarrierSupportKind.Construction, status: Not('rejected') } }));
      let computed;
      try {
        computed = carrierSupport({
          kind: dto.kind,
          baseFen: yuanToFen(dto.baseYuan ?? ''),
          ruleSet: rules,
          attached: c.attached,
          constructionGrantedBefore,
        });
      } catch (e) {
        if (e instanceof CarrierPolicyError) throw refuse(e.code, e.message, e.rule);
        throw e;
      }
      // A reward (`002 §16`) is not platform support: it is never a candidate of 就高不重复.
      const others = await repo.find({
        where: { orgId: c.hostOrgId, year: dto.year, kind: In(PLATFORM_SUPPORT_KINDS), status: Not('rejected') },
      });
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

  /**
   * The support classes the carrier's rule set grants and whether each may be proposed now (`carrierSupportOptions`),
   * with the latest evaluation (the reward's ground, `002 §16`); a reward already live on that evaluation is not
   * available (`CARRIER_REWARD_EXISTS`), nor is anything for a revoked carrier (`CARRIER_NOT_IN_FORCE`).
   * @throws NotFoundError for an unknown carrier.
   */
  async options(carrierId: string): Promise<CarrierSupportOptionsDto> {
    const em = this.db.manager;
    const c = await em.getRepository(CarrierEntity).findOne({ where: { id: carrierId } });
    if (!c) throw new NotFoundError('载体', carrierId);
    const rules = await loadRuleSet(em, c.ruleSetId);
    const repo = em.getRepository(CarrierSupportEntity);
    const latest = await latestEvaluation(em, carrierId);
    const items = carrierSupportOptions(rules, {
      attached: c.attached,
      constructionGrantedBefore: await repo.exist({
        where: { carrierId, kind: CarrierSupportKind.Construction, status: Not('rejected') },
      }),
      latestEvaluation: latest && rewardEvaluation(latest),
    }).map((o) => ({ ...o, refusal: o.refusal as CarrierSupportOptionsDto['items'][number]['refusal'] }));
    const rewardTaken = !!latest && (await repo.exist({ where: { evaluationId: latest.id, status: Not('rejected') } }));
    for (const o of items) {
      if (c.status === CarrierStatus.Revoked)
        Object.assign(o, {
          available: false,
          refusal: { code: 'CARRIER_NOT_IN_FORCE', message: '该载体已撤销,不能给予补助', rule: '001 §18' },
        });
      else if (o.kind === CarrierSupportKind.Reward && o.available && rewardTaken)
        Object.assign(o, { available: false, refusal: rewardExists(o.rule) });
    }
    return {
      carrierId,
      ruleSetId: c.ruleSetId,
      items,
      latestEvaluation: latest ? toEvaluationDto(latest) : null,
    };
  }

  /**
   * A second person approves (409 `SAME_APPROVER` for the proposer; 409 `SUBSIDY_NOT_PROPOSED`; 409
   * `CARRIER_NOT_IN_FORCE` for a carrier revoked since the proposal, `001 §18`). A reward is
   * approved only while its ground holds (`002 §16`): the carrier in force (409 `CARRIER_NOT_IN_FORCE`) and its
   * latest evaluation 优秀 (422 `CARRIER_REWARD_NOT_EXCELLENT` when a later evaluation graded it lower).
   */
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
      if (to === 'approved' && s.kind === CarrierSupportKind.Reward) await assertRewardStillDue(em, s.carrierId);
      else if (to === 'approved') await assertInForce(em, s.carrierId);
      Object.assign(s, { status: to, decidedBy: user.id, decidedAt: new Date(), decisionNote: note ?? null });
      await em.getRepository(CarrierSupportEntity).save(s);
      await this.record(em, s, user, `carrier_support_${to}`, 'proposed', to, note ?? null, CARRIER_FOUR_EYES);
      return toDto(s);
    });
  }

  /**
   * A 国合基地's 奖励性后补助 (`002 §16`) inside `propose`'s transaction (carrier locked, same class and year
   * checked): `carrierReward` on the latest evaluation, one live reward per evaluation (409 `CARRIER_REWARD_EXISTS`),
   * granted as decided, no 就高不重复.
   */
  private async proposeReward(
    em: EntityManager,
    user: CurrentUser,
    c: CarrierEntity,
    rules: CarrierRuleSet,
    dto: ProposeCarrierSupportDto,
  ): Promise<CarrierSupportDto> {
    const latest = await latestEvaluation(em, c.id);
    let computed;
    try {
      computed = carrierReward({
        ruleSet: rules,
        latestEvaluation: latest && rewardEvaluation(latest),
        amountYuan: dto.amountYuan ?? '',
        reason: dto.reason ?? '',
      });
    } catch (e) {
      if (e instanceof CarrierPolicyError) throw refuse(e.code, e.message, e.rule);
      throw e;
    }
    const repo = em.getRepository(CarrierSupportEntity);
    if (await repo.exist({ where: { evaluationId: computed.evaluationId, status: Not('rejected') } })) {
      const r = rewardExists(computed.rule);
      throw refuse('CARRIER_REWARD_EXISTS', r.message, r.rule, HttpStatus.CONFLICT);
    }
    const amount = computed.subsidyFen.toString();
    const row = await repo.save(
      repo.create({
        carrierId: c.id,
        orgId: c.hostOrgId,
        year: dto.year,
        kind: CarrierSupportKind.Reward,
        baseFen: computed.baseFen.toString(),
        computedFen: amount,
        grantedFen: amount,
        capFen: null,
        rateBp: null,
        capApplied: false,
        steps: computed.steps.map((st) => ({ ...st, resultFen: st.resultFen.toString() })),
        highestNotSum: null,
        evaluationId: computed.evaluationId,
        reason: computed.reason,
        status: 'proposed',
        note: dto.note ?? null,
        proposedBy: user.id,
      }),
    );
    await this.record(em, row, user, 'carrier_support_proposed', null, 'proposed', computed.reason, computed.rule, {
      kind: CarrierSupportKind.Reward,
      evaluationId: computed.evaluationId,
      computedFen: amount,
      grantedFen: amount,
    });
    return toDto(row);
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
    capFen: s.capFen === null ? null : String(s.capFen),
    rateBp: s.rateBp,
    capApplied: s.capApplied,
    evaluationId: s.evaluationId,
    reason: s.reason,
    steps: s.steps,
    highestNotSum: s.highestNotSum,
    status: s.status,
    proposedBy: s.proposedBy,
    decidedBy: s.decidedBy,
    voucherNo: s.voucherNo,
  };
}

/**
 * The fields of a proposal must match its class (400 `VALIDATION_FAILED`): a reward (`002 §16`) has no base — its
 * amount is `amountYuan` with a `reason`; construction / operation (`001 §13`) are computed from `baseYuan` and take
 * neither `amountYuan` nor `reason`.
 */
function assertProposalFields(dto: ProposeCarrierSupportDto): void {
  if (dto.kind === CarrierSupportKind.Reward && dto.baseYuan !== undefined)
    throw refuse(
      'VALIDATION_FAILED',
      '奖励性后补助没有计算基数:请不要填写 baseYuan,奖励金额填在 amountYuan',
      '002 §16',
      HttpStatus.BAD_REQUEST,
    );
  if (dto.kind !== CarrierSupportKind.Reward && (dto.amountYuan !== undefined || dto.reason !== undefined))
    throw refuse(
      'VALIDATION_FAILED',
      'amountYuan 和 reason 只用于奖励性后补助(reward);建设补助、运营补助请填写计算基数 baseYuan',
      '001 §13',
      HttpStatus.BAD_REQUEST,
    );
}

/**
 * A reward proposed earlier is still due when it is approved: the carrier is in force and its latest evaluation is
 * still 优秀 (`carrierRewardEligibility`, `002 §16`). @throws 409 `CARRIER_NOT_IN_FORCE`; 422 from the policy.
 */
async function assertRewardStillDue(em: EntityManager, carrierId: string): Promise<void> {
  const c = await em.getRepository(CarrierEntity).findOne({ where: { id: carrierId } });
  if (!c) throw new NotFoundError('载体', carrierId);
  if (c.status === CarrierStatus.Revoked)
    throw refuse('CARRIER_NOT_IN_FORCE', '该载体已撤销,不能给予奖励性后补助', '002 §12', HttpStatus.CONFLICT);
  const latest = await latestEvaluation(em, carrierId);
  try {
    carrierRewardEligibility(await loadRuleSet(em, c.ruleSetId), latest && rewardEvaluation(latest));
  } catch (e) {
    if (e instanceof CarrierPolicyError) throw refuse(e.code, e.message, e.rule);
    throw e;
  }
}

/**
 * Construction / operation support is approved only for a carrier still in force: one revoked after the proposal
 * (`001 §18`, `002 §12`, `003 §31`) gets nothing. @throws 409 `CARRIER_NOT_IN_FORCE`.
 */
async function assertInForce(em: EntityManager, carrierId: string): Promise<void> {
  const c = await em.getRepository(CarrierEntity).findOne({ where: { id: carrierId } });
  if (!c) throw new NotFoundError('载体', carrierId);
  if (c.status === CarrierStatus.Revoked)
    throw refuse('CARRIER_NOT_IN_FORCE', '该载体已撤销,不能批准补助', '001 §18', HttpStatus.CONFLICT);
}

/** The carrier's latest evaluation (by decision time), or null. */
function latestEvaluation(em: EntityManager, carrierId: string): Promise<CarrierEvaluationEntity | null> {
  return em
    .getRepository(CarrierEvaluationEntity)
    .findOne({ where: { carrierId }, order: { decidedAt: 'DESC', id: 'DESC' } });
}

function rewardEvaluation(e: CarrierEvaluationEntity): CarrierRewardEvaluation {
  return { id: e.id, year: e.year, grade: e.grade };
}

function rewardExists(rule: string): { code: 'CARRIER_REWARD_EXISTS'; message: string; rule: string } {
  return {
    code: 'CARRIER_REWARD_EXISTS',
    message: '该次考核评估已给予过奖励性后补助(待审批、已批准或已拨付),不能重复给予',
    rule,
  };
}
