import { Type } from 'class-transformer';
import { IsEnum, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { Field, ListingKind, OrgType, ResultType, IpType, AchievementType, ListingStatus } from './enums';
import type { DealForm } from './negotiation';
import { CarrierKind } from './carriers';

/**
 * 合作方式 a listing offers (issue 16 item 16; what a 揭榜挂帅 榜单 announces): 转让, 许可, 作价投资, 合作开发. The
 * same values as the deal forms of a 技术合同 offer (`DEAL_FORMS`), so a listing's form carries into its offer.
 */
export const COOPERATION_FORMS = [
  'transfer',
  'license',
  'equity_investment',
  'development',
] as const satisfies readonly DealForm[];
export type CooperationForm = (typeof COOPERATION_FORMS)[number];
export const COOPERATION_FORM_LABELS: Record<CooperationForm, string> = {
  transfer: '转让',
  license: '许可',
  equity_investment: '作价投资',
  development: '合作开发',
};

/**
 * Sort orders of the board: newest first (default without search text), amount (榜额 / 意向价格) high→low or
 * low→high, application deadline (揭榜截止) soonest first.
 */
export const LISTING_SORTS = ['newest', 'amount_desc', 'amount_asc', 'deadline_asc'] as const;
export type ListingSort = (typeof LISTING_SORTS)[number];

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

  /**
   * GB/T 2260 six-digit code; hierarchical (issue 16 item 18): a 盟市 code finds the listings of the 盟市 and of
   * every 旗县区 under it, a 旗县区 code only that 旗县区's.
   */
  @IsOptional()
  @Matches(/^[1-8]\d{5}$/, { message: 'regionCode 应为6位行政区划代码(GB/T 2260)' })
  regionCode?: string;

  @IsOptional()
  @IsEnum(OrgType, { message: 'posterOrgType 不是已知的单位类型' })
  posterOrgType?: OrgType;

  /**
   * Only listings whose poster is a registered carrier of this kind (e.g. `innovation_center` 技术创新中心,
   * `pilot_base` 中试基地): from the department's registry, never self-declared (issue 15 §5, §8).
   */
  @IsOptional()
  @IsEnum(CarrierKind, { message: 'posterCarrierKind 不是已知的载体类型' })
  posterCarrierKind?: CarrierKind;

  /** `true`: only 已揭榜 listings (a signed 揭榜协议); `false`: only those not yet taken. */
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'taken 只能是 true 或 false' })
  taken?: 'true' | 'false';

  /** Only listings offering this 合作方式. */
  @IsOptional()
  @IsIn(COOPERATION_FORMS, { message: 'cooperationForm 只能是 transfer, license, equity_investment, development 之一' })
  cooperationForm?: CooperationForm;

  /** Lowest 榜额 / 意向转让价格, in fen (integer). */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'amountMinFen 应为整数(分)' })
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  amountMinFen?: number;

  /** Highest 榜额 / 意向转让价格, in fen (integer). */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'amountMaxFen 应为整数(分)' })
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  amountMaxFen?: number;

  /** `true`: only listings still open for applications (揭榜截止 today or later, or none stated; Beijing date). */
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'applyOpen 只能是 true 或 false' })
  applyOpen?: 'true' | 'false';

  /** Sort order; default `newest` (relevance first when there is search text). */
  @IsOptional()
  @IsIn(LISTING_SORTS, { message: 'sort 只能是 newest, amount_desc, amount_asc, deadline_asc 之一' })
  sort?: ListingSort;

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
  /**
   * The poster's carrier kinds (`CarrierKind`) backed by the department's registry (carriers in force), e.g.
   * `['pilot_base']` shown as 中试基地 (issue 15 §5); empty for none.
   */
  posterCarrierKinds?: string[];
  regionCode!: string | null;
  regionName!: string | null;
  /** The 盟市 of `regionCode` (itself for a 盟市), `null` for the province level or an unknown code. */
  cityCode!: string | null;
  /** Province → 盟市 → 旗县区 codes down to `regionCode` (`regionPath()`), for hierarchical filtering. */
  regionPath!: string[];
  status!: ListingStatus;
  totalInvestmentFen!: number | null;
  publishedAt!: number | null;
  /**
   * The date readers see (issue 16 item 14): the Beijing day a listing posted here was published; `null` for an
   * imported listing, whose `publishedAt` is only the import's time (show `sourceYear` instead).
   */
  publishedOn?: string | null;
  /** The year the imported listing's source published it; `null` when unknown or posted here. */
  sourceYear?: number | null;
  /** 已揭榜: a deal on this listing has been signed (seed `004 §9(七)`). */
  taken!: boolean;
  /** Who took it (the lead taker), once `taken`; else null. */
  takerName!: string | null;
  /** The signing date of the 揭榜协议 (`YYYY-MM-DD`), once `taken`; else null. */
  signedOn!: string | null;
  /** 榜额 (技术攻关) or 意向转让价格 (成果转化), in fen; null when not stated. */
  offerAmountFen!: number | null;
  /** 揭榜截止 (`YYYY-MM-DD`, Beijing date, applications accepted through that day); null when none. */
  applyDeadline!: string | null;
  /** `applyDeadline` as the number `YYYYMMDD` (for range filters and sorting); null when none. */
  applyDeadlineDay!: number | null;
  /** 合作方式 offered. */
  cooperationForms!: CooperationForm[];
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
    /** Counts per 盟市 (a 盟市's own listings plus its 旗县区'); the 旗县区 counts are under `regionCode`. */
    cityCode: Record<string, number>;
    posterOrgType: Record<string, number>;
    /** `{ true: 已揭榜, false: 未揭榜 }` counts. */
    taken: Record<string, number>;
    cooperationForms: Record<string, number>;
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
  /**
   * The date its source published it (`YYYY-MM-DD`, Beijing date), the date readers are shown (issue 16 item 14):
   * for a listing posted on the platform, the day it was published here; for an imported listing `null` (the data
   * gives at most its `sourceYear`, never a day; `publishedAt` is only the import's timestamp).
   */
  publishedOn!: string | null;
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
  /** 榜额 (技术攻关) or 意向转让价格 (成果转化): integer fen as a string; null when not stated (issue 16 item 16). */
  offerAmountFen!: string | null;
  /** 揭榜截止 `YYYY-MM-DD` (Beijing date, inclusive); null when none. */
  applyDeadline!: string | null;
  /** 合作方式 offered. */
  cooperationForms!: CooperationForm[];
  /**
   * 联系人 of the listing: only for signed-in users (a person's phone and e-mail are not published to anonymous
   * visitors, PIPL data minimisation); `null` for anonymous viewers or when none is given. `contactHidden` tells
   * an anonymous viewer that a contact exists behind the login.
   */
  contact!: ListingContactDto | null;
  contactHidden!: boolean;
  /** 已揭榜: a deal on this listing has been signed (seed `004 §9(七)`); applying is over. */
  taken!: boolean;
  /** The published 揭榜结果 (who took it, when), once `taken`; else null. */
  result!: ListingResultDto | null;
}

/** 联系人 of a listing (issue 16 item 16): name, phone, e-mail, each `null` when not given. */
export class ListingContactDto {
  name!: string | null;
  phone!: string | null;
  email!: string | null;
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
  /** The import's provenance note: staff only (`null` for everyone else, issue 16 item 14). */
  note!: string | null;
  sourceUrls!: string[];
}
