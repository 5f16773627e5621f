import { describe, expect, it } from 'vitest';
import { formatFenAsWan, formatFenYuan, formatMoney, parseFen } from './money';

describe('parseFen', () => {
  it('reads integer fen from numbers, bigints and decimal strings', () => {
    expect(parseFen(123)).toBe(123n);
    expect(parseFen(' 2152000000 ')).toBe(2152000000n);
    expect(parseFen(-5n)).toBe(-5n);
  });

  it('refuses what is not an exact integer', () => {
    expect(parseFen(1.5)).toBeNull();
    expect(parseFen(Number.MAX_SAFE_INTEGER + 1)).toBeNull();
    expect(parseFen('12.00')).toBeNull();
    expect(parseFen('1e6')).toBeNull();
    expect(parseFen(null)).toBeNull();
  });
});

describe('formatFenAsWan', () => {
  it('shows fen in 万元 exactly (1 万元 = 1 000 000 分)', () => {
    expect(formatFenAsWan(2152000000)).toBe('2152 万元');
    expect(formatFenAsWan('1250000')).toBe('1.25 万元');
    // Beyond 2^53: no floating point on the way.
    expect(formatFenAsWan('90071992547409930000')).toBe('90071992547409.93 万元');
  });

  it('is null for an unknown amount', () => {
    expect(formatFenAsWan(undefined)).toBeNull();
    expect(formatFenAsWan('abc')).toBeNull();
  });
});

describe('formatMoney (issue 16 item 17: one unit per kind of screen, the other in brackets)', () => {
  it('speaks 万元 on listing and application screens, 元 in brackets', () => {
    expect(formatMoney('3000000000', 'application')).toBe('3000 万元(30,000,000.00 元)');
    expect(formatMoney(1250000, 'listing')).toBe('1.25 万元(12,500.00 元)');
  });

  it('speaks 元 on offer and deal screens, 万元 in brackets', () => {
    expect(formatMoney('123456', 'offer')).toBe('1,234.56 元(0.123456 万元)');
    expect(formatMoney(100000000n, 'deal')).toBe('1,000,000.00 元(100 万元)');
  });

  it('is exact beyond 2^53 and null for an unknown amount', () => {
    expect(formatMoney('90071992547409930001', 'offer')).toBe(
      '900,719,925,474,099,300.01 元(90071992547409.930001 万元)',
    );
    expect(formatMoney(null, 'deal')).toBeNull();
    expect(formatMoney('12.5', 'listing')).toBeNull();
  });

  it('groups yuan by thousands', () => {
    expect(formatFenYuan('-123456789')).toBe('-1,234,567.89 元');
  });
});
