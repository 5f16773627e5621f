import { HttpStatus, Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { CurrentUser, DealDto, fenToYuan } from '@jiebang/contracts';
import { terminationRecoveryFen } from '@jiebang/policy';
import { DomainError, NotFoundError } from '../common/domain-error';
import { allow, DEAL_RULES, DealRole, isDate, need, refuse, toFen, transition, UUID } from './deal-common';
import { DealWriter } from './deal-writer';
import { DealChangeEntity, DealEntity } from './deal.entity';

/** The side in which a party requests a change: the poster's when the caller is both, `null` for neither. */
export function requestingSide(roles: readonly DealRole[]): 'poster' | 'taker' | null {
  return roles.includes('poster') ? 'poster' : roles.includes('taker') ? 'taker' : null;
}

/** The side that must agree to a change the other requested (004 §15: 双方一致). */
export function otherSide(side: 'poster' | 'taker'): 'poster' | 'taker' {
  return side === 'poster' ? 'taker' : 'poster';
}

/**
 * Why an extension to `newEndOn` cannot be requested, or `null`: the new end date is required and must be a
 * real date (400 `NEW_END_REQUIRED`) later than the current planned end (422 `NEW_END_NOT_LATER`).
 */
export function extensionRefusal(newEndOn: string | undefined, plannedEndOn: string | null): DomainError | null {
  if (!newEndOn || !isDate(newEndOn))
    return refuse('NEW_END_REQUIRED', '申请延期须填写新的计划完成日期', DEAL_RULES.change, HttpStatus.BAD_REQUEST);
  if (plannedEndOn && newEndOn <= plannedEndOn)
    return refuse('NEW_END_NOT_LATER', `新的完成日期须晚于当前计划完成日期 ${plannedEndOn}`, DEAL_RULES.change);
  return null;
}

/**
 * Extension and termination (seed `004 §15`: 延期或终止须双方一致并经科技厅同意): a party requests, the other
 * agrees, staff decide; an approved termination records the state money to recover after the special audit.
 * Writes go through `DealWriter.write`.
 */
@Injectable()
export class DealChangesService {
  constructor(private readonly writer: DealWriter) {}

  /** A party asks for an extension (with the new end date) or a termination; the other party must agree. */
  requestChange(
    user: CurrentUser,
    id: string,
    dto: { kind: 'extension' | 'termination'; reason: string; newEndOn?: string },
  ): Promise<DealDto> {
    return this.writer.write(user, id, async (em, c) => {
      const side = requestingSide(c.roles);
      if (!side)
        throw refuse('NOT_A_PARTY', '只有发榜方或揭榜方可以申请延期或终止', DEAL_RULES.change, HttpStatus.FORBIDDEN);
      allow(c.deal, 'requestChange', '申请延期或终止');
      if (dto.kind === 'extension') {
        const refusal = extensionRefusal(dto.newEndOn, c.deal.plannedEndOn);
        if (refusal) throw refusal;
      }
      const repo = em.getRepository(DealChangeEntity);
      if (
        await repo.count({
          where: { dealId: id, status: In(['proposed', 'agreed'] as const) },
        })
      )
        throw refuse('CHANGE_PENDING', '已有待处理的延期或终止申请', DEAL_RULES.change, HttpStatus.CONFLICT);
      const ch = await repo.save(
        repo.create({
          dealId: id,
          kind: dto.kind,
          requestedBySide: side,
          requestedBy: user.id,
          reason: dto.reason.trim(),
          newEndOn: dto.kind === 'extension' ? dto.newEndOn! : null,
          posterAgreed: side === 'poster',
          takerAgreed: side === 'taker',
          status: 'proposed',
          decisionNote: null,
          decidedBy: null,
          auditedSpentFen: null,
          recoveryFen: null,
        }),
      );
      await this.writer.record(
        em,
        c,
        user,
        `${dto.kind}_requested`,
        DEAL_RULES.change,
        { changeId: ch.id, side, newEndOn: ch.newEndOn },
        dto.reason.trim(),
      );
      await this.writer.enterQueue(em, 'changeAgreement', ch.id, user);
    });
  }

  /** The other party agrees to a requested change (then staff decide). */
  agreeChange(user: CurrentUser, id: string, changeId: string): Promise<DealDto> {
    return this.writer.write(user, id, async (em, c) => {
      const ch = await this.change(em, id, changeId);
      const other = otherSide(ch.requestedBySide);
      if (!c.roles.includes(other))
        throw refuse(
          'NOT_A_PARTY',
          `须由${other === 'poster' ? '发榜方' : '揭榜方'}确认同意`,
          DEAL_RULES.change,
          HttpStatus.FORBIDDEN,
        );
      if (ch.status !== 'proposed')
        throw refuse('CHANGE_NOT_PROPOSED', '该申请不在待对方确认状态', DEAL_RULES.change, HttpStatus.CONFLICT);
      await em
        .getRepository(DealChangeEntity)
        .update({ id: ch.id }, { status: 'agreed', posterAgreed: true, takerAgreed: true });
      await this.writer.record(em, c, user, `${ch.kind}_agreed`, DEAL_RULES.change, { changeId: ch.id, side: other });
      await this.writer.enterQueue(em, 'changeDecision', ch.id, user);
    });
  }

  /**
   * Staff approve or reject a change both parties agreed to. An approved extension moves the planned end; an
   * approved termination needs the special audit's spent state money (`auditedSpentYuan`) and records the
   * state money to recover: disbursed subsidy − audited spent, never below 0 (004 §15).
   */
  decideChange(
    user: CurrentUser,
    id: string,
    changeId: string,
    dto: { decision: 'approve' | 'reject'; note: string; auditedSpentYuan?: string },
  ): Promise<DealDto> {
    return this.writer.write(user, id, async (em, c) => {
      need(c, 'staff', '审核延期或终止');
      const ch = await this.change(em, id, changeId);
      if (ch.status !== 'agreed')
        throw refuse('CHANGE_NOT_AGREED', '须双方一致同意后方可由科技厅审核', DEAL_RULES.change, HttpStatus.CONFLICT);
      const repo = em.getRepository(DealChangeEntity);
      if (dto.decision === 'reject') {
        await repo.update({ id: ch.id }, { status: 'rejected', decisionNote: dto.note.trim(), decidedBy: user.id });
        await this.writer.record(
          em,
          c,
          user,
          `${ch.kind}_rejected`,
          DEAL_RULES.change,
          { changeId: ch.id },
          dto.note.trim(),
        );
        return;
      }
      if (ch.kind === 'extension') {
        await repo.update({ id: ch.id }, { status: 'approved', decisionNote: dto.note.trim(), decidedBy: user.id });
        const from = c.deal.plannedEndOn;
        await em.getRepository(DealEntity).update({ id }, { plannedEndOn: ch.newEndOn });
        await this.writer.record(
          em,
          c,
          user,
          'extension_approved',
          DEAL_RULES.change,
          { changeId: ch.id, from, to: ch.newEndOn },
          dto.note.trim(),
        );
        return;
      }
      if (!dto.auditedSpentYuan)
        throw refuse(
          'AUDIT_REQUIRED',
          '终止项目须填写专项审计确认的已使用财政资金',
          DEAL_RULES.change,
          HttpStatus.BAD_REQUEST,
        );
      const spent = toFen(dto.auditedSpentYuan);
      const [{ disbursed }] = await em.query(
        `SELECT coalesce(sum(subsidy_fen), 0)::text AS disbursed FROM subsidy WHERE deal_id = $1 AND status = 'disbursed'`,
        [id],
      );
      const recovery = terminationRecoveryFen(BigInt(disbursed), spent);
      await repo.update(
        { id: ch.id },
        {
          status: 'approved',
          decisionNote: dto.note.trim(),
          decidedBy: user.id,
          auditedSpentFen: spent.toString(),
          recoveryFen: recovery.toString(),
        },
      );
      await em.query(
        `UPDATE subsidy SET status = 'rejected', reject_reason = '项目终止' WHERE deal_id = $1 AND status IN ('proposed', 'approved')`,
        [id],
      );
      await this.writer.move(
        em,
        c,
        user,
        transition(c.deal, 'terminate', '终止项目'),
        'terminated',
        dto.note.trim(),
        {
          changeId: ch.id,
          disbursedFen: String(disbursed),
          auditedSpentFen: spent.toString(),
          recoveryFen: recovery.toString(),
        },
        { recoveryFen: recovery.toString() },
      );
      await this.writer.notifyParties(em, c.deal, '项目已终止', `应收回财政资金 ${fenToYuan(recovery)} 元`);
    });
  }

  private async change(em: EntityManager, dealId: string, changeId: string): Promise<DealChangeEntity> {
    const ch = UUID.test(changeId)
      ? await em.getRepository(DealChangeEntity).findOne({ where: { id: changeId, dealId } })
      : null;
    if (!ch) throw new NotFoundError('延期/终止申请', changeId);
    return ch;
  }
}
