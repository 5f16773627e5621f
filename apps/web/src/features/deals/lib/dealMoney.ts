/**
 * Exact money texts of the deal pages: fen (integer string or BigInt, never floating point) as 元 / 万元 texts,
 * sums, and the antd rules and hints of a 元 input.
 */
import { YUAN_PATTERN, yuanToFen } from '@jiebang/contracts';
import { formatFenAsWan, formatFenYuan, formatMoney } from '../../../shared/lib/money';

/** Exact fen of a yuan text (the contract's `YUAN_PATTERN`: ≤ 13 integer digits, ≤ 2 decimals), or `null`. */
function yuanFen(value: string): bigint | null {
  if (!YUAN_PATTERN.test(value)) return null;
  try {
    return yuanToFen(value);
  } catch {
    return null;
  }
}

// ---- Money ----

/** Fen (integer string or bigint) as `1,234,567.00 元`. */
export function moneyYuan(fen: string | bigint | null | undefined): string {
  if (fen === null || fen === undefined || fen === '') return '—';
  try {
    return formatFenYuan(BigInt(fen));
  } catch {
    return String(fen);
  }
}

/** Fen as `123.4567 万元` (exact, no trailing zeros). */
export function moneyWan(fen: string | bigint | null | undefined): string {
  if (fen === null || fen === undefined || fen === '') return '—';
  return formatFenAsWan(fen) ?? String(fen);
}

/** Fen as `1,234,567.00 元(123.4567 万元)`: a deal screen's unit (`formatMoney(fen, 'deal')`, issue 16 item 17). */
export function moneyText(fen: string | bigint | null | undefined): string {
  if (fen === null || fen === undefined || fen === '') return '—';
  return formatMoney(fen, 'deal') ?? String(fen);
}

/** Fen in the shortest exact form for tight places: 万元 from 1 万元 up, yuan below. */
export function moneyShort(fen: string | bigint | null | undefined): string {
  if (fen === null || fen === undefined || fen === '') return '—';
  try {
    const f = BigInt(fen);
    return f >= 1_000_000n || f <= -1_000_000n ? moneyWan(f) : moneyYuan(f);
  } catch {
    return String(fen);
  }
}

/** Sum of fen strings, exact. */
export function sumFen(values: (string | null | undefined)[]): bigint {
  return values.reduce<bigint>((sum, v) => {
    if (!v || !/^-?\d+$/.test(v)) return sum;
    return sum + BigInt(v);
  }, 0n);
}

/** The yuan the user typed, trimmed, when it is a valid amount (≤ 2 decimals, ≤ 13 integer digits). */
export function validYuan(value: string | null | undefined): string | null {
  const s = (value ?? '').trim();
  return yuanFen(s) === null ? null : s;
}

/** Form rules of a yuan input (`required`: must be filled; `positive`: must be > 0). */
export function yuanRules(opts: { required?: boolean; positive?: boolean } = {}) {
  return [
    ...(opts.required ? [{ required: true, whitespace: true, message: '请填写金额' }] : []),
    {
      validator: (_: unknown, value: string | undefined) => {
        const s = (value ?? '').trim();
        if (!s) return Promise.resolve();
        if (/^\d{14,}(\.\d*)?$/.test(s)) return Promise.reject(new Error('金额过大'));
        if (!YUAN_PATTERN.test(s))
          return Promise.reject(new Error('请输入以“元”为单位的金额，最多两位小数，如 1234.56'));
        if (opts.positive && yuanFen(s) === 0n) return Promise.reject(new Error('金额须大于 0'));
        return Promise.resolve();
      },
    },
  ];
}

/** Exact fen of a yuan text typed in a form, for previews (`null` when not a valid amount). */
export function typedFen(value: unknown): bigint | null {
  return typeof value === 'string' ? yuanFen(validYuan(value) ?? '') : null;
}

/** A live hint under a yuan input: the amount in 万元 (exact), or nothing when not a valid amount. */
export function yuanHint(value: string | null | undefined): string | undefined {
  const s = validYuan(value);
  if (s === null) return undefined;
  const fen = yuanFen(s);
  return fen === null ? undefined : `即 ${moneyText(fen)}`;
}
