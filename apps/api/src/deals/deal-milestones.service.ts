import { HttpStatus, Injectable } from '@nestjs/common';
import { EntityManager, Not } from 'typeorm';
import { CurrentUser, DealDto } from '@jiebang/contracts';
import { NotFoundError } from '../common/domain-error';
import { allow, attachmentOf, DEAL_RULES, DealCtx, need, reasonMissing, refuse, transition, UUID } from './deal-common';
import { DealWriter } from './deal-writer';
import { AcceptanceOpinionEntity, DealEntity, MilestoneEntity } from './deal.entity';

/** Whether the taker may submit a milestone in this state: not yet submitted, or sent back (004 §13). */
export function milestoneOpen(status: MilestoneEntity['status']): boolean {
  return status === 'pending' || status === 'rejected';
}

/**
 * Implementation, acceptance and benefit (seed `004 §12–§13`): the taker submits each milestone with its
 * evidence and staff sign it off; once all are signed off staff record the experts' opinions and conclude the
 * acceptance (验收); for an achievement transfer staff confirm the expected economic benefit. Writes go through
 * `DealWriter.write`.
 */
@Injectable()
export class DealMilestonesService {
  constructor(private readonly writer: DealWriter) {}

  /** The taker submits a milestone's report and evidence (pending or sent back → submitted). */
  submitMilestone(
    user: CurrentUser,
    id: string,
    milestoneId: string,
    report: string,
    evidenceId: string,
  ): Promise<DealDto> {
    return this.writer.write(user, id, async (em, c) => {
      need(c, 'taker', '提交里程碑成果');
      allow(c.deal, 'submitMilestone', '提交里程碑成果');
      const m = await this.milestone(em, id, milestoneId);
      if (!milestoneOpen(m.status))
        throw refuse('MILESTONE_NOT_OPEN', '该里程碑已提交或已通过', DEAL_RULES.milestone, HttpStatus.CONFLICT);
      await attachmentOf(em, id, evidenceId, 'milestone_evidence');
      await em
        .getRepository(MilestoneEntity)
        .update({ id: m.id }, { status: 'submitted', report: report.trim(), evidenceAttachmentId: evidenceId });
      await this.writer.record(em, c, user, 'milestone_submitted', DEAL_RULES.milestone, {
        milestoneId: m.id,
        seq: m.seq,
        evidenceAttachmentId: evidenceId,
      });
      await this.writer.enterQueue(em, 'milestoneReview', m.id, user);
    });
  }

  /** A staff reviewer signs a submitted milestone off, or sends it back with a note. */
  reviewMilestone(
    user: CurrentUser,
    id: string,
    milestoneId: string,
    decision: 'approve' | 'reject',
    note?: string,
  ): Promise<DealDto> {
    return this.writer.write(user, id, async (em, c) => {
      need(c, 'staff', '审核里程碑');
      const m = await this.milestone(em, id, milestoneId);
      if (m.status !== 'submitted')
        throw refuse('MILESTONE_NOT_SUBMITTED', '该里程碑尚未提交', DEAL_RULES.milestone, HttpStatus.CONFLICT);
      if (reasonMissing(decision, note, 'reject'))
        throw refuse('REASON_REQUIRED', '退回里程碑须说明理由', DEAL_RULES.milestone, HttpStatus.BAD_REQUEST);
      await em.getRepository(MilestoneEntity).update(
        { id: m.id },
        {
          status: decision === 'approve' ? 'approved' : 'rejected',
          reviewNote: note?.trim() || null,
          reviewedBy: user.id,
          reviewedAt: new Date(),
        },
      );
      await this.writer.record(
        em,
        c,
        user,
        decision === 'approve' ? 'milestone_approved' : 'milestone_rejected',
        DEAL_RULES.milestone,
        { milestoneId: m.id, seq: m.seq },
        note?.trim() || null,
      );
    });
  }

  private async milestone(em: EntityManager, dealId: string, milestoneId: string): Promise<MilestoneEntity> {
    const m = UUID.test(milestoneId)
      ? await em.getRepository(MilestoneEntity).findOne({ where: { id: milestoneId, dealId } })
      : null;
    if (!m) throw new NotFoundError('里程碑', milestoneId);
    return m;
  }

  private async milestonesDone(em: EntityManager, c: DealCtx): Promise<void> {
    const open = await em.getRepository(MilestoneEntity).count({
      where: { dealId: c.deal.id, status: Not('approved' as const) },
    });
    if (open)
      throw refuse(
        'MILESTONES_OPEN',
        `尚有 ${open} 个里程碑未通过审核,不能组织验收`,
        DEAL_RULES.acceptance,
        HttpStatus.CONFLICT,
      );
  }

  /** Staff record one expert's acceptance opinion (all milestones must be signed off). */
  addOpinion(
    user: CurrentUser,
    id: string,
    dto: { expertName: string; conclusion: 'pass' | 'fail'; opinion: string },
  ): Promise<DealDto> {
    return this.writer.write(user, id, async (em, c) => {
      need(c, 'staff', '录入验收专家意见');
      allow(c.deal, 'addOpinion', '录入验收意见');
      await this.milestonesDone(em, c);
      const o = await em.getRepository(AcceptanceOpinionEntity).save(
        em.getRepository(AcceptanceOpinionEntity).create({
          dealId: id,
          expertName: dto.expertName.trim(),
          conclusion: dto.conclusion,
          opinion: dto.opinion.trim(),
          recordedBy: user.id,
        }),
      );
      await this.writer.record(em, c, user, 'acceptance_opinion', DEAL_RULES.acceptance, {
        opinionId: o.id,
        expertName: o.expertName,
        conclusion: o.conclusion,
      });
    });
  }

  /** Staff conclude the acceptance (验收): passed → `accepted`, failed → `acceptance_failed`. Needs ≥ 1 opinion. */
  concludeAcceptance(user: CurrentUser, id: string, result: 'passed' | 'failed', note: string): Promise<DealDto> {
    return this.writer.write(user, id, async (em, c) => {
      need(c, 'staff', '作出验收结论');
      const t = transition(c.deal, result === 'passed' ? 'passAcceptance' : 'failAcceptance', '作出验收结论');
      await this.milestonesDone(em, c);
      const n = await em.getRepository(AcceptanceOpinionEntity).count({ where: { dealId: id } });
      if (!n)
        throw refuse(
          'ACCEPTANCE_OPINIONS_REQUIRED',
          '验收结论须以专家意见为依据,请先录入专家意见',
          DEAL_RULES.acceptance,
        );
      await this.writer.move(
        em,
        c,
        user,
        t,
        result === 'passed' ? 'acceptance_passed' : 'acceptance_failed',
        note.trim(),
        { opinions: n },
        { acceptanceStatus: result, acceptanceNote: note.trim() },
      );
      await this.writer.notifyParties(em, c.deal, result === 'passed' ? '项目通过验收' : '项目未通过验收', note.trim());
    });
  }

  /** Staff confirm an achievement transfer's expected economic benefit (004 §12), needed for the post-subsidy. */
  confirmBenefit(user: CurrentUser, id: string, note: string, evidenceId?: string): Promise<DealDto> {
    return this.writer.write(user, id, async (em, c) => {
      need(c, 'staff', '认定经济效益');
      if (c.deal.kind !== 'achievement')
        throw refuse('NOT_APPLICABLE', '经济效益认定仅适用于成果转化类项目(后补助)', DEAL_RULES.benefit);
      allow(c.deal, 'confirmBenefit', '认定经济效益');
      if (c.deal.benefitConfirmedAt)
        throw refuse('BENEFIT_CONFIRMED', '经济效益已认定', DEAL_RULES.benefit, HttpStatus.CONFLICT);
      if (evidenceId) await attachmentOf(em, id, evidenceId, 'benefit');
      const now = new Date();
      await em.getRepository(DealEntity).update({ id }, { benefitConfirmedAt: now, benefitNote: note.trim() });
      c.deal.benefitConfirmedAt = now;
      await this.writer.record(
        em,
        c,
        user,
        'benefit_confirmed',
        DEAL_RULES.benefit,
        { evidenceAttachmentId: evidenceId ?? null },
        note.trim(),
      );
    });
  }
}
