import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { DealStatus } from './deals';
import { Field, ListingKind, ListingStatus } from './enums';
import { ApplicationStatus } from './pipeline';

/**
 * Statistics and the money ledger (issue 14 item 3) and the staff exports (issue 14 item 4). Amounts are strings of
 * integer fen, as in the deal DTOs (RULEBOOK §5); durations are calendar days.
 */

/** First and last year a statistics or export filter accepts. */
export const STATS_MIN_YEAR = 2000;
export const STATS_MAX_YEAR = 2100;

/** The money measures of the ledger (their meaning: `MONEY_MEASURE_LABELS` and `StatsService`). */
export const MONEY_MEASURES = ['committed', 'received', 'disbursed', 'recoverable', 'forecast'] as const;
/** One money measure. */
export type MoneyMeasure = (typeof MONEY_MEASURES)[number];

/** What each measure means, in the words of the dashboard. */
export const MONEY_MEASURE_LABELS: Record<MoneyMeasure, string> = {
  committed: '已批准资助',
  received: '揭榜方实际到账',
  disbursed: '已拨付资助',
  recoverable: '终止应收回',
  forecast: '预计前资助',
};

/** Query of `GET /api/v1/stats/overview`. */
export class StatsQueryDto {
  /** Calendar year (Beijing time) the money figures fall in; all years when absent. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(STATS_MIN_YEAR)
  @Max(STATS_MAX_YEAR)
  year?: number;

  /** A recommending authority's code (`AUTHORITIES`, region kind): only records of its region. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  authority?: string;
}

/** Query of `GET /api/v1/stats/money/deals` (the drill-down behind one money figure). */
export class MoneyDealsQueryDto extends StatsQueryDto {
  /** Which figure. */
  @IsIn(MONEY_MEASURES)
  measure!: MoneyMeasure;

  /** One field (`Field`), or `none` for deals whose listing has no field; all fields when absent. */
  @IsOptional()
  @IsIn([...Object.values(Field), 'none'])
  field?: Field | 'none';
}

/** One bucket of a breakdown: a key (status, field, region code…) and its count. */
export class StatsCountDto {
  key!: string;
  count!: number;
}

/** Time spent in one stage, over the stays that ended (calendar days, one decimal). */
export class StageDurationDto {
  /** `listing`, `application` or `deal`. */
  entity!: string;
  /** The status the record stayed in. */
  stage!: string;
  /** Number of completed stays. */
  count!: number;
  averageDays!: number;
  medianDays!: number;
}

/** The money of one year and one field (`field` null: listing without field); fen as integer strings. */
export class MoneyRowDto {
  year!: number;
  field!: string | null;
  committedFen!: string;
  receivedFen!: string;
  disbursedFen!: string;
  recoverableFen!: string;
  forecastFen!: string;
}

/** Money totals over the rows (fen as integer strings). */
export class MoneyTotalsDto {
  committedFen!: string;
  receivedFen!: string;
  disbursedFen!: string;
  recoverableFen!: string;
  forecastFen!: string;
}

/** `GET /api/v1/stats/overview`. */
export class StatsOverviewDto {
  /** The year asked for, or null for all years. */
  year!: number | null;
  /** The authority asked for (or the recommender's own), or null for the whole region. */
  authority!: string | null;
  listingsByField!: StatsCountDto[];
  listingsByKind!: StatsCountDto[];
  listingsByStatus!: StatsCountDto[];
  /** By 盟市 (prefecture code `15xx00`; `unknown` when the poster has no region). */
  listingsByRegion!: StatsCountDto[];
  applicationsByStatus!: StatsCountDto[];
  dealsByStatus!: StatsCountDto[];
  stageDurations!: StageDurationDto[];
  money!: MoneyRowDto[];
  moneyTotals!: MoneyTotalsDto;
}

/** One deal behind a money figure. */
export class MoneyDealDto {
  dealId!: string;
  listingTitle!: string;
  posterName!: string;
  takerName!: string;
  year!: number;
  field!: string | null;
  amountFen!: string;
}

/** `GET /api/v1/stats/money/deals`. */
export class MoneyDealsDto {
  measure!: MoneyMeasure;
  totalFen!: string;
  items!: MoneyDealDto[];
}

/** Most rows one export holds; more is refused (422 `EXPORT_TOO_LARGE`): narrow the filters. */
export const EXPORT_MAX_ROWS = 100_000;

/** Common query of the exports. */
export class ExportFormatQueryDto {
  /** `xlsx` (default) or `csv` (UTF-8 with BOM). */
  @IsOptional()
  @IsIn(['xlsx', 'csv'])
  format?: 'xlsx' | 'csv';
}

/** `GET /api/v1/exports/listings` — the filters of the pipeline screen and the board. */
export class ListingExportQueryDto extends ExportFormatQueryDto {
  @IsOptional() @IsIn(Object.values(ListingStatus)) status?: ListingStatus;
  @IsOptional() @IsIn(Object.values(ListingKind)) kind?: ListingKind;
  @IsOptional() @IsIn(Object.values(Field)) field?: Field;
}

/** `GET /api/v1/exports/organizations` — the filters of the staff organisations screen. */
export class OrganizationExportQueryDto extends ExportFormatQueryDto {
  @IsOptional() @IsString() @MaxLength(100) q?: string;
  @IsOptional() @IsIn(['true', 'false']) verified?: 'true' | 'false';
}

/** `GET /api/v1/exports/applications`. */
export class ApplicationExportQueryDto extends ExportFormatQueryDto {
  @IsOptional() @IsIn(Object.values(ApplicationStatus)) status?: ApplicationStatus;
  @IsOptional() @IsUUID() listingId?: string;
}

/** `GET /api/v1/exports/deals` — the filters of the staff deals screen (a status, or a work queue). */
export class DealExportQueryDto extends ExportFormatQueryDto {
  @IsOptional() @IsIn(Object.values(DealStatus)) status?: DealStatus;
  @IsOptional()
  @IsIn(['notice', 'objections', 'funding', 'milestones', 'acceptance', 'subsidy', 'changes'])
  queue?: 'notice' | 'objections' | 'funding' | 'milestones' | 'acceptance' | 'subsidy' | 'changes';
}

/** `GET /api/v1/exports/subsidies`. */
export class SubsidyExportQueryDto extends ExportFormatQueryDto {
  @IsOptional() @IsIn(['proposed', 'approved', 'rejected', 'disbursed']) status?: string;
  @IsOptional() @IsIn(['pre', 'post']) mode?: 'pre' | 'post';
  /** Year (Beijing) the subsidy was proposed in. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(STATS_MIN_YEAR)
  @Max(STATS_MAX_YEAR)
  year?: number;
}
