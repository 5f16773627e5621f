import {
  calendarSource,
  maintainedYears,
  setMaintainedCalendar,
  validateMaintainedYear,
  type MaintainedYear,
} from './calendar';
import { calendarCovers, isWorkingDay, noticePeriod, workingDaysAfter } from './notice';

/**
 * A 2027 schedule entered by hand (the State Council's 2027 notice is not in the project's sources): New Year
 * 1–4 January off (Friday to Monday), Saturday 9 January a make-up working day.
 */
const Y2027: MaintainedYear = {
  year: 2027,
  documentNo: '国办发明电〔2026〕99号',
  publishedOn: '2026-11-20',
  holidays: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-01-04'],
  makeUpWorkdays: ['2027-01-09'],
};

afterEach(() => setMaintainedCalendar([]));

describe('maintained holiday calendar (issue 14 item 5)', () => {
  it('without 2027 data the year is provisional: weekends only, 1 January counted as a working day', () => {
    expect(calendarSource(2027)).toBe('none');
    expect(calendarCovers(2027)).toBe(false);
    expect(isWorkingDay('2027-01-01')).toBe(true);
    const p = noticePeriod('2026-12-31');
    expect(p.days).toEqual(['2027-01-01', '2027-01-04', '2027-01-05', '2027-01-06', '2027-01-07']);
    expect(p.provisional).toBe(true);
  });

  it('a notice opened on the last working day of 2026 ends on the date the entered 2027 calendar gives', () => {
    expect(isWorkingDay('2026-12-31')).toBe(true);
    setMaintainedCalendar([Y2027]);
    expect(calendarSource(2027)).toBe('maintained');
    expect(calendarCovers(2027)).toBe(true);
    const p = noticePeriod('2026-12-31');
    expect(p.days).toEqual(['2027-01-05', '2027-01-06', '2027-01-07', '2027-01-08', '2027-01-09']);
    expect(p.lastDay).toBe('2027-01-09');
    expect(p.endsAt.toISOString()).toBe('2027-01-09T16:00:00.000Z');
    expect(p.provisional).toBe(false);
  });

  it('a maintained year overrides chinese-days entirely for that year, and only that year', () => {
    // 2026-10-07 is a holiday in the package; a maintained 2026 without it makes it an ordinary Wednesday.
    expect(isWorkingDay('2026-10-07')).toBe(false);
    setMaintainedCalendar([
      { year: 2026, documentNo: '测试', publishedOn: '2025-11-04', holidays: ['2026-10-01'], makeUpWorkdays: [] },
    ]);
    expect(calendarSource(2026)).toBe('maintained');
    expect(isWorkingDay('2026-10-07')).toBe(true);
    expect(isWorkingDay('2026-10-01')).toBe(false);
    expect(isWorkingDay('2026-10-10')).toBe(false); // the package's make-up Saturday is not in the entered year
    expect(calendarSource(2025)).toBe('package');
    expect(isWorkingDay('2025-10-01')).toBe(false);
  });

  it('a year the package lacks is not covered even when 1 January falls on a weekend (2028)', () => {
    expect(calendarSource(2026)).toBe('package');
    expect(calendarSource(2028)).toBe('none');
    expect(calendarCovers(2028)).toBe(false);
  });

  it('setMaintainedCalendar replaces the whole list', () => {
    setMaintainedCalendar([Y2027]);
    expect(maintainedYears()).toEqual([2027]);
    setMaintainedCalendar([]);
    expect(maintainedYears()).toEqual([]);
    expect(calendarCovers(2027)).toBe(false);
  });

  it('workingDaysAfter counts make-up days and skips holidays', () => {
    setMaintainedCalendar([Y2027]);
    expect(workingDaysAfter('2027-01-07', 2)).toEqual(['2027-01-08', '2027-01-09']);
    expect(() => workingDaysAfter('2027-02-30', 1)).toThrow(RangeError);
    expect(() => workingDaysAfter('2027-01-07', 0)).toThrow(RangeError);
  });

  it('validateMaintainedYear refuses dates outside the year, unreal dates and a date on both lists', () => {
    expect(validateMaintainedYear(Y2027)).toEqual([]);
    expect(
      validateMaintainedYear({ year: 2027, holidays: ['2026-12-31', '2027-02-30'], makeUpWorkdays: ['2027-01-01'] }),
    ).toEqual([
      { code: 'CALENDAR_DATE_OUTSIDE_YEAR', date: '2026-12-31' },
      { code: 'INVALID_DATE', date: '2027-02-30' },
    ]);
    expect(validateMaintainedYear({ year: 2027, holidays: ['2027-01-01'], makeUpWorkdays: ['2027-01-01'] })).toEqual([
      { code: 'CALENDAR_DATE_CONFLICT', date: '2027-01-01' },
    ]);
    expect(() => setMaintainedCalendar([{ ...Y2027, makeUpWorkdays: ['2027-01-01'] }])).toThrow(RangeError);
  });
});
