/**
 * Offer terms of a negotiation (seed `004 §9(六)`, `§14`, `§15`): their validation, their normalised content for
 * idempotent retries (`replayOf`), and the `OfferDto` of a stored offer. Pure functions, no database access.
 */
import { HttpStatus } from '@nestjs/common';
import { DEAL_FORMS, ErrorCode, OfferDto, OfferTerms, yuanToFen } from '@jiebang/contracts';
import { MAX_DURATION_MONTHS } from '@jiebang/policy';
import { DomainError } from '../common/domain-error';
import { IdempotentContent, normalText } from '../common/idempotency';
import { OfferEntity } from './negotiation.entity';

function refuse(code: ErrorCode, message: string, rule?: string): DomainError {
  return new DomainError(HttpStatus.UNPROCESSABLE_ENTITY, code, message, rule);
}

/** The `OfferDto` of a stored offer (terms with the amount in fen). */
export function toOffer(o: OfferEntity): OfferDto {
  return {
    id: o.id,
    negotiationId: o.negotiationId,
    version: o.version,
    side: o.side,
    proposedByUserId: o.proposedBy,
    terms: { ...o.terms, amountFen: o.amountFen },
    status: o.status,
    acceptedByPoster: o.acceptedByPoster,
    acceptedByApplicant: o.acceptedByApplicant,
    reason: o.reason,
    createdAt: o.createdAt.toISOString(),
  };
}

/**
 * Validates offer terms and returns the amount in fen: a deal form of `DEAL_FORMS`, the amount in yuan (at most
 * two decimals, above 0), a schedule of `YYYY-MM-DD` installments in yuan summing to the amount, a duration of
 * 1–`MAX_DURATION_MONTHS[kind]` months (`004 §15`), the IP ownership and benefit sharing written (`004 §14`).
 * @throws DomainError 422 `OFFER_INVALID`, `OFFER_SCHEDULE_MISMATCH`, `OFFER_DURATION_EXCEEDED`.
 */
export function validateOfferTerms(terms: OfferTerms, kind: 'challenge' | 'achievement'): bigint {
  if (!terms || !DEAL_FORMS.includes(terms.dealForm))
    throw refuse('OFFER_INVALID', '请选择合作方式(技术转让、许可、作价投资、开发或服务)');
  let amount: bigint;
  try {
    amount = yuanToFen(terms.amountYuan);
  } catch {
    throw refuse('OFFER_INVALID', '金额应为元,最多两位小数');
  }
  if (amount <= 0n) throw refuse('OFFER_INVALID', '金额应大于0');
  if (!Array.isArray(terms.schedule) || !terms.schedule.length) throw refuse('OFFER_INVALID', '请填写付款计划');
  let sum = 0n;
  for (const i of terms.schedule) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(i.dueDate ?? '')) throw refuse('OFFER_INVALID', '付款日期应为 YYYY-MM-DD');
    try {
      sum += yuanToFen(i.amountYuan);
    } catch {
      throw refuse('OFFER_INVALID', '分期金额应为元,最多两位小数');
    }
  }
  if (sum !== amount) throw refuse('OFFER_SCHEDULE_MISMATCH', '分期付款合计应等于总金额');
  const max = MAX_DURATION_MONTHS[kind];
  if (!Number.isInteger(terms.durationMonths) || terms.durationMonths < 1 || terms.durationMonths > max) {
    throw refuse('OFFER_DURATION_EXCEEDED', `实施期限应为1-${max}个月`, '004 §15');
  }
  if (!terms.ipOwnership?.trim() || !terms.benefitSharing?.trim()) {
    throw refuse('OFFER_INVALID', '请写明知识产权归属和收益分配', '004 §14');
  }
  return amount;
}

/** Yuan as fen for comparison; a malformed amount as written (it then differs from any stored one). */
function fenOrRaw(yuan: unknown): string {
  try {
    return yuanToFen(String(yuan)).toString();
  } catch {
    return `raw:${String(yuan)}`;
  }
}

/** Trimmed text (`null` when empty); anything else as written. */
function textOrRaw(v: unknown): string | null {
  return typeof v === 'string' || v == null ? normalText(v) : `raw:${String(v)}`;
}

/** The normalised content of offer terms, as `replayOf` compares them (stored terms and a retry's alike). */
export function offerContent(t: OfferTerms): IdempotentContent {
  const schedule: IdempotentContent = {};
  (Array.isArray(t?.schedule) ? t.schedule : []).forEach((i, n) => {
    schedule[String(n)] = { dueDate: String(i?.dueDate ?? ''), amountFen: fenOrRaw(i?.amountYuan) };
  });
  return {
    dealForm: String(t?.dealForm ?? ''),
    amountFen: fenOrRaw(t?.amountYuan),
    schedule,
    ipOwnership: textOrRaw(t?.ipOwnership),
    benefitSharing: textOrRaw(t?.benefitSharing),
    durationMonths: Number(t?.durationMonths),
  };
}
