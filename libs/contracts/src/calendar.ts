import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsCalendarDate, IsNotBlank, IsPlainText } from './input-rules';

/**
 * The holiday calendar staff maintain (issue 14 item 5): per year, the State Council's holidays and make-up
 * working days (国务院办公厅关于部分节假日安排的通知, with its 文号 and date), used by notice periods, due dates and
 * reminders where the `chinese-days` package lacks the year or is wrong. Dates are `YYYY-MM-DD` Beijing dates.
 */

/** First and last year the calendar accepts. */
export const CALENDAR_MIN_YEAR = 2000;
export const CALENDAR_MAX_YEAR = 2100;

/** Where a year's working days come from: staff-maintained, the `chinese-days` package, or none (weekends only). */
export type CalendarSource = 'maintained' | 'package' | 'none';

/** Plain-Chinese name of each source. */
export const CALENDAR_SOURCE_LABELS: Record<CalendarSource, string> = {
  maintained: '人工维护',
  package: '内置日历',
  none: '暂无安排(仅按周末,暂定)',
};

/** Body of `PUT /api/v1/calendar/years/:year`: the whole schedule of the year (replaces what was there). */
export class PutCalendarYearDto {
  /** The notice's document number (文号), e.g. `国办发明电〔2026〕7号`. */
  @IsString()
  @IsNotBlank()
  @IsPlainText({ singleLine: true })
  @MaxLength(100)
  documentNo!: string;

  /** The date the notice was published (发布日期), `YYYY-MM-DD`. */
  @IsCalendarDate()
  publishedOn!: string;

  /** Holidays and the rest days of the holiday blocks (放假), each inside the year. */
  @IsArray()
  @ArrayMaxSize(366)
  @IsCalendarDate({ each: true })
  holidays!: string[];

  /** Make-up working days (调休上班), each inside the year and not also a holiday. */
  @IsArray()
  @ArrayMaxSize(366)
  @IsCalendarDate({ each: true })
  makeUpWorkdays!: string[];
}

/** One maintained year as stored (`GET /api/v1/calendar/years/:year`). */
export class CalendarYearDto {
  year!: number;
  documentNo!: string;
  publishedOn!: string;
  /** Sorted ascending. */
  holidays!: string[];
  /** Sorted ascending. */
  makeUpWorkdays!: string[];
  /** Last change, ISO 8601. */
  updatedAt!: string;
  /** Who made the last change (username), null when unknown. */
  updatedBy!: string | null;
}

/** Which calendar a year uses (the overview's rows). */
export class CalendarCoverageDto {
  year!: number;
  source!: CalendarSource;
  /** True when neither staff nor the package have the year: periods reaching into it are provisional. */
  provisional!: boolean;
}

/** `GET /api/v1/calendar/years`: the maintained years and the coverage of last year to three years on. */
export class CalendarYearsDto {
  /** Every maintained year, ascending. */
  years!: CalendarYearDto[];
  /** Last year, this year and the next three (Beijing), plus every maintained year, ascending. */
  coverage!: CalendarCoverageDto[];
}

/** `DELETE /api/v1/calendar/years/:year` answer: what the year falls back to now. */
export class CalendarDeletedDto {
  year!: number;
  source!: CalendarSource;
  provisional!: boolean;
}

/** `GET /api/v1/calendar/working-days?from=&count=` answer. */
export class WorkingDaysDto {
  from!: string;
  count!: number;
  /** The `count` working days strictly after `from`, in order; the last is the due date. */
  days!: string[];
  /** True when a year in `[from, last day]` has no published schedule (weekends only). */
  provisional!: boolean;
}

/** Query of `GET /api/v1/calendar/working-days`. */
export class WorkingDaysQueryDto {
  /** The day to count from (not counted), `YYYY-MM-DD`. */
  @IsCalendarDate()
  from!: string;

  /** How many working days, 1–60. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(60)
  count!: number;
}
