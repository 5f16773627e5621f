/**
 * Exact money conversions (RULEBOOK §5): storage in fen (integer, `bigint`), forms in 万元, API in yuan with
 * two decimals. 1 万元 = 10,000 yuan = 1,000,000 fen. No binary floating point is ever used on amounts.
 */

/** Fen per 万元. */
export const FEN_PER_WAN = 1_000_000n;
/** Fen per yuan. */
export const FEN_PER_YUAN = 100n;

/** Thrown for an amount that is not a non-negative decimal with at most the allowed fraction digits. */
export class MoneyFormatError extends Error {
  constructor(
    readonly input: string,
    readonly unit: '万元' | '元',
  ) {
    super(`金额格式不正确: "${input}"(单位${unit},最多${unit === '万元' ? 6 : 2}位小数,不能为负)`);
    this.name = 'MoneyFormatError';
  }
}

function decimalToScaled(input: string | number, digits: number, unit: '万元' | '元'): bigint {
  // A JSON number prints exactly (2152, 12.5); exponent forms (1e21) fail the pattern and are refused.
  const s = typeof input === 'number' ? String(input) : input.trim();
  const m = /^(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m || (m[2] ?? '').length > digits) throw new MoneyFormatError(String(input), unit);
  const frac = (m[2] ?? '').padEnd(digits, '0');
  return BigInt(m[1]) * 10n ** BigInt(digits) + BigInt(frac || '0');
}

/**
 * 万元 → fen, exact. Accepts a decimal string or a JSON number with at most 6 fraction digits
 * (`"2152"` → `2152000000n`, `"0.000001"` → `1n`).
 * @throws MoneyFormatError for negatives, exponents, or more than 6 fraction digits.
 */
export function wanToFen(wan: string | number): bigint {
  return decimalToScaled(wan, 6, '万元');
}

/**
 * Yuan → fen, exact (`"1234.56"` → `123456n`).
 * @throws MoneyFormatError for negatives, exponents, or more than 2 fraction digits.
 */
export function yuanToFen(yuan: string | number): bigint {
  return decimalToScaled(yuan, 2, '元');
}

function scaledToDecimal(fen: bigint, digits: number): string {
  const neg = fen < 0n;
  const abs = neg ? -fen : fen;
  const base = 10n ** BigInt(digits);
  const int = abs / base;
  const frac = (abs % base).toString().padStart(digits, '0').replace(/0+$/, '');
  return `${neg ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}

/** fen → 万元 as a plain decimal string without trailing zeros (`2152000000n` → `"2152"`). */
export function fenToWan(fen: bigint | string): string {
  return scaledToDecimal(BigInt(fen), 6);
}

/** fen → yuan with exactly two decimals (`123456n` → `"1234.56"`). */
export function fenToYuan(fen: bigint | string): string {
  const f = BigInt(fen);
  const neg = f < 0n;
  const abs = neg ? -f : f;
  return `${neg ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}
