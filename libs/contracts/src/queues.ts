/** Queue and job names, with their payloads (ARCHITECTURE practice 6). */
export const SEARCH_QUEUE = 'search';

export enum SearchJob {
  /** Index (or remove, if no longer published) one listing. */
  IndexListing = 'index-listing',
  /** Index (or remove) one organisation (text relevance for matching). */
  IndexOrganization = 'index-organization',
  /** Rebuild every index from PostgreSQL. */
  Reindex = 'reindex',
}

export interface IndexOrganizationPayload {
  orgId: string;
}

export interface IndexListingPayload {
  listingId: string;
}

export type ReindexPayload = Record<string, never>;
