/**
 * Public board endpoints of the API client: the listing search, one published listing, the 榜单公告.
 */
import type {
  AnnouncementDto,
  Field,
  ListingDetail,
  ListingKind,
  ListingSearchResponse,
  OrgType,
} from '@jiebang/contracts';
import { getJson, toQueryString } from './core';

/** Query of the public board search; empty members are omitted from the request. */
export interface ListingSearchParams {
  q?: string;
  kind?: ListingKind;
  field?: Field;
  regionCode?: string;
  posterOrgType?: OrgType;
  page?: number;
  hitsPerPage?: number;
}

/** `GET /api/v1/listings` — the public board search with disjunctive facets. */
export function searchListings(params: ListingSearchParams, signal?: AbortSignal): Promise<ListingSearchResponse> {
  return getJson<ListingSearchResponse>(`/listings${toQueryString(params)}`, signal);
}

/** `GET /api/v1/listings/:id` — one published listing. */
export function getListing(id: string, signal?: AbortSignal): Promise<ListingDetail> {
  return getJson<ListingDetail>(`/listings/${encodeURIComponent(id)}`, signal);
}

/** `GET /api/v1/announcements` — list-level 榜单公告. */
export function getAnnouncements(signal?: AbortSignal): Promise<AnnouncementDto[]> {
  return getJson<AnnouncementDto[]>('/announcements', signal);
}
