import { HttpStatus, Injectable } from '@nestjs/common';
import dayjs from 'dayjs';
import { CurrentUser, DealDto, DealStatus, OfferTerms } from '@jiebang/contracts';
import { ListingIndexerService } from '../search/listing-indexer.service';
import { DealWriter } from './deal-writer';
import { attachmentOf, DEAL_RULES, isDate, need, refuse, toFen, transition } from './deal-common';
import { DealEntity, MilestoneEntity } from './deal.entity';

/** A milestone made from one installment of the agreement's payment schedule (amount in fen). */
export interface PlannedMilestone {
  seq: number;
  title: string;
  dueOn: string;
  amountFen: string;
}

/** The milestones of a signed deal: one per installment of the agreed schedule, in order (004 §13). */
export function milestonesOf(schedule: OfferTerms['schedule'] | undefined): PlannedMilestone[] {
  return (schedule ?? []).map((s, i) => ({
    seq: i + 1,
    title: `第 ${i + 1} 期节点(协议约定 ${s.dueDate} 前)`,
    dueOn: s.dueDate,
    amountFen: toFen(s.amountYuan).toString(),
  }));
}

/** The planned end (`YYYY-MM-DD`): the signing date plus the agreed duration in months (≤ 36 / 24, 004 §15). */
export function plannedEndOf(signedOn: string, durationMonths: number): string {
  return dayjs(signedOn).add(durationMonths, 'month').format('YYYY-MM-DD');
}

/**
 * Why the deal cannot be signed yet, or `null`: the notice still runs (it must end first, at 24:00 Beijing
 * time of its last day) or an objection froze it (seed `004 §9(七)`: 公示无异议方可签约).
 */
export function noticeNotOver(deal: Pick<DealEntity, 'status' | 'noticeLastDay'>): string | null {
  if (deal.status === DealStatus.Frozen) return '公示期内有未处理的异议,不能签约';
  if (deal.status === DealStatus.OnNotice) return `公示期至 ${deal.noticeLastDay} 24:00 方满,不能提前签约`;
  return null;
}

/**
 * Signing (seed `004 §9(七)`: 签订揭榜协议及任务书): after a notice without objection, staff record the signed
 * agreement and task book; the deal starts. Writes go through `DealWriter.write`.
 */
@Injectable()
export class DealSigningService {
  constructor(
    private readonly writer: DealWriter,
    private readonly indexer: ListingIndexerService,
  ) {}

  /**
   * Staff record the signed 揭榜协议 (技术合同, with its registration number) and the 任务书 after a notice
   * without objection: the deal becomes `in_progress`, its milestones are made from the agreement's payment
   * schedule, and the planned end is the signing date plus the agreed duration (≤ 36 / 24 months, 004 §15).
   * Once committed, the listing is reindexed: the board shows it 已揭榜 with its 揭榜结果 (issue 16 item 11).
   */
  async sign(
    user: CurrentUser,
    id: string,
    dto: {
      contractRegistrationNo: string;
      taskBookNo: string;
      signedOn: string;
      agreementAttachmentId: string;
      taskBookAttachmentId: string;
      totalRdInvestmentYuan?: string;
    },
  ): Promise<DealDto> {
    const deal = await this.writer.write(user, id, async (em, c) => {
      need(c, 'staff', '登记签约');
      const early = noticeNotOver(c.deal);
      if (early) throw refuse('NOTICE_NOT_OVER', early, DEAL_RULES.signing, HttpStatus.CONFLICT);
      const t = transition(c.deal, 'sign', '登记签约');
      if (!isDate(dto.signedOn)) throw refuse('INVALID_DATE', '签约日期无效', undefined, HttpStatus.BAD_REQUEST);
      await attachmentOf(em, id, dto.agreementAttachmentId, 'agreement');
      await attachmentOf(em, id, dto.taskBookAttachmentId, 'task_book');
      const rd = dto.totalRdInvestmentYuan ? toFen(dto.totalRdInvestmentYuan) : BigInt(c.deal.amountFen);
      const ms = em.getRepository(MilestoneEntity);
      for (const m of milestonesOf(c.deal.terms.schedule)) await ms.insert({ dealId: id, ...m, status: 'pending' });
      const plannedEndOn = plannedEndOf(dto.signedOn, c.deal.terms.durationMonths);
      await this.writer.move(
        em,
        c,
        user,
        t,
        'signed',
        null,
        {
          contractRegistrationNo: dto.contractRegistrationNo.trim(),
          taskBookNo: dto.taskBookNo.trim(),
          signedOn: dto.signedOn,
          agreementAttachmentId: dto.agreementAttachmentId,
          taskBookAttachmentId: dto.taskBookAttachmentId,
          totalRdInvestmentFen: rd.toString(),
          plannedEndOn,
        },
        {
          contractRegistrationNo: dto.contractRegistrationNo.trim(),
          taskBookNo: dto.taskBookNo.trim(),
          signedOn: dto.signedOn,
          plannedEndOn,
          totalRdInvestmentFen: rd.toString(),
        },
      );
      await this.writer.notifyParties(
        em,
        c.deal,
        '揭榜协议已签订',
        `技术合同登记编号 ${dto.contractRegistrationNo.trim()}`,
      );
    });
    await this.indexer.enqueueIndex({ id: deal.listingId, updatedAt: new Date() });
    return deal;
  }
}
