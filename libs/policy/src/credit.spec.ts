import { creditInForceSql, creditRecordInForce } from './credit';
import { beijingDate } from './notice';

describe('creditRecordInForce (004 §14)', () => {
  const rec = { validFrom: '2026-01-01', validTo: '2026-12-31' };

  it('is in force on both ends and between them', () => {
    expect(creditRecordInForce(rec, '2026-01-01')).toBe(true);
    expect(creditRecordInForce(rec, '2026-06-15')).toBe(true);
    expect(creditRecordInForce(rec, '2026-12-31')).toBe(true);
  });

  it('is not in force the day before it starts nor the day after it ends', () => {
    expect(creditRecordInForce(rec, '2025-12-31')).toBe(false);
    expect(creditRecordInForce(rec, '2027-01-01')).toBe(false);
  });

  it('an open-ended record stays in force', () => {
    expect(creditRecordInForce({ validFrom: '2020-05-01', validTo: null }, '2099-01-01')).toBe(true);
    expect(creditRecordInForce({ validFrom: '2020-05-01', validTo: null }, '2020-04-30')).toBe(false);
  });

  it('today is the Beijing day: a record starting on the Beijing day is in force at 23:30 UTC of the day before', () => {
    const today = beijingDate(new Date('2026-11-16T23:30:00Z'));
    expect(creditRecordInForce({ validFrom: '2026-11-17', validTo: null }, today)).toBe(true);
  });

  it('refuses malformed dates', () => {
    expect(() => creditRecordInForce(rec, '2026-6-1')).toThrow(RangeError);
    expect(() => creditRecordInForce({ validFrom: '2026-01-01T00:00:00Z', validTo: null }, '2026-06-01')).toThrow(
      RangeError,
    );
  });
});

describe('creditInForceSql', () => {
  it('writes the same test for a row alias and a date parameter', () => {
    expect(creditInForceSql('c', '$2')).toBe(
      'c.valid_from <= $2::date AND (c.valid_to IS NULL OR c.valid_to >= $2::date)',
    );
  });

  it('refuses anything but an alias and a $n parameter', () => {
    expect(() => creditInForceSql('c; DROP', '$2')).toThrow(RangeError);
    expect(() => creditInForceSql('c', 'now()')).toThrow(RangeError);
  });
});
