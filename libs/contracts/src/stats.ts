import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { CarrierKind, CarrierSupportKind } from './carriers';
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
  /**
   * Carrier support money (issue 15 §7, `001 §13–14`) per year, carrier kind and support class; the amount is the
   * granted one (after 就高不重复); definitions in `CARRIER_MONEY_MEASURES`.
   */
  carrierMoney!: CarrierMoneyRowDto[];
  /** Carrier support totals over `carrierMoney` (fen strings). */
  carrierMoneyTotals!: CarrierMoneyTotalsDto;
  /** All public money: deals' subsidies (`moneyTotals`) plus carrier support (`carrierMoneyTotals`), fen strings. */
  publicMoneyTotals!: PublicMoneyTotalsDto;
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

/**
 * The carrier support measures of the ledger (issue 15 §7: "the figures feed the department's money ledger"),
 * each counting a support record's granted amount (`granted_fen`, after 就高不重复, `001 §14`) in the Beijing year
 * of its own event; a rejected proposal counts nowhere:
 * - `proposed`: awaiting the second person's decision (status `proposed`), by the year it was proposed;
 * - `committed`: approved by a second person (status `approved` or `disbursed`), by the year of the decision
 *   (four eyes, `004 §12`, `§14`; `001 §13`);
 * - `disbursed`: paid out against a voucher, by the year of the disbursement.
 */
export const CARRIER_MONEY_MEASURES = ['proposed', 'committed', 'disbursed'] as const;
/** One carrier support measure. */
export type CarrierMoneyMeasure = (typeof CARRIER_MONEY_MEASURES)[number];

/** What each carrier support measure means, in the words of the dashboard. */
export const CARRIER_MONEY_MEASURE_LABELS: Record<CarrierMoneyMeasure, string> = {
  proposed: '待审批载体补助',
  committed: '已批准载体补助',
  disbursed: '已拨付载体补助',
};

/**
 * Carrier support money of one year, one carrier kind and one support class; fen as integer strings. `year` is the
 * Beijing year of each measure's event (see `CARRIER_MONEY_MEASURES`), not the support year of the records.
 */
export class CarrierMoneyRowDto {
  year!: number;
  /** `CarrierKind` of the carrier (`pilot_base`, `innovation_center` …). */
  carrierKind!: string;
  /** Support class (`CarrierSupportKind`: `construction`, `operation` …), as `CarrierSupportDto.kind`. */
  supportKind!: string;
  proposedFen!: string;
  committedFen!: string;
  disbursedFen!: string;
}

/** Carrier support totals (fen as integer strings). */
export class CarrierMoneyTotalsDto {
  proposedFen!: string;
  committedFen!: string;
  disbursedFen!: string;
}

/**
 * All public money of the department in the scope and year: deals' subsidies committed / disbursed
 * (`MoneyTotalsDto`) plus carrier support committed / disbursed (`CarrierMoneyTotalsDto`); fen as integer strings.
 */
export class PublicMoneyTotalsDto {
  committedFen!: string;
  disbursedFen!: string;
}

/** Query of `GET /api/v1/stats/money/carriers` (the support records behind one carrier money figure). */
export class MoneyCarriersQueryDto extends StatsQueryDto {
  /** Which figure. */
  @IsIn(CARRIER_MONEY_MEASURES)
  measure!: CarrierMoneyMeasure;

  /** One support class (`CarrierSupportKind`); every class when absent. */
  @IsOptional()
  @IsIn(Object.values(CarrierSupportKind))
  kind?: CarrierSupportKind;

  /** One carrier kind (`CarrierKind`); every kind when absent. */
  @IsOptional()
  @IsIn(Object.values(CarrierKind))
  carrierKind?: CarrierKind;
}

/** One carrier support record behind a money figure (fen as integer strings). */
export class MoneyCarrierDto {
  supportId!: string;
  carrierId!: string;
  carrierName!: string;
  /** 牌子名称 (the name on the plate). */
  plateName!: string;
  /** `CarrierKind`. */
  carrierKind!: string;
  /** 依托单位 (host organisation). */
  hostOrgName!: string;
  /** Support class (`CarrierSupportKind`). */
  supportKind!: string;
  /** The year the support is for (补助年度). */
  supportYear!: number;
  /** The ledger year the figure falls in (Beijing year of the measure's event). */
  year!: number;
  /** `proposed`, `approved` or `disbursed`. */
  status!: string;
  /** Before 就高不重复 (rate and cap applied). */
  computedFen!: string;
  /** The amount counted: granted after 就高不重复 (`001 §14`). */
  amountFen!: string;
}

/** `GET /api/v1/stats/money/carriers`. */
export class MoneyCarriersDto {
  measure!: CarrierMoneyMeasure;
  /** Sum of every record's `amountFen` (also those past the listed 1000). */
  totalFen!: string;
  items!: MoneyCarrierDto[];
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

/** `GET /api/v1/exports/carrier-support`. */
export class CarrierSupportExportQueryDto extends ExportFormatQueryDto {
  @IsOptional() @IsIn(['proposed', 'approved', 'rejected', 'disbursed']) status?: string;
  /** Support class (`CarrierSupportKind`). */
  @IsOptional() @IsIn(Object.values(CarrierSupportKind)) kind?: CarrierSupportKind;
  /** Carrier kind (`CarrierKind`). */
  @IsOptional() @IsIn(Object.values(CarrierKind)) carrierKind?: CarrierKind;
  /** The year the support is for (补助年度). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(STATS_MIN_YEAR)
  @Max(STATS_MAX_YEAR)
  year?: number;
}
