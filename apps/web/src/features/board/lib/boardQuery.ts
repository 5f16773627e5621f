/**
 * The board's filter state, kept in the URL query string (`q, kind, field, regionCode, posterOrgType, page`)
 * so that reload, back and forward restore it. Unknown values in the URL are ignored.
 */
import { Field, ListingKind, OrgType } from '@jiebang/contracts';

/** Filters of the public board. */
export interface BoardFilters {
  q: string;
  kind: ListingKind;
  field?: Field;
  regionCode?: string;
  posterOrgType?: OrgType;
  page: number;
}

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
  if (filters.page > 1) params.set('page', String(filters.page));
  return params;
}

/** True when any narrowing filter (search text, field, region, org type) is set. */
export function hasActiveFilters(filters: BoardFilters): boolean {
  return Boolean(filters.q || filters.field || filters.regionCode || filters.posterOrgType);
}
