/**
 * Money display with exact integer arithmetic: amounts are integer fen (分) and are shown in 万元
 * (1 万元 = 1 000 000 分), via the shared `fenToWan` (BigInt). No floating point is ever involved.
 */
import { fenToWan, fenToYuan } from '@jiebang/contracts';

/** Parses an integer fen amount given as number, bigint or decimal string; `null` if not an exact integer. */
export function parseFen(value: number | string | bigint | null | undefined): bigint | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : null;
  const s = value.trim();
  return /^-?\d+$/.test(s) ? BigInt(s) : null;
}

/** Formats fen as `"<n> 万元"`, e.g. `2152000000` → `"2152 万元"`; `null` when the amount is unknown. */
export function formatFenAsWan(value: number | string | bigint | null | undefined): string | null {
  const fen = parseFen(value);
  return fen === null ? null : `${fenToWan(fen)} 万元`;
}

/** Groups the integer part of a decimal string with thousands separators (`1234567.5` → `1,234,567.5`). */
export function groupThousands(decimal: string): string {
  const [int, frac] = decimal.split('.');
  const neg = int.startsWith('-');
  const digits = neg ? int.slice(1) : int;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}${grouped}${frac !== undefined ? `.${frac}` : ''}`;
}

/** Fen (bigint or integer string) as `1,234,567.00 元`, exact. */
export function formatFenYuan(fen: bigint | string): string {
  return `${groupThousands(fenToYuan(fen))} 元`;
}

/**
 * The unit a kind of screen speaks (issue 16 item 17): 万元 where the seed's forms ask for 万元 (the listing's 征集表
 * `004` annex 1, the application's 申报经费), 元 where contracts and payments are written (offers, the 揭榜协议,
 * the deal, its notice and its money).
 */
export type MoneyScreen = 'listing' | 'application' | 'offer' | 'deal';

/** 万元 or 元: the primary unit of a kind of screen. */
export const SCREEN_UNIT: Record<MoneyScreen, '万元' | '元'> = {
  listing: '万元',
  application: '万元',
  offer: '元',
  deal: '元',
};

/**
 * The one money text of the web (issue 16 item 17): fen in the screen's unit with the other unit in brackets,
 * exact — `formatMoney(3000000000n, 'application')` → `3000 万元(30,000,000.00 元)`, `formatMoney('123456', 'offer')`
 * → `1,234.56 元(0.123456 万元)`. `null` when the amount is unknown or not an integer of fen.
 */
export function formatMoney(value: number | string | bigint | null | undefined, screen: MoneyScreen): string | null {
  const fen = parseFen(value);
  if (fen === null) return null;
  const wan = `${fenToWan(fen)} 万元`;
  const yuan = formatFenYuan(fen);
  return SCREEN_UNIT[screen] === '万元' ? `${wan}(${yuan})` : `${yuan}(${wan})`;
}
