/**
 * Money display with exact integer arithmetic: amounts are integer fen (分) and are shown in 万元
 * (1 万元 = 1 000 000 分), via the shared `fenToWan` (BigInt). No floating point is ever involved.
 */
import { fenToWan } from '@jiebang/contracts';

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
