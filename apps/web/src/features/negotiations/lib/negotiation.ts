/**
 * Pure helpers of the negotiation room: merging messages by `seq`, exact yuan arithmetic for offers (BigInt
 * fen, never floats), labels of offer and room statuses, and the Chinese text of socket refusals.
 */
import {
  fenToYuan,
  yuanToFen,
  type MessageDto,
  type NegotiationDto,
  type NegotiationStatus,
  type OfferStatus,
} from '@jiebang/contracts';

/** Merges `incoming` into `current` by `seq`: one message per seq (the incoming one wins), ascending. */
export function mergeMessages(current: MessageDto[], incoming: MessageDto[]): MessageDto[] {
  if (incoming.length === 0) return current;
  const bySeq = new Map<number, MessageDto>();
  for (const m of current) bySeq.set(m.seq, m);
  for (const m of incoming) bySeq.set(m.seq, m);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/** Highest seq of `messages` (0 for none). */
export function maxSeq(messages: MessageDto[]): number {
  return messages.reduce((max, m) => (m.seq > max ? m.seq : max), 0);
}

/** A yuan amount as typed in a form: digits with at most two decimals. */
export const YUAN_PATTERN = /^\d+(\.\d{1,2})?$/;

/** Exact fen of a yuan decimal string, or `null` when it is not a valid amount. */
export function yuanFen(value: string | null | undefined): bigint | null {
  const s = (value ?? '').trim();
  if (!YUAN_PATTERN.test(s)) return null;
  try {
    return yuanToFen(s);
  } catch {
    return null;
  }
}

/** Sum in fen of yuan decimal strings; `invalid` counts the entries that are not valid amounts. */
export function sumYuan(values: (string | null | undefined)[]): { fen: bigint; invalid: number } {
  let fen = 0n;
  let invalid = 0;
  for (const v of values) {
    const f = yuanFen(v);
    if (f === null) invalid += 1;
    else fen += f;
  }
  return { fen, invalid };
}

/** Groups the integer part of a decimal string with thousands separators (`1234567.5` → `1,234,567.5`). */
function groupThousands(decimal: string): string {
  const [int, frac] = decimal.split('.');
  const neg = int.startsWith('-');
  const digits = neg ? int.slice(1) : int;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}${grouped}${frac !== undefined ? `.${frac}` : ''}`;
}

/** Fen (bigint or integer string) as `1,234,567.00 元`. */
export function formatFenYuan(fen: bigint | string): string {
  return `${groupThousands(fenToYuan(fen))} 元`;
}

/** A yuan decimal string as `1,234,567.00 元` (the text itself when it is not a valid amount). */
export function formatYuan(value: string): string {
  const fen = yuanFen(value);
  return fen === null ? `${value} 元` : formatFenYuan(fen);
}

/** Labels and tag colours of offer statuses. */
export const OFFER_STATUS_META: Record<OfferStatus, { label: string; color: string }> = {
  open: { label: '待答复', color: 'processing' },
  accepted: { label: '已接受', color: 'success' },
  rejected: { label: '已拒绝', color: 'error' },
  superseded: { label: '已被还价取代', color: 'default' },
};

/** Labels and tag colours of room statuses. */
export const NEGOTIATION_STATUS_META: Record<NegotiationStatus, { label: string; color: string }> = {
  open: { label: '洽谈中', color: 'processing' },
  paused: { label: '已暂停', color: 'warning' },
  closed: { label: '已关闭', color: 'default' },
};

/** Side labels. */
export const SIDE_LABELS: Record<'poster' | 'applicant', string> = { poster: '发榜方', applicant: '揭榜方' };

/** Longest duration of an offer by listing kind (seed `004 §15`). */
export function maxDurationMonths(kind: NegotiationDto['kind']): number {
  return kind === 'challenge' ? 36 : 24;
}

/** Chinese text of the refusal codes of socket acknowledgements (the server's Chinese message wins). */
const CODE_TEXT: Record<string, string> = {
  OFFER_INVALID: '报价内容不完整或格式不正确',
  OFFER_SCHEDULE_MISMATCH: '分期付款金额之和必须等于报价总额',
  OFFER_DURATION_EXCEEDED: '合作期限超过上限(揭榜挂帅不超过36个月，成果转化不超过24个月，依据 004 §15)',
  FORBIDDEN: '无权进行此操作',
  NOT_FOUND: '洽谈不存在或已被删除',
  NEGOTIATION_CLOSED: '洽谈已关闭',
  NEGOTIATION_PAUSED: '洽谈已暂停',
  TIMEOUT: '服务器未及时响应，请重试',
  DISCONNECTED: '连接已断开，请稍后重试',
};

/** User-facing text of a refused acknowledgement. */
export function refusalText(code: string, message: string | undefined, rule?: string): string {
  const fromServer = message && /[\u3400-\u9fff]/.test(message) ? message : undefined;
  const text = fromServer ?? CODE_TEXT[code] ?? message ?? '操作失败，请稍后重试';
  return rule && !text.includes(rule) ? `${text}(依据 ${rule})` : text;
}
