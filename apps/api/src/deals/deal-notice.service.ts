import { HttpStatus, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ApplicationStatus, CurrentUser, DealDto, DealStatus } from '@jiebang/contracts';
import { beijingDate, dealActivityAllowed, noticePeriod, type DealAction, type DealTransition } from '@jiebang/policy';
import { AuditService } from '../audit/audit.service';
import { NotFoundError } from '../common/domain-error';
import { EnvConfig } from '../config/env.config';
import { DEAL_RULES, DealCtx, need, refuse, transition, UUID } from './deal-common';
import { DealWriter } from './deal-writer';
import { DealAttachmentEntity, DealEntity, ObjectionEntity } from './deal.entity';

/**
 * Whether objections may be lodged on `deal` at `now`: it is on notice (or frozen by an objection) and the
 * notice period has not ended (seed `004 §9(七)`).
 */
export function objectionWindowOpen(deal: Pick<DealEntity, 'status' | 'noticeEndsAt'>, now: Date): boolean {
  return dealActivityAllowed('lodgeObjection', deal.status) && !!deal.noticeEndsAt && deal.noticeEndsAt > now;
}

/**
 * The move once the last open objection is dismissed: back on notice while the period runs, awaiting signing
 * when it is over.
 */
export function afterLastDismissal(deal: Pick<DealEntity, 'noticeEndsAt'>, now: Date): DealAction {
  return !!deal.noticeEndsAt && deal.noticeEndsAt <= now ? 'dismissObjectionAfterNotice' : 'dismissObjection';
}

/**
 * Public notice and objections (seed `004 §9(七)`): staff review the draft agreement and open the notice or
 * return it to negotiation; anyone logged in objects while it runs (the deal is frozen); staff resolve each
 * objection. Writes go through `DealWriter.write` (row lock, change, audit, notifications in one transaction).
 */
@Injectable()
export class DealNoticeService {
  constructor(
    private readonly writer: DealWriter,
    private readonly audit: AuditService,
    private readonly config: EnvConfig,
  ) {}

  /**
   * Staff review the draft agreement and open the public notice: `workingDays` Chinese working days (default
   * `NOTICE_WORKING_DAYS`, 5) counted from the next working day, ending 24:00 Beijing time of the last (`@jiebang/policy`
   * `noticePeriod`). 409 `ILLEGAL_TRANSITION` unless `agreement_review`. `openedAt` (default now) exists for the demo
   * seed only, which opens one notice two weeks back: the period is then computed once, from that instant, so the
   * deal, its timeline and its export carry the same dates (issue 16 item 20); the HTTP route never passes it.
   */
  openNotice(
    user: CurrentUser,
    id: string,
    workingDays: number | undefined,
    reviewNote: string,
    openedAt: Date = new Date(),
  ): Promise<DealDto> {
    return this.writer.write(user, id, async (em, c) => {
      need(c, 'staff', '开启公示');
      const t = transition(c.deal, 'openNotice', '开启公示');
      const now = openedAt;
      const p = noticePeriod(beijingDate(now), workingDays ?? this.config.NOTICE_WORKING_DAYS);
      await this.writer.move(
        em,
        c,
        user,
        t,
        'notice_opened',
        reviewNote.trim(),
        {
          workingDays: p.workingDays,
          firstDay: p.firstDay,
          lastDay: p.lastDay,
          endsAt: p.endsAt.toISOString(),
          provisional: p.provisional,
        },
        {
          noticeWorkingDays: p.workingDays,
          noticeOpenedAt: now,
          noticeFirstDay: p.firstDay,
          noticeLastDay: p.lastDay,
          noticeEndsAt: p.endsAt,
          noticeProvisional: p.provisional,
          noticeReviewNote: reviewNote.trim(),
        },
      );
      await this.writer.scheduleNoticeClose(c.deal.id, p.endsAt);
      await this.writer.notifyParties(
        em,
        c.deal,
        '揭榜协议已进入公示',
        `公示期至 ${p.lastDay} 24:00(${p.workingDays} 个工作日)`,
      );
    });
  }

  /**
   * Any logged-in user lodges an objection while the notice runs; the deal is frozen until staff resolve it.
   * Evidence files must have been uploaded to this deal by the same user with purpose `objection_evidence`.
   * 409 `NOTICE_CLOSED` outside the notice period; 422 `EVIDENCE_INVALID`.
   */
  lodgeObjection(user: CurrentUser, id: string, reasons: string, evidenceIds: string[] = []): Promise<DealDto> {
    return this.writer.write(
      user,
      id,
      async (em, c) => {
        if (!objectionWindowOpen(c.deal, new Date())) {
          throw refuse('NOTICE_CLOSED', '该项目不在公示期内,不能提出异议', DEAL_RULES.objection, HttpStatus.CONFLICT);
        }
        const ids = [...new Set(evidenceIds)];
        if (ids.length) {
          const found = await em.getRepository(DealAttachmentEntity).count({
            where: ids.map((aid) => ({
              id: aid,
              dealId: id,
              purpose: 'objection_evidence' as const,
              uploadedBy: user.id,
            })),
          });
          if (found !== ids.length)
            throw refuse('EVIDENCE_INVALID', '证明材料须先以“异议证明材料”上传到本项目', DEAL_RULES.objection);
        }
        const o = await em.getRepository(ObjectionEntity).save(
          em.getRepository(ObjectionEntity).create({
            dealId: id,
            lodgedBy: user.id,
            reasons: reasons.trim(),
            evidenceAttachmentIds: ids,
            status: 'open',
            outcome: null,
            resolution: null,
            resolvedBy: null,
            resolvedAt: null,
          }),
        );
        const data = { objectionId: o.id, evidence: ids };
        if (c.deal.status === DealStatus.OnNotice) {
          await this.writer.move(
            em,
            c,
            user,
            transition(c.deal, 'lodgeObjection', '提出异议'),
            'objection_lodged',
            reasons.trim(),
            data,
          );
        } else {
          await this.writer.record(em, c, user, 'objection_lodged', DEAL_RULES.objection, data, reasons.trim());
        }
        await this.writer.notifyParties(em, c.deal, '揭榜协议公示收到异议', '项目已冻结,待科技厅处理异议');
        await this.writer.enterQueue(em, 'objection', o.id, user);
      },
      true,
    );
  }

  /**
   * Staff resolve an open objection. Dismissed: once no objection is open the notice continues (or, when its
   * period is over, the deal awaits signing). Upheld: `renegotiate` returns the application to negotiation
   * (the room reopens; this deal becomes `returned`), `terminate` ends the deal.
   */
  resolveObjection(
    user: CurrentUser,
    id: string,
    objectionId: string,
    decision: 'dismiss' | 'uphold',
    outcome: 'renegotiate' | 'terminate' | undefined,
    resolution: string,
  ): Promise<DealDto> {
    return this.writer.write(user, id, async (em, c) => {
      need(c, 'staff', '处理异议');
      if (!UUID.test(objectionId)) throw new NotFoundError('异议', objectionId);
      const repo = em.getRepository(ObjectionEntity);
      const o = await repo.findOne({ where: { id: objectionId, dealId: id } });
      if (!o) throw new NotFoundError('异议', objectionId);
      if (o.status !== 'open')
        throw refuse('OBJECTION_RESOLVED', '该异议已处理', DEAL_RULES.objection, HttpStatus.CONFLICT);
      if (decision === 'uphold' && !outcome)
        throw refuse(
          'OUTCOME_REQUIRED',
          '异议成立时须选择“退回洽谈”或“终止项目”',
          DEAL_RULES.objection,
          HttpStatus.BAD_REQUEST,
        );
      const now = new Date();
      const text = resolution.trim();
      if (decision === 'dismiss') {
        await repo.update(
          { id: o.id },
          { status: 'dismissed', resolution: text, resolvedBy: user.id, resolvedAt: now },
        );
        const stillOpen = await repo.count({ where: { dealId: id, status: 'open' } });
        const data = { objectionId: o.id, decision };
        if (stillOpen === 0 && c.deal.status === DealStatus.Frozen) {
          await this.writer.move(
            em,
            c,
            user,
            transition(c.deal, afterLastDismissal(c.deal, now), '处理异议'),
            'objection_dismissed',
            text,
            data,
          );
        } else {
          await this.writer.record(em, c, user, 'objection_dismissed', DEAL_RULES.objection, data, text);
        }
        return;
      }
      await repo.update(
        { id: o.id },
        { status: 'upheld', outcome: outcome!, resolution: text, resolvedBy: user.id, resolvedAt: now },
      );
      await em.query(
        `UPDATE objection SET status = 'upheld', outcome = $2, resolution = $3, resolved_by = $4, resolved_at = now()
         WHERE deal_id = $1 AND status = 'open'`,
        [id, outcome, `随异议 ${o.id} 成立一并办结:${text}`, user.id],
      );
      const data = { objectionId: o.id, decision, outcome };
      if (outcome === 'terminate') {
        const t = transition(c.deal, 'upholdObjectionTerminate', '终止项目');
        await this.writer.move(em, c, user, t, 'objection_upheld', text, data, { recoveryFen: '0' });
        await this.writer.notifyParties(em, c.deal, '异议成立,项目终止', text);
        return;
      }
      const t = transition(c.deal, 'upholdObjectionRenegotiate', '退回洽谈');
      await this.returnToNegotiation(em, c, user, t, 'objection_upheld', text, data);
      await this.writer.notifyParties(em, c.deal, '异议成立,退回洽谈', text);
    });
  }

  /** The deal goes back to its negotiation room (deal `returned`, application `recommended`, room reopened). */
  private async returnToNegotiation(
    em: EntityManager,
    c: DealCtx,
    user: CurrentUser,
    t: DealTransition,
    action: string,
    text: string,
    data: Record<string, unknown>,
  ): Promise<void> {
    const rule = t.rule;
    await this.writer.move(em, c, user, t, action, text, data);
    await em.query(`UPDATE application SET status = $2, updated_at = now() WHERE id = $1`, [
      c.deal.applicationId,
      ApplicationStatus.Recommended,
    ]);
    await em.query(`UPDATE negotiation SET status = 'open', status_reason = $2 WHERE application_id = $1`, [
      c.deal.applicationId,
      `退回重新洽谈:${text}`,
    ]);
    await this.audit.append(em, {
      entityType: 'application',
      entityId: c.deal.applicationId,
      action: 'returned_to_negotiation',
      fromStatus: ApplicationStatus.AgreementDrafted,
      toStatus: ApplicationStatus.Recommended,
      actorUserId: user.id,
      reason: text,
      rule,
      data: { dealId: c.deal.id, ...data },
    });
  }

  /**
   * Staff find the draft agreement not fit for notice (e.g. IP ownership or benefit sharing not fixed, 004 §14)
   * and send it back to negotiation with a reason. 409 `ILLEGAL_TRANSITION` unless `agreement_review`.
   */
  returnAgreement(user: CurrentUser, id: string, reason: string): Promise<DealDto> {
    return this.writer.write(user, id, async (em, c) => {
      need(c, 'staff', '退回协议');
      const t = transition(c.deal, 'returnAgreement', '退回协议');
      await this.returnToNegotiation(em, c, user, t, 'agreement_returned', reason.trim(), {});
      await this.writer.notifyParties(em, c.deal, '揭榜协议被退回,请继续洽谈', reason.trim());
    });
  }
}
