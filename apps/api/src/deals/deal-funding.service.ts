import { HttpStatus, Injectable } from '@nestjs/common';
import { CurrentUser, DealDto, fenToYuan } from '@jiebang/contracts';
import { payerOf } from '@jiebang/policy';
import { NotFoundError } from '../common/domain-error';
import { normalText, replayOf } from '../common/idempotency';
import { allow, attachmentOf, DEAL_RULES, isDate, need, reasonMissing, refuse, toFen, UUID } from './deal-common';
import { DealWriter } from './deal-writer';
import { FundingInstallmentEntity } from './deal.entity';

/**
 * Why an installment of `amountFen` cannot be recorded when `recordedFen` (recorded or confirmed, not rejected)
 * is already on the books against the agreed `agreedFen`, or `null` (004 §10: funds in place under the
 * agreement, never more than it).
 */
export function installmentExcess(recordedFen: bigint, amountFen: bigint, agreedFen: bigint): string | null {
  if (recordedFen + amountFen <= agreedFen) return null;
  return `已登记 ${fenToYuan(recordedFen)} 元,本次 ${fenToYuan(amountFen)} 元,合计超过协议金额 ${fenToYuan(agreedFen)} 元`;
}

/** What makes two requests under one idempotency key the same installment (amount in fen). */
export function installmentContent(
  by: string,
  fen: bigint,
  paidOn: string,
  voucher: string,
  note: string | null | undefined,
) {
  return { by, amountFen: fen.toString(), paidOn, voucherAttachmentId: voucher, note: normalText(note) };
}

/**
 * Funding in place (资金到位, seed `004 §10`; RULEBOOK §5): the paying side records the installments it paid
 * under the agreement with their vouchers, staff confirm or reject each against its voucher. Writes go through
 * `DealWriter.write`.
 */
@Injectable()
export class DealFundingService {
  constructor(private readonly writer: DealWriter) {}

  /**
   * The paying side (`payerOf`: the demand side, 004 §10) records an installment paid under the agreement, with
   * its voucher. Idempotent by `idempotencyKey` (`replayOf`): a retry with the same key and the same content
   * (amount in fen, paid-on date, voucher, note, recorder) returns the deal unchanged; the same key with different
   * content is 409 `IDEMPOTENCY_KEY_REUSED` and writes nothing. 422 `INSTALLMENT_EXCEEDS_AGREEMENT` when recorded
   * installments would exceed the agreed amount.
   */
  recordInstallment(
    user: CurrentUser,
    id: string,
    dto: { idempotencyKey: string; amountYuan: string; paidOn: string; voucherAttachmentId: string; note?: string },
  ): Promise<DealDto> {
    return this.writer.write(user, id, async (em, c) => {
      need(c, payerOf(c.deal.kind), '登记拨付资金(需求方出资)');
      const amount = toFen(dto.amountYuan);
      const repo = em.getRepository(FundingInstallmentEntity);
      const dup = await repo.findOne({ where: { dealId: id, idempotencyKey: dto.idempotencyKey } });
      if (
        replayOf(
          dup &&
            installmentContent(dup.recordedBy, BigInt(dup.amountFen), dup.paidOn, dup.voucherAttachmentId, dup.note),
          installmentContent(user.id, amount, dto.paidOn, dto.voucherAttachmentId, dto.note),
          '拨付记录',
        )
      )
        return;
      allow(c.deal, 'recordInstallment', '登记拨付资金');
      if (amount <= 0n)
        throw refuse('INVALID_AMOUNT', '拨付金额必须大于 0', DEAL_RULES.funding, HttpStatus.BAD_REQUEST);
      if (!isDate(dto.paidOn)) throw refuse('INVALID_DATE', '拨付日期无效', undefined, HttpStatus.BAD_REQUEST);
      await attachmentOf(em, id, dto.voucherAttachmentId, 'voucher');
      const [{ sum }] = await em.query(
        `SELECT coalesce(sum(amount_fen), 0)::text AS sum FROM funding_installment
         WHERE deal_id = $1 AND status <> 'rejected'`,
        [id],
      );
      const excess = installmentExcess(BigInt(sum), amount, BigInt(c.deal.amountFen));
      if (excess) throw refuse('INSTALLMENT_EXCEEDS_AGREEMENT', excess, DEAL_RULES.funding);
      const [{ seq }] = await em.query(
        `SELECT coalesce(max(seq), 0) + 1 AS seq FROM funding_installment WHERE deal_id = $1`,
        [id],
      );
      const saved = await repo.save(
        repo.create({
          dealId: id,
          seq: Number(seq),
          idempotencyKey: dto.idempotencyKey,
          amountFen: amount.toString(),
          paidOn: dto.paidOn,
          voucherAttachmentId: dto.voucherAttachmentId,
          status: 'recorded',
          note: dto.note?.trim() || null,
          reviewNote: null,
          recordedBy: user.id,
          reviewedBy: null,
          reviewedAt: null,
        }),
      );
      await this.writer.record(em, c, user, 'installment_recorded', DEAL_RULES.funding, {
        installmentId: saved.id,
        seq: saved.seq,
        amountFen: saved.amountFen,
        paidOn: saved.paidOn,
        voucherAttachmentId: saved.voucherAttachmentId,
      });
      await this.writer.enterQueue(em, 'installmentConfirmation', saved.id, user);
    });
  }

  /** Staff confirm or reject a recorded installment against its voucher; only confirmed ones count as received. */
  reviewInstallment(
    user: CurrentUser,
    id: string,
    installmentId: string,
    decision: 'confirm' | 'reject',
    note?: string,
  ): Promise<DealDto> {
    return this.writer.write(user, id, async (em, c) => {
      need(c, 'staff', '核验资金到位');
      if (!UUID.test(installmentId)) throw new NotFoundError('拨付记录', installmentId);
      const repo = em.getRepository(FundingInstallmentEntity);
      const i = await repo.findOne({ where: { id: installmentId, dealId: id } });
      if (!i) throw new NotFoundError('拨付记录', installmentId);
      if (i.status !== 'recorded')
        throw refuse('INSTALLMENT_REVIEWED', '该笔拨付已核验', DEAL_RULES.funding, HttpStatus.CONFLICT);
      if (reasonMissing(decision, note, 'reject'))
        throw refuse(
          'REASON_REQUIRED',
          '退回拨付记录须说明理由(如凭证与金额不符)',
          DEAL_RULES.funding,
          HttpStatus.BAD_REQUEST,
        );
      const status = decision === 'confirm' ? 'confirmed' : 'rejected';
      await repo.update(
        { id: i.id },
        { status, reviewNote: note?.trim() || null, reviewedBy: user.id, reviewedAt: new Date() },
      );
      await this.writer.record(
        em,
        c,
        user,
        decision === 'confirm' ? 'installment_confirmed' : 'installment_rejected',
        DEAL_RULES.funding,
        { installmentId: i.id, seq: i.seq, amountFen: i.amountFen, voucherAttachmentId: i.voucherAttachmentId },
        note?.trim() || null,
      );
    });
  }
}
