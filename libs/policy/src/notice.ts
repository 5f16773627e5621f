import { isCalendarDate } from '@jiebang/contracts';
import { calendarIsWorkingDay, calendarSource } from './calendar';
import { DURATIONS } from './durations';

/**
 * The public notice period (公示期) of a deal (RULEBOOK §4 step 7; seed `004 §9(七)`), counted in Chinese
 * working days: weekends and statutory holidays are skipped, make-up working days (调休上班) count.
 *
 * The calendar (`./calendar.ts`) is, per year, the schedule staff maintain from the State Council's notice
 * (国务院办公厅关于部分节假日安排的通知), else the `chinese-days` package (MIT, github.com/vsme/chinese-days), which
 * transcribes those notices. A year with neither falls back to plain weekends, so a period reaching into it is
 * marked `provisional` and the UI says so (issue 14 item 5).
 */

/** Default length in working days (`000` 四.3, `001 §10(三)`: 公示期 5 个工作日). */
export const DEFAULT_NOTICE_WORKING_DAYS: number = DURATIONS.notice.workingDays;
/** The article behind the notice and its length. */
export const NOTICE_RULE = '004 §9(七); 000 四.3, 001 §10(三) (5 个工作日)';
/** The calendar's time zone: dates are Beijing dates. */
export const NOTICE_TIME_ZONE = 'Asia/Shanghai';

/** The Beijing (Asia/Shanghai, no DST) calendar date `YYYY-MM-DD` of an instant (default now): the day validity
 * periods and notices are judged on. */
export function beijingDate(at: Date = new Date()): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** The instant a Beijing date begins (00:00 +08:00). */
export function beijingStartOf(date: string): Date {
  return new Date(`${date}T00:00:00+08:00`);
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * True when the calendar holds the State Council's schedule for `year`: staff maintain it, or the `chinese-days`
 * package has it (1 January is a statutory holiday in every published year, so its absence there means the year
 * is not yet transcribed).
 */
export function calendarCovers(year: number): boolean {
  return calendarSource(year) !== 'none';
}

/**
 * True when `date` (`YYYY-MM-DD`) is a working day (make-up days included, statutory holidays excluded), by the
 * maintained year, else `chinese-days`, else Monday–Friday.
 */
export function isWorkingDay(date: string): boolean {
  return calendarIsWorkingDay(date);
}

/**
 * The `count` working days strictly after `from` (`YYYY-MM-DD`), in order — e.g. a due date N working days on is
 * the last of them.
 * @throws RangeError for a malformed date or a count outside 1–366.
 */
export function workingDaysAfter(from: string, count: number): string[] {
  if (!isCalendarDate(from)) throw new RangeError(`日期格式应为 YYYY-MM-DD: ${from}`);
  if (!Number.isInteger(count) || count < 1 || count > 366) throw new RangeError('工作日数应为 1–366');
  const days: string[] = [];
  let d = from;
  while (days.length < count) {
    d = addDays(d, 1);
    if (isWorkingDay(d)) days.push(d);
  }
  return days;
}

/**
 * The notice period opened on Beijing date `openedOn`: it counts `workingDays` working days starting the first
 * working day after the day of publication, and ends at 24:00 (Beijing) of the last one.
 * @returns `{ firstDay, lastDay, endsAt, workingDays, days, provisional }` — `days` the counted dates in order;
 *   `endsAt` the instant the period is over (00:00 Beijing of the day after `lastDay`); `provisional` when a
 *   counted year's holidays are not yet in the calendar.
 * @throws RangeError for a malformed date or a length outside 1–30 working days.
 */
export function noticePeriod(
  openedOn: string,
  workingDays: number = DEFAULT_NOTICE_WORKING_DAYS,
): { firstDay: string; lastDay: string; endsAt: Date; workingDays: number; days: string[]; provisional: boolean } {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(openedOn) || Number.isNaN(Date.parse(openedOn)))
    throw new RangeError(`日期格式应为 YYYY-MM-DD: ${openedOn}`);
  if (!Number.isInteger(workingDays) || workingDays < 1 || workingDays > 30)
    throw new RangeError('公示期应为 1–30 个工作日');
  const days = workingDaysAfter(openedOn, workingDays);
  const lastDay = days[days.length - 1];
  const years = new Set(days.map((d) => Number(d.slice(0, 4))));
  years.add(Number(openedOn.slice(0, 4)));
  return {
    firstDay: days[0],
    lastDay,
    endsAt: beijingStartOf(addDays(lastDay, 1)),
    workingDays,
    days,
    provisional: [...years].some((y) => !calendarCovers(y)),
  };
}
