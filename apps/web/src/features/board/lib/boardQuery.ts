/**
 * The board's filter state, kept in the URL query string (`q, kind, field, regionCode, posterOrgType,
 * posterCarrierKind, taken, cooperationForm, amount, applyOpen, sort, page`) so that reload, back and forward restore it. Unknown values in
 * the URL are ignored.
 */
import {
  CarrierKind,
  COOPERATION_FORMS,
  Field,
  LISTING_SORTS,
  ListingKind,
  OrgType,
  type CooperationForm,
  type ListingSort,
} from '@jiebang/contracts';

/** Filters of the public board. */
export interface BoardFilters {
  q: string;
  kind: ListingKind;
  field?: Field;
  /** A 盟市 code includes its 旗县区 (issue 16 item 18). */
  regionCode?: string;
  posterOrgType?: OrgType;
  /** Only listings whose poster is a registered carrier of this kind (issue 15 §8), e.g. 技术创新中心. */
  posterCarrierKind?: CarrierKind;
  /** `true` 已揭榜 only, `false` 可揭榜 only. */
  taken?: boolean;
  cooperationForm?: CooperationForm;
  /** A key of `AMOUNT_RANGES`. */
  amount?: AmountRangeKey;
  /** Only listings whose 揭榜截止 has not passed. */
  applyOpen?: boolean;
  sort?: ListingSort;
  page: number;
}

/** 1 万元 in fen. */
const WAN = 1_000_000;

/** The amount ranges (榜额 / 意向转让价格) the board offers, in 万元 → the API's fen bounds (inclusive). */
export const AMOUNT_RANGES = {
  lt100: { label: '100 万元以下', min: 0, max: 100 * WAN - 1 },
  '100-500': { label: '100–500 万元', min: 100 * WAN, max: 500 * WAN - 1 },
  '500-1000': { label: '500–1000 万元', min: 500 * WAN, max: 1000 * WAN - 1 },
  gte1000: { label: '1000 万元及以上', min: 1000 * WAN, max: undefined },
} as const satisfies Record<string, { label: string; min: number; max: number | undefined }>;
export type AmountRangeKey = keyof typeof AMOUNT_RANGES;

/** Labels of the sort orders. */
export const SORT_LABELS: Record<ListingSort, string> = {
  newest: '最新发布',
  amount_desc: '金额从高到低',
  amount_asc: '金额从低到高',
  deadline_asc: '揭榜截止最近',
};

/** Board shown when the URL names none. */
export const DEFAULT_KIND = ListingKind.Achievement;

/** Results per page. */
export const PAGE_SIZE = 10;

/** Highest page the API accepts. */
const MAX_PAGE = 1000;

/** Narrows `value` to a member of a string enum. */
function enumValue<E extends string>(values: readonly E[], value: string | null): E | undefined {
  return value !== null && (values as readonly string[]).includes(value) ? (value as E) : undefined;
}

const KINDS = Object.values(ListingKind);
const FIELDS = Object.values(Field);
const ORG_TYPES = Object.values(OrgType);
const CARRIER_KINDS = Object.values(CarrierKind);
const AMOUNT_KEYS = Object.keys(AMOUNT_RANGES) as AmountRangeKey[];

/** `true` / `false` from the URL; anything else is unset. */
function boolValue(value: string | null): boolean | undefined {
  return value === 'true' ? true : value === 'false' ? false : undefined;
}

/** Reads the board filters from a URL query string. */
export function parseBoardFilters(params: URLSearchParams): BoardFilters {
  const regionCode = params.get('regionCode')?.trim();
  const page = Number(params.get('page'));
  return {
    q: params.get('q')?.trim() ?? '',
    kind: enumValue(KINDS, params.get('kind')) ?? DEFAULT_KIND,
    field: enumValue(FIELDS, params.get('field')),
    regionCode: regionCode && /^[1-8]\d{5}$/.test(regionCode) ? regionCode : undefined,
    posterOrgType: enumValue(ORG_TYPES, params.get('posterOrgType')),
    posterCarrierKind: enumValue(CARRIER_KINDS, params.get('posterCarrierKind')),
    taken: boolValue(params.get('taken')),
    cooperationForm: enumValue(COOPERATION_FORMS, params.get('cooperationForm')),
    amount: enumValue(AMOUNT_KEYS, params.get('amount')),
    applyOpen: params.get('applyOpen') === 'true' ? true : undefined,
    sort: enumValue(LISTING_SORTS, params.get('sort')),
    page: Number.isInteger(page) && page >= 1 && page <= MAX_PAGE ? page : 1,
  };
}

/** Writes board filters to a query string, omitting defaults and empty values. */
export function boardFiltersToParams(filters: BoardFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.q) params.set('q', filters.q);
  if (filters.kind !== DEFAULT_KIND) params.set('kind', filters.kind);
  if (filters.field) params.set('field', filters.field);
  if (filters.regionCode) params.set('regionCode', filters.regionCode);
  if (filters.posterOrgType) params.set('posterOrgType', filters.posterOrgType);
  if (filters.posterCarrierKind) params.set('posterCarrierKind', filters.posterCarrierKind);
  if (filters.taken !== undefined) params.set('taken', String(filters.taken));
  if (filters.cooperationForm) params.set('cooperationForm', filters.cooperationForm);
  if (filters.amount) params.set('amount', filters.amount);
  if (filters.applyOpen) params.set('applyOpen', 'true');
  if (filters.sort) params.set('sort', filters.sort);
  if (filters.page > 1) params.set('page', String(filters.page));
  return params;
}

/** True when any narrowing filter (search text, field, region, org type, taken, terms) is set; not the sort. */
export function hasActiveFilters(filters: BoardFilters): boolean {
  return Boolean(
    filters.q ||
    filters.field ||
    filters.regionCode ||
    filters.posterOrgType ||
    filters.posterCarrierKind ||
    filters.taken !== undefined ||
    filters.cooperationForm ||
    filters.amount ||
    filters.applyOpen,
  );
}

/** The API query of the board's search (`GET /api/v1/listings`) for these filters and page size. */
export function searchQueryOf(filters: BoardFilters, hitsPerPage: number) {
  const range = filters.amount ? AMOUNT_RANGES[filters.amount] : undefined;
  return {
    q: filters.q || undefined,
    kind: filters.kind,
    field: filters.field,
    regionCode: filters.regionCode,
    posterOrgType: filters.posterOrgType,
    posterCarrierKind: filters.posterCarrierKind,
    taken: filters.taken === undefined ? undefined : (String(filters.taken) as 'true' | 'false'),
    cooperationForm: filters.cooperationForm,
    amountMinFen: range?.min,
    amountMaxFen: range?.max,
    applyOpen: filters.applyOpen ? ('true' as const) : undefined,
    sort: filters.sort,
    page: filters.page,
    hitsPerPage,
  };
}
