import { fenToWan, fenToYuan, MoneyFormatError, wanToFen, yuanToFen } from './money';

describe('money conversions (RULEBOOK §5)', () => {
  it('converts 万元 to fen exactly', () => {
    expect(wanToFen(2152)).toBe(2_152_000_000n);
    expect(wanToFen('0.000001')).toBe(1n);
    expect(wanToFen('1000')).toBe(1_000_000_000n); // 1000 万元 = 10,000,000 yuan
    expect(wanToFen('0.1')).toBe(100_000n);
  });

  it('converts yuan to fen exactly, including values binary floats get wrong', () => {
    expect(yuanToFen('0.29')).toBe(29n);
    expect(yuanToFen('10000000.00')).toBe(1_000_000_000n);
    expect(yuanToFen(1.1)).toBe(110n);
  });

  it.each(['-1', '1e3', '1.2345678', 'abc', '', ' 1 2'])('refuses 万元 "%s"', (v) => {
    expect(() => wanToFen(v)).toThrow(MoneyFormatError);
  });

  it('refuses more than two decimals of yuan', () => {
    expect(() => yuanToFen('0.001')).toThrow(MoneyFormatError);
  });

  it('formats fen back', () => {
    expect(fenToWan(2_152_000_000n)).toBe('2152');
    expect(fenToWan('1')).toBe('0.000001');
    expect(fenToYuan(123456n)).toBe('1234.56');
    expect(fenToYuan('5')).toBe('0.05');
    expect(fenToYuan(-5n)).toBe('-0.05');
  });
});
