import { describe, expect, it } from 'vitest';
import { formatFenAsWan, parseFen } from './money';

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
