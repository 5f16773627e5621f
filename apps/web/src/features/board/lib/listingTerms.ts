/**
 * What a listing announces besides its 征集表 (issue 16 item 16): the amount on offer, the application deadline,
 * the forms of co-operation and a contact — their labels and how the board, the detail page and the posting
 * form show them. Amounts are integer fen, shown in 万元 exactly (`formatFenAsWan`).
 */
import { COOPERATION_FORM_LABELS, ListingKind, type CooperationForm } from '@jiebang/contracts';
import { formatFenAsWan } from '../../../shared/lib/money';

/** Labels of the listing terms. */
export const LISTING_TERM_LABELS = {
  applyDeadline: '揭榜截止',
  cooperationForms: '合作方式',
  contactName: '联系人',
  contactPhone: '联系电话',
  contactEmail: '联系邮箱',
} as const;

/** The amount's name: 榜额 of a 技术攻关 listing, 意向转让价格 of a 成果转化 one. */
export function offerAmountLabel(kind: ListingKind): string {
  return kind === ListingKind.Challenge ? '榜额' : '意向转让价格';
}

/** `榜额 500 万元` / `意向转让价格 120.5 万元`, or null when no amount is stated. */
export function offerAmountText(kind: ListingKind, fen: number | string | null | undefined): string | null {
  const wan = formatFenAsWan(fen);
  return wan ? `${offerAmountLabel(kind)} ${wan}` : null;
}

/** The co-operation forms in words: `转让、许可`. */
export function cooperationFormsText(forms: readonly CooperationForm[] | null | undefined): string {
  return (forms ?? []).map((f) => COOPERATION_FORM_LABELS[f] ?? f).join('、');
}

/**
 * Whether applying is over by the deadline (a Beijing date, inclusive) on `today` (`YYYY-MM-DD`, Beijing): true
 * from the day after the deadline.
 */
export function deadlinePassed(deadline: string | null | undefined, today: string): boolean {
  return !!deadline && today > deadline;
}

/** Today's date in Beijing (`YYYY-MM-DD`), the calendar the deadlines are written in. */
export function beijingToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
