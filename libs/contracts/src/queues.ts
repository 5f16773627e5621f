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

/** Outward delivery of notifications (e-mail, SMS): issue 14 item 2. */
export const NOTIFY_QUEUE = 'notify';

export enum NotifyJob {
  /** Send one committed notification to each recipient who wants its category at once (`deliver:<id>:<round>`). */
  Deliver = 'deliver',
  /** Send the daily digest of one Beijing day to every user with digest categories (`jobId` `digest:<date>`). */
  Digest = 'digest',
  /** Hand undispatched notifications and failed sends (below the attempt limit) to `Deliver` again. */
  Sweep = 'sweep',
}

export interface DeliverPayload {
  notificationId: string;
}

export interface DigestPayload {
  /** The Beijing date `YYYY-MM-DD` the digest is for; absent → today's (at run time). */
  date?: string;
}
