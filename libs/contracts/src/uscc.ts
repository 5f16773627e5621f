/**
 * 统一社会信用代码 (USCC) validation per GB 32100-2015.
 *
 * Structure (18 characters): 1 registration-authority code, 1 organisation-category code, 6 registrar
 * region code (GB/T 2260), 9 organisation code (GB 11714 body + its own check), 1 check character.
 * Character set: digits and upper-case letters without I, O, S, V, Z (31 symbols, values 0–30).
 * Check: weights w_i = 3^(i−1) mod 31 for i = 1..17; C18 = (31 − Σ(v_i·w_i) mod 31) mod 31.
 */

/** The 31-symbol alphabet of GB 32100-2015, index = value. */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Error codes a USCC can fail with; each names the rule it broke. */
export type UsccErrorCode = 'USCC_FORMAT' | 'USCC_CHECKSUM' | 'USCC_CATEGORY';

/** The result of `validateUscc`. */
export type UsccValidation =
  | { valid: true; uscc: string; regionCode: string; inRegion: boolean }
  | { valid: false; code: UsccErrorCode; message: string };

/**
 * Registration authority (char 1) → allowed organisation categories (char 2), GB 32100-2015 annex A.
 * 1 机构编制 (1 机关, 2 事业单位, 3 中央编办直接管理机构编制的群众团体, 9 其他),
 * 5 民政 (1 社会团体, 2 民办非企业单位, 3 基金会, 9 其他),
 * 9 工商 (1 企业, 2 个体工商户, 3 农民专业合作社).
 * Other authorities (2 外交, 3 司法行政, 4 文化, 6 旅游, 7 宗教, 8 工会, A 中央军委改革和编制办公室,
 * N 农业, Y 其他) accept 1, 2, 3 or 9 per their own annexes.
 */
const STRICT_CATEGORIES: Record<string, string> = {
  '1': '1239',
  '5': '1239',
  '9': '123',
};
const OTHER_AUTHORITIES = '234678ANY';

const WEIGHTS = Array.from({ length: 17 }, (_, i) => {
  let w = 1;
  for (let k = 0; k < i; k += 1) w = (w * 3) % 31;
  return w;
});

/**
 * Computes the check character for the first 17 characters of a USCC.
 * @throws Error when the body contains a character outside `USCC_ALPHABET`.
 */
export function usccCheckChar(body17: string): string {
  if (body17.length !== 17) throw new Error('USCC body must be 17 characters');
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    const v = USCC_ALPHABET.indexOf(body17[i]);
    if (v < 0) throw new Error(`invalid USCC character ${body17[i]}`);
    sum += v * WEIGHTS[i];
  }
  return USCC_ALPHABET[(31 - (sum % 31)) % 31];
}

/**
 * Validates a USCC. Input is trimmed and upper-cased first.
 * Failure codes: `USCC_FORMAT` (length or characters), `USCC_CATEGORY` (authority/category pair not in
 * GB 32100-2015), `USCC_CHECKSUM` (check character wrong). Region digits outside GB/T 2260 are legal.
 */
export function validateUscc(input: string): UsccValidation {
  const uscc = String(input ?? '')
    .trim()
    .toUpperCase();
  if (!/^[0-9A-HJ-NP-RTUW-Y]{18}$/.test(uscc)) {
    return {
      valid: false,
      code: 'USCC_FORMAT',
      message: '统一社会信用代码应为18位数字或大写字母(不含I、O、S、V、Z)',
    };
  }
  const authority = uscc[0];
  const category = uscc[1];
  const allowed = STRICT_CATEGORIES[authority] ?? (OTHER_AUTHORITIES.includes(authority) ? '1239' : '');
  if (!allowed.includes(category)) {
    return {
      valid: false,
      code: 'USCC_CATEGORY',
      message: `统一社会信用代码第1-2位(登记管理部门${authority}、机构类别${category})不符合GB 32100-2015`,
    };
  }
  if (usccCheckChar(uscc.slice(0, 17)) !== uscc[17]) {
    return { valid: false, code: 'USCC_CHECKSUM', message: '统一社会信用代码校验位错误,请核对后重新输入' };
  }
  const regionCode = uscc.slice(2, 8);
  return { valid: true, uscc, regionCode, inRegion: regionCode.startsWith('15') };
}

/** True when a six-digit GB/T 2260 region code is in Inner Mongolia (prefix `15`; RULEBOOK §8). */
export function isInRegion(regionCode: string | null | undefined): boolean {
  return typeof regionCode === 'string' && /^15\d{4}$/.test(regionCode);
}
