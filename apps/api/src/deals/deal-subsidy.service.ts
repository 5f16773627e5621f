import { HttpStatus, Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { CurrentUser, DealDto, DealStatus, fenToYuan } from '@jiebang/contracts';
import {
  computeSubsidy,
  PolicyError,
  SUBSIDY_BASE_LABEL,
  subsidyModeFor,
  type SubsidyComputation,
} from '@jiebang/policy';
import { NotFoundError } from '../common/domain-error';
import { normalText, replayOf } from '../common/idempotency';
import { DEAL_RULES, isDate, need, refuse, toFen, transition, UUID } from './deal-common';
import { blacklisted, blacklistNames, payability } from './deal-payability';
import { DealWriter } from './deal-writer';
import { DealEntity, FundingInstallmentEntity, SubsidyEntity, type SubsidyEvidence } from './deal.entity';

/**
 * A subsidy computation with its amounts as integer strings (fen): the stored snapshot's columns and the
 * preview's payload (`SubsidyPreviewDto` is a subset).
 */
export function subsidySnapshot(c: SubsidyComputation) {
  return {
    mode: c.mode,
    baseFen: c.baseFen.toString(),
    rateBp: c.rateBp,
    capFen: c.capFen.toString(),
    subsidyFen: c.subsidyFen.toString(),
    capApplied: c.capApplied,
    rule: c.rule,
    steps: c.steps.map((s) => ({
      label: s.label,
      expression: s.expression,
      resultFen: s.resultFen.toString(),
      rule: s.rule,
    })),
  };
}

/**
 * `computeSubsidy` of `@jiebang/policy` (amounts in fen) with its refusals as `DomainError`s (422 with the
 * policy's code and article, e.g. a 一事一议 cap without a reason).
 */
export function subsidyFor(
  kind: DealEntity['kind'],
  baseFen: bigint,
  decision: Parameters<typeof computeSubsidy>[2],
): SubsidyComputation {
  try {
    return computeSubsidy(kind, baseFen, decision);
  } catch (e) {
    if (e instanceof PolicyError) throw refuse(e.code, e.message, e.rule);
    throw e;
  }
}

/**
 * The capped subsidy (前资助/后补助, seed `004 §12`, `§14`; RULEBOOK §1, §4): staff propose it (computed by
 * `@jiebang/policy` `computeSubsidy` from its base and evidence), a second person approves or sends it back,
 * staff record its disbursement; never while an organisation of the deal is on a credit record in force.
 * Writes go through `DealWriter.write`.
 */
@Injectable()
export class DealSubsidyService {
  constructor(private readonly writer: DealWriter) {}

  /** The base of the subsidy and the evidence it rests on (fen). */
  private async base(em: EntityManager, deal: DealEntity): Promise<{ baseFen: bigint; evidence: SubsidyEvidence[] }> {
    if (subsidyModeFor(deal.kind) === 'pre') {
      const fen = BigInt(deal.totalRdInvestmentFen ?? deal.amountFen);
      return {
        baseFen: fen,
        evidence: [
          {
            label: `${SUBSIDY_BASE_LABEL.pre}:任务书 ${deal.taskBookNo ?? ''}`.trim(),
            amountFen: fen.toString(),
            ref: deal.taskBookNo,
          },
        ],
      };
    }
    const rows = await em
      .getRepository(FundingInstallmentEntity)
      .find({ where: { dealId: deal.id, status: 'confirmed' }, order: { seq: 'ASC' } });
    return {
      baseFen: rows.reduce((s, r) => s + BigInt(r.amountFen), 0n),
      evidence: rows.map((r) => ({
        label: `第 ${r.seq} 笔拨付(${r.paidOn},凭证已核验)`,
        amountFen: r.amountFen,
        ref: r.voucherAttachmentId,
      })),
    };
  }

  /**
   * Staff propose the subsidy: computed by `@jiebang/policy` `computeSubsidy` from the base (pre: the 任务书's
   * total R&D investment; post: confirmed installments) and stored with its steps and evidence. An optional
   * 一事一议 cap applies only once a second person approves. Idempotent by key (`replayOf`: same proposer,
   * 一事一议 cap in fen and reason, note → replay; else 409 `IDEMPOTENCY_KEY_REUSED`). 422 `SUBSIDY_NOT_PAYABLE` /
   * `CREDIT_BLACKLISTED`, 409 `SUBSIDY_EXISTS` when a live proposal exists.
   */
  proposeSubsidy(
    user: CurrentUser,
    id: string,
    dto: { idempotencyKey: string; caseByCase?: { capYuan: string; reason: string }; note?: string },
  ): Promise<DealDto> {
    return this.writer.write(user, id, async (em, c) => {
      need(c, 'staff', '提出补助方案');
      const repo = em.getRepository(SubsidyEntity);
      const dup = await repo.findOne({ where: { dealId: id, idempotencyKey: dto.idempotencyKey } });
      const content = (by: string, capFen: string | null, reason: string | null, note: string | null | undefined) => ({
        by,
        caseByCase: capFen === null ? null : { capFen, reason: normalText(reason) },
        note: normalText(note),
      });
      if (
        replayOf(
          dup && content(dup.proposedBy, dup.caseByCaseCapFen, dup.caseByCaseReason, dup.note),
          content(
            user.id,
            dto.caseByCase ? toFen(dto.caseByCase.capYuan).toString() : null,
            dto.caseByCase?.reason ?? null,
            dto.note,
          ),
          '补助方案',
        )
      )
        return;
      const pay = await payability(em, c.deal);
      if (!pay.payable)
        throw refuse(
          pay.code!,
          pay.message!,
          pay.rule,
          pay.code === 'ILLEGAL_TRANSITION' ? HttpStatus.CONFLICT : HttpStatus.UNPROCESSABLE_ENTITY,
        );
      if (
        await repo.count({
          where: { dealId: id, status: In(['proposed', 'approved', 'disbursed'] as const) },
        })
      )
        throw refuse('SUBSIDY_EXISTS', '该项目已有待审批、已批准或已拨付的补助', undefined, HttpStatus.CONFLICT);
      const { baseFen, evidence } = await this.base(em, c.deal);
      const decision = dto.caseByCase
        ? {
            capFen: toFen(dto.caseByCase.capYuan),
            reason: dto.caseByCase.reason.trim(),
            decidedByUserId: user.id,
            approvedByUserId: null,
          }
        : null;
      const comp = subsidyFor(c.deal.kind, baseFen, decision);
      const s = await repo.save(
        repo.create({
          dealId: id,
          idempotencyKey: dto.idempotencyKey,
          ...subsidySnapshot(comp),
          evidence,
          caseByCaseCapFen: decision ? decision.capFen.toString() : null,
          caseByCaseReason: decision ? decision.reason : null,
          note: dto.note?.trim() || null,
          status: 'proposed',
          proposedBy: user.id,
          approvedBy: null,
          approvedAt: null,
          rejectReason: null,
          disbursementKey: null,
          disbursedOn: null,
          disbursementRef: null,
          disbursedBy: null,
        }),
      );
      await this.writer.record(em, c, user, 'subsidy_proposed', comp.rule, {
        subsidyId: s.id,
        mode: comp.mode,
        baseFen: comp.baseFen.toString(),
        capFen: comp.capFen.toString(),
        subsidyFen: comp.subsidyFen.toString(),
        caseByCase: decision ? { capFen: decision.capFen.toString(), reason: decision.reason } : null,
      });
      await this.writer.enterQueue(em, 'subsidyApproval', s.id, user);
    });
  }

  /**
   * An approver approves a proposed subsidy: never the proposer (422 `SAME_APPROVER`), never while a party is
   * blacklisted (422 `CREDIT_BLACKLISTED`, 004 §14). A 一事一议 cap takes effect here (the approver is the second
   * person). Two approvals racing: the deal lock serialises them and the second gets 409 `SUBSIDY_NOT_PROPOSED`.
   */
  approveSubsidy(user: CurrentUser, id: string, subsidyId: string): Promise<DealDto> {
    return this.writer.write(user, id, async (em, c) => {
      need(c, 'staff', '批准补助');
      const s = await this.subsidy(em, id, subsidyId);
      if (s.status !== 'proposed')
        throw refuse(
          'SUBSIDY_NOT_PROPOSED',
          '该补助方案不在待审批状态(可能已被他人处理)',
          undefined,
          HttpStatus.CONFLICT,
        );
      if (s.proposedBy === user.id)
        throw refuse('SAME_APPROVER', '补助方案须由提出人以外的另一名审批人批准', DEAL_RULES.fourEyes);
      const bl = await blacklisted(em, c.deal);
      if (bl.length)
        throw refuse(
          'CREDIT_BLACKLISTED',
          `${blacklistNames(bl)} 在联合惩戒/失信名单有效期内,不得批准补助`,
          DEAL_RULES.credit,
          HttpStatus.UNPROCESSABLE_ENTITY,
          { organizations: bl },
        );
      const decision = s.caseByCaseCapFen
        ? {
            capFen: BigInt(s.caseByCaseCapFen),
            reason: s.caseByCaseReason!,
            decidedByUserId: s.proposedBy,
            approvedByUserId: user.id,
          }
        : null;
      const comp = subsidyFor(c.deal.kind, BigInt(s.baseFen), decision);
      const [, n] = (await em.query(
        `UPDATE subsidy SET status = 'approved', approved_by = $2, approved_at = now(), cap_fen = $3, subsidy_fen = $4,
           cap_applied = $5, rule = $6, steps = $7 WHERE id = $1 AND status = 'proposed'`,
        [
          s.id,
          user.id,
          comp.capFen.toString(),
          comp.subsidyFen.toString(),
          comp.capApplied,
          comp.rule,
          JSON.stringify(subsidySnapshot(comp).steps),
        ],
      )) as [unknown, number];
      if (n !== 1) throw refuse('SUBSIDY_NOT_PROPOSED', '该补助方案已被他人处理', undefined, HttpStatus.CONFLICT);
      await this.writer.record(em, c, user, 'subsidy_approved', comp.rule, {
        subsidyId: s.id,
        subsidyFen: comp.subsidyFen.toString(),
        capFen: comp.capFen.toString(),
        caseByCase: comp.caseByCase,
      });
    });
  }

  /** An approver sends a proposal back with a reason (it can then be proposed again). */
  rejectSubsidy(user: CurrentUser, id: string, subsidyId: string, reason: string): Promise<DealDto> {
    return this.writer.write(user, id, async (em, c) => {
      need(c, 'staff', '退回补助方案');
      const s = await this.subsidy(em, id, subsidyId);
      if (s.status !== 'proposed')
        throw refuse('SUBSIDY_NOT_PROPOSED', '该补助方案不在待审批状态', undefined, HttpStatus.CONFLICT);
      await em.getRepository(SubsidyEntity).update({ id: s.id }, { status: 'rejected', rejectReason: reason.trim() });
      await this.writer.record(em, c, user, 'subsidy_rejected', s.rule, { subsidyId: s.id }, reason.trim());
    });
  }

  /**
   * Records the disbursement of an approved subsidy. Idempotent by key (`replayOf`): the same key with the same
   * subsidy, date, reference and user returns the deal unchanged; with other content 409 `IDEMPOTENCY_KEY_REUSED`.
   * The deal becomes `completed` once an accepted deal's subsidy is disbursed.
   */
  disburseSubsidy(
    user: CurrentUser,
    id: string,
    subsidyId: string,
    dto: { idempotencyKey: string; disbursedOn: string; reference: string },
  ): Promise<DealDto> {
    return this.writer.write(user, id, async (em, c) => {
      need(c, 'staff', '登记补助拨付');
      const s = await this.subsidy(em, id, subsidyId);
      const dup = await em
        .getRepository(SubsidyEntity)
        .findOne({ where: { dealId: id, disbursementKey: dto.idempotencyKey } });
      const content = (by: string | null, sid: string, on: string | null, ref: string | null) => ({
        by,
        subsidyId: sid,
        disbursedOn: on,
        reference: normalText(ref),
      });
      if (
        replayOf(
          dup && content(dup.disbursedBy, dup.id, dup.disbursedOn, dup.disbursementRef),
          content(user.id, s.id, dto.disbursedOn, dto.reference),
          '补助拨付登记',
        )
      )
        return;
      if (s.status !== 'approved')
        throw refuse('SUBSIDY_NOT_APPROVED', '补助方案尚未批准或已拨付', undefined, HttpStatus.CONFLICT);
      if (!isDate(dto.disbursedOn)) throw refuse('INVALID_DATE', '拨付日期无效', undefined, HttpStatus.BAD_REQUEST);
      const bl = await blacklisted(em, c.deal);
      if (bl.length)
        throw refuse(
          'CREDIT_BLACKLISTED',
          `${blacklistNames(bl)} 在联合惩戒/失信名单有效期内,不得拨付补助`,
          DEAL_RULES.credit,
        );
      await em.getRepository(SubsidyEntity).update(
        { id: s.id },
        {
          status: 'disbursed',
          disbursementKey: dto.idempotencyKey,
          disbursedOn: dto.disbursedOn,
          disbursementRef: dto.reference.trim(),
          disbursedBy: user.id,
        },
      );
      const data = {
        subsidyId: s.id,
        subsidyFen: s.subsidyFen,
        disbursedOn: dto.disbursedOn,
        reference: dto.reference.trim(),
      };
      if (c.deal.status === DealStatus.Accepted)
        await this.writer.move(
          em,
          c,
          user,
          transition(c.deal, 'complete', '完成项目'),
          'subsidy_disbursed',
          null,
          data,
          {},
          s.rule,
        );
      else await this.writer.record(em, c, user, 'subsidy_disbursed', s.rule, data);
      await this.writer.notifyParties(em, c.deal, '财政补助已拨付', `${fenToYuan(BigInt(s.subsidyFen))} 元`);
    });
  }

  private async subsidy(em: EntityManager, dealId: string, subsidyId: string): Promise<SubsidyEntity> {
    const s = UUID.test(subsidyId)
      ? await em.getRepository(SubsidyEntity).findOne({ where: { id: subsidyId, dealId } })
      : null;
    if (!s) throw new NotFoundError('补助方案', subsidyId);
    return s;
  }
}
