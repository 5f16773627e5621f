import { Type } from 'class-transformer';
import { IsEnum, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { Field, ListingKind, OrgType, ResultType, IpType, AchievementType, ListingStatus } from './enums';

/** Maximum page size of any listing search. */
export const MAX_HITS_PER_PAGE = 100;

/**
 * Query of `GET /api/v1/listings` (public board search).
 * Unknown enum values and malformed region codes are rejected with HTTP 400 (`VALIDATION_FAILED`).
 */
export class ListingSearchQuery {
  /** Free text; matched by Meilisearch with the `cmn` locale. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @IsOptional()
  @IsEnum(ListingKind, { message: 'kind 只能是 challenge 或 achievement' })
  kind?: ListingKind;

  @IsOptional()
  @IsEnum(Field, { message: 'field 只能是 energy_storage, graphene, rare_earth, hydrogen, ccus 之一' })
  field?: Field;

  /** GB/T 2260 six-digit code (exact match). */
  @IsOptional()
  @Matches(/^[1-8]\d{5}$/, { message: 'regionCode 应为6位行政区划代码(GB/T 2260)' })
  regionCode?: string;

  @IsOptional()
  @IsEnum(OrgType, { message: 'posterOrgType 不是已知的单位类型' })
  posterOrgType?: OrgType;

  /** 1-based page number. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  page?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_HITS_PER_PAGE)
  hitsPerPage?: number;
}

/** One hit on the board: the indexed listing document plus `_formatted` highlights (`<mark>` tags). */
export class ListingHit {
  id!: string;
  kind!: ListingKind;
  field!: Field;
  title!: string;
  summary!: string | null;
  posterName!: string;
  posterOrgType!: OrgType | null;
  regionCode!: string | null;
  regionName!: string | null;
  status!: ListingStatus;
  totalInvestmentFen!: number | null;
  publishedAt!: number | null;
  _formatted?: { title?: string; summary?: string; posterName?: string };
}

/** Response of `GET /api/v1/listings`. `facetDistribution` counts hits per value under the other filters' query. */
export class ListingSearchResponse {
  hits!: ListingHit[];
  totalHits!: number;
  page!: number;
  totalPages!: number;
  facetDistribution!: {
    kind: Record<string, number>;
    field: Record<string, number>;
    regionCode: Record<string, number>;
    posterOrgType: Record<string, number>;
  };
}

/** Full listing as served by `GET /api/v1/listings/:id`. Money in fen (integer); `null` when unknown. */
export class ListingDetail {
  id!: string;
  kind!: ListingKind;
  /** `null` only while a draft has not chosen yet. */
  field!: Field | null;
  title!: string;
  status!: ListingStatus;
  resultType!: ResultType | null;
  achievementType!: AchievementType | null;
  hasOwnIp!: boolean | null;
  ipTypes!: IpType[];
  summary!: string | null;
  team!: string | null;
  suggestedTimeLimit!: string | null;
  totalInvestmentFen!: string | null;
  regionCode!: string | null;
  regionName!: string | null;
  sourceYear!: number | null;
  /** The import's provenance note: staff only (`null` for everyone else). */
  note!: string | null;
  /** Which fields the source data inferred: staff only (`[]` for everyone else). */
  inferredFields!: string[];
  /** Official source pages (linkable). */
  sourceUrls!: string[];
  /** Third-party copies of the sources, for staff and auditors only (absent for everyone else). */
  mirrorUrls?: string[];
  publishedAt!: string | null;
  /** The poster as the source names it (always present). */
  posterName!: string;
  /** The poster organisation when it is known on the platform; `null` when the source does not name it. */
  poster!: {
    id: string;
    name: string;
    type: OrgType;
    regionCode: string | null;
    uscc: string | null;
  } | null;
  /** The demand block of a tech challenge (`ChallengeDemandDto`), or null. */
  demand?: Record<string, unknown> | null;
  /** Why 需求论证 rejected it (the poster sees it). */
  rejectionReason?: string | null;
  closeReason?: string | null;
  attestedAt?: string | null;
  /** 已揭榜: a deal on this listing has been signed (seed `004 §9(七)`); applying is over. */
  taken!: boolean;
  /** The published 揭榜结果 (who took it, when), once `taken`; else null. */
  result!: ListingResultDto | null;
}

/**
 * A 揭榜结果 as the board publishes it once the parties have signed the 揭榜协议 (seed `004 §9(七)` 发布揭榜公告):
 * the listing, its poster, who took it (the lead taker) and the signing date.
 */
export class ListingResultDto {
  listingId!: string;
  listingTitle!: string;
  kind!: ListingKind;
  field!: Field | null;
  posterName!: string;
  takerName!: string;
  /** The date the 揭榜协议 was signed (`YYYY-MM-DD`). */
  signedOn!: string;
}

/** A list-level record (榜单公告): shown as an announcement, never taken up. */
export class AnnouncementDto {
  id!: string;
  kind!: ListingKind;
  field!: Field | null;
  title!: string;
  issuer!: string;
  regionCode!: string | null;
  sourceYear!: number | null;
  note!: string | null;
  sourceUrls!: string[];
}
