/**
 * Pure helpers of the negotiation room: merging messages by `seq` and offers by version (a new open version
 * supersedes the older open one), exact yuan arithmetic for offers (BigInt fen, never floats, amounts checked
 * with the contract's `YUAN_PATTERN`), labels of offer and room statuses, and the Chinese text of socket refusals.
 */
import {
  ErrorCode,
  ERROR_MESSAGES,
  isErrorCode,
  YUAN_PATTERN,
  yuanToFen,
  type MessageDto,
  type NegotiationDto,
  type NegotiationStatus,
  type OfferDto,
  type OfferStatus,
} from '@jiebang/contracts';
import { DURATIONS } from '@jiebang/policy';
import { hasChinese, withoutRuleRefs } from '../../../shared/lib/apiErrors';
import { formatFenYuan } from '../../../shared/lib/money';
import { ruleWords } from '../../../shared/lib/rules';

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

/**
 * `offers` with `offer` inserted or replaced, ordered by version. The server announces a counter-offer (a new
 * open version) but not the supersession of the version it answers, so an older open version becomes
 * `superseded` here, as it is on the server: the panel's current version is always the one that can be answered.
 */
export function applyOffer(offers: OfferDto[], offer: OfferDto): OfferDto[] {
  const others = offers
    .filter((o) => o.id !== offer.id)
    .map((o) =>
      offer.status === 'open' && o.status === 'open' && o.version < offer.version
        ? { ...o, status: 'superseded' as const }
        : o,
    );
  return [...others, offer].sort((a, b) => a.version - b.version);
}

/** The version the panel shows: the open one (the newest if several), else the latest. */
export function currentOffer(offers: OfferDto[]): OfferDto | undefined {
  const open = offers.filter((o) => o.status === 'open');
  return open[open.length - 1] ?? offers[offers.length - 1];
}

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

/** Fen (bigint or integer string) as `1,234,567.00 元` (the web's one formatter, `shared/lib/money`). */
export { formatFenYuan };

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

/** Longest duration of an offer by listing kind (the policy's implementation periods, seed `004 §15`). */
export function maxDurationMonths(kind: NegotiationDto['kind']): number {
  return kind === 'challenge' ? DURATIONS.challengeImplementation.months : DURATIONS.achievementImplementation.months;
}

/** The implementation-period rule in words (for the duration field's hint). */
export const DURATION_RULE_TEXT = ruleWords(DURATIONS.challengeImplementation.rule) ?? '';

/** Codes the web itself gives a socket call that got no answer (never sent by the server). */
export const ClientCode = {
  TIMEOUT: 'TIMEOUT',
  DISCONNECTED: 'DISCONNECTED',
  CONNECT_FAILED: 'CONNECT_FAILED',
} as const;

/** Chinese text of the client codes. */
const CLIENT_CODE_TEXT: Record<string, string> = {
  [ClientCode.TIMEOUT]: '服务器未及时响应，请重试',
  [ClientCode.DISCONNECTED]: '连接已断开，请稍后重试',
  [ClientCode.CONNECT_FAILED]: '无法连接洽谈室，请检查网络后重试',
};

/** The HTTP-like status of a socket refusal (so that forms and results treat it like an HTTP error). */
export function refusalStatus(code: string): number {
  if (code === ErrorCode.FORBIDDEN || code === ErrorCode.NOT_A_MEMBER || code === ErrorCode.NOT_A_PARTY) return 403;
  if (code === ErrorCode.NOT_FOUND) return 404;
  if (code === ErrorCode.NEGOTIATION_NOT_OPEN || code === ErrorCode.OFFER_NOT_OPEN) return 409;
  return code.startsWith('OFFER_') || code === ErrorCode.OWN_OFFER ? 422 : 0;
}

/**
 * User-facing text of a refused acknowledgement: the server's Chinese message, else the contract's message of the
 * code — never the code or a seed number; a cited rule is named in words.
 */
export function refusalText(code: string, message: string | undefined, rule?: string): string {
  const own =
    message && hasChinese(message)
      ? message
      : (CLIENT_CODE_TEXT[code] ?? (isErrorCode(code) ? ERROR_MESSAGES[code] : '操作失败，请稍后重试'));
  const text = withoutRuleRefs(own) || '操作失败，请稍后重试';
  const words = ruleWords(rule);
  return words && !text.includes(words) ? `${text}(依据${words})` : text;
}
