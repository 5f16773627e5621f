import { beijingDate, calendarCovers, isWorkingDay, noticePeriod } from './notice';

// Dates checked against the State Council notices: 国办发明电〔2024〕12号 (2025) and 国办发明电〔2025〕7号 (2026).
describe('Chinese working days (statutory holidays and make-up days)', () => {
  it('2025: Spring Festival 1.28–2.4 off, 1.26 (Sun) and 2.8 (Sat) worked; National Day 10.1–10.8 off, 9.28 and 10.11 worked', () => {
    expect(['2025-01-28', '2025-02-04', '2025-10-01', '2025-10-08'].map(isWorkingDay)).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect(['2025-01-26', '2025-02-08', '2025-09-28', '2025-10-11'].map(isWorkingDay)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(calendarCovers(2025)).toBe(true);
  });

  it('2026: New Year 1.1–1.3 off, 1.4 (Sun) worked; Spring Festival 2.15–2.23 off, 2.14 and 2.28 (Sat) worked; National Day 10.1–10.7 off, 9.20 and 10.10 worked', () => {
    expect(['2026-01-02', '2026-02-16', '2026-02-23', '2026-10-07'].map(isWorkingDay)).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect(['2026-01-04', '2026-02-14', '2026-02-28', '2026-09-20', '2026-10-10'].map(isWorkingDay)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(calendarCovers(2026)).toBe(true);
  });
});

describe('noticePeriod (004 §9(七); 5 working days)', () => {
  it('an ordinary week: opened Monday 2026-11-16, runs Tue–Mon and ends at 24:00 Beijing', () => {
    const p = noticePeriod('2026-11-16');
    expect(p.days).toEqual(['2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-23']);
    expect(p.endsAt.toISOString()).toBe('2026-11-23T16:00:00.000Z');
    expect(p.provisional).toBe(false);
  });

  it('skips the National Day holiday and counts the Saturday make-up day', () => {
    const p = noticePeriod('2026-09-29');
    expect(p.days).toEqual(['2026-09-30', '2026-10-08', '2026-10-09', '2026-10-10', '2026-10-12']);
  });

  it('skips the Spring Festival 2026 and counts its make-up Saturday', () => {
    expect(noticePeriod('2026-02-12', 3).days).toEqual(['2026-02-13', '2026-02-14', '2026-02-24']);
  });

  it('marks a period reaching into a year whose holidays are not yet published as provisional', () => {
    expect(noticePeriod('2026-12-28').provisional).toBe(!calendarCovers(2027));
  });

  it('refuses malformed input', () => {
    expect(() => noticePeriod('2026/11/16')).toThrow(RangeError);
    expect(() => noticePeriod('2026-11-16', 0)).toThrow(RangeError);
  });

  it('beijingDate: 23:30 UTC is already the next day in Beijing', () => {
    expect(beijingDate(new Date('2026-11-16T23:30:00Z'))).toBe('2026-11-17');
  });
});
