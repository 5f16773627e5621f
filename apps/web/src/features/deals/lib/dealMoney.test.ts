import { describe, expect, it } from 'vitest';
import { moneyText, moneyYuan, sumFen, typedFen, validYuan } from './dealMoney';

describe('deal money texts (fen as BigInt, never floating point)', () => {
  it('formats fen as 元 with two decimals and thousands separators', () => {
    expect(moneyYuan('123456700')).toMatch(/^1,234,567\.00/);
    expect(moneyYuan(1n)).toMatch(/^0\.01/);
    expect(moneyYuan(null)).toBe('—');
    // An amount that is not integer fen is shown as it came, never guessed at.
    expect(moneyYuan('not a number')).toBe('not a number');
  });

  it('sums fen exactly, ignoring empty values', () => {
    expect(sumFen(['9007199254740993', '1', null, undefined, ''])).toBe(9007199254740994n);
  });

  it('accepts 元 with at most two decimals and turns it into fen', () => {
    expect(validYuan(' 12.5 ')).not.toBeNull();
    expect(validYuan('12.345')).toBeNull();
    expect(validYuan('-1')).toBeNull();
    expect(typedFen('12.34')).toBe(1234n);
    expect(typedFen('0.1')).toBe(10n);
    expect(typedFen('abc')).toBeNull();
  });

  it('shows 元 and the exact 万元 side by side', () => {
    expect(moneyText(123456700n)).toMatch(/^1,234,567\.00 ?元[(（]123\.4567 万元[)）]$/);
  });
});
