import { getDayDetail, isWorkday } from 'chinese-days';
import { isCalendarDate } from '@jiebang/contracts';

/**
 * The working-day calendar behind notice periods, due dates and reminders (issue 14 item 5; RULEBOOK §4 step 7,
 * seed `004 §9(七)`: periods counted in 工作日).
 *
 * Three sources, per year, the first that has the year wins:
 * 1. a **maintained year** entered by staff (`/staff/calendar`) from the State Council's notice
 *    (国务院办公厅关于部分节假日安排的通知, its 文号 and date): it replaces `chinese-days` entirely for that year —
 *    a date is a working day when it is a make-up working day (调休上班), or a Monday–Friday that is not a listed
 *    holiday;
 * 2. the `chinese-days` package (MIT, github.com/vsme/chinese-days), which transcribes the published notices;
 * 3. neither: plain weekends, and the year is **provisional** (`calendarCovers` false), as the UI says.
 *
 * The API loads the maintained years at boot and after every change (`setMaintainedCalendar`); the web loads the
 * same list from `GET /api/v1/calendar/years`. Pure module state, no I/O.
 */

/** One year's schedule as published by the State Council and entered by staff. Dates are `YYYY-MM-DD` (Beijing). */
export interface MaintainedYear {
  /** Calendar year, e.g. 2027. */
  year: number;
  /** The notice's document number (文号), e.g. `国办发明电〔2026〕7号`. */
  documentNo: string;
  /** The date the notice was published, `YYYY-MM-DD`. */
  publishedOn: string;
  /** Statutory holidays and the rest days of the holiday blocks (放假), all inside `year`. */
  holidays: readonly string[];
  /** Make-up working days (调休上班), usually weekends, all inside `year`. */
  makeUpWorkdays: readonly string[];
}

interface YearSets {
  holidays: ReadonlySet<string>;
  workdays: ReadonlySet<string>;
}

let maintained = new Map<number, YearSets>();

/** A problem with a maintained year, as found by `validateMaintainedYear`. */
export interface CalendarYearProblem {
  /** `INVALID_DATE` (not a real date), `CALENDAR_DATE_OUTSIDE_YEAR`, `CALENDAR_DATE_CONFLICT` (both lists). */
  code: 'INVALID_DATE' | 'CALENDAR_DATE_OUTSIDE_YEAR' | 'CALENDAR_DATE_CONFLICT';
  /** The offending date. */
  date: string;
}

/**
 * The one check of a maintained year's lists (used by the API before saving and by the web editor): every date
 * real, inside `year`, and in at most one of `holidays` / `makeUpWorkdays`. The 文号 and publication date are
 * checked by the API's DTO. Returns the problems (empty when the year is sound).
 */
export function validateMaintainedYear(
  y: Pick<MaintainedYear, 'year' | 'holidays' | 'makeUpWorkdays'>,
): CalendarYearProblem[] {
  const problems: CalendarYearProblem[] = [];
  for (const date of [...y.holidays, ...y.makeUpWorkdays]) {
    if (!isCalendarDate(date)) problems.push({ code: 'INVALID_DATE', date });
    else if (Number(date.slice(0, 4)) !== y.year) problems.push({ code: 'CALENDAR_DATE_OUTSIDE_YEAR', date });
  }
  const holidays = new Set(y.holidays);
  for (const date of new Set(y.makeUpWorkdays))
    if (holidays.has(date)) problems.push({ code: 'CALENDAR_DATE_CONFLICT', date });
  return problems;
}

/**
 * Replaces the maintained years (all of them: pass the full list each time). A year not in `years` falls back
 * to `chinese-days`. Throws RangeError for a year that fails `validateMaintainedYear`.
 */
export function setMaintainedCalendar(years: readonly MaintainedYear[]): void {
  const next = new Map<number, YearSets>();
  for (const y of years) {
    const problems = validateMaintainedYear(y);
    if (problems.length) throw new RangeError(`${y.year} 年节假日安排有误: ${problems[0].code} ${problems[0].date}`);
    next.set(y.year, { holidays: new Set(y.holidays), workdays: new Set(y.makeUpWorkdays) });
  }
  maintained = next;
}

/** The years currently maintained by staff, ascending. */
export function maintainedYears(): number[] {
  return [...maintained.keys()].sort((a, b) => a - b);
}

/**
 * Where the calendar for `year` comes from: staff-maintained, the `chinese-days` package, or none (weekends only).
 * The package holds a year when it names 1 January as 元旦 (a statutory holiday in every published year); for a
 * year it lacks it answers by weekday only, so a 1 January falling on a weekend (2028) is not taken for coverage.
 */
export function calendarSource(year: number): 'maintained' | 'package' | 'none' {
  if (maintained.has(year)) return 'maintained';
  const newYear = getDayDetail(`${year}-01-01`);
  return !newYear.work && /元旦/.test(newYear.name) ? 'package' : 'none';
}

/** Monday–Friday by the calendar (no holidays considered). */
function isWeekday(date: string): boolean {
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
  return dow !== 0 && dow !== 6;
}

/**
 * The working-day rule of the calendar for `date` (`YYYY-MM-DD`, assumed valid): maintained year, else
 * `chinese-days`, else Monday–Friday.
 */
export function calendarIsWorkingDay(date: string): boolean {
  const year = Number(date.slice(0, 4));
  const m = maintained.get(year);
  if (m) return m.workdays.has(date) || (isWeekday(date) && !m.holidays.has(date));
  if (calendarSource(year) === 'package') return isWorkday(date);
  return isWeekday(date);
}
