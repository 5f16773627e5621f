/**
 * Listing-workflow endpoints of the API client (需求征集 → 需求论证 → 发布榜单): drafts, submission, screening
 * by experts, publication, closing, history, and the expert's assignments.
 */
import type {
  ApplicationDto,
  AssignExpertDto,
  AuditEntryDto,
  ChallengeDemandDto,
  CloseListingDto,
  CreateListingDto,
  ListingDetail,
  ListingFormDto,
  ListingSummaryDto,
  ListingStatus,
  ReasonDto,
  ScreeningOpinionDto,
  SubmitListingDto,
} from '@jiebang/contracts';
import { requestJson, toQueryString, listingPath } from './core';

/**
 * A listing as its poster and staff see it while it moves through the workflow: the detail fields (some
 * still empty while a draft) plus the demand block and the workflow reasons.
 */
export type PipelineListing = Omit<
  ListingDetail,
  'field' | 'demand' | 'rejectionReason' | 'closeReason' | 'attestedAt'
> & {
  /** `null` while a draft has not chosen its field yet. */
  field: NonNullable<ListingDetail['field']> | null;
  demand: ChallengeDemandDto | null;
  rejectionReason: string | null;
  closeReason: string | null;
  attestedAt: string | null;
};

/** `GET /api/v1/listings/:id` with the token (drafts and queued listings are visible to the poster and staff). */
export function getPipelineListing(id: string, signal?: AbortSignal): Promise<PipelineListing> {
  return requestJson<PipelineListing>(listingPath(id), { signal, auth: 'optional' });
}

/** `POST /api/v1/listings` — a new draft; 422 `ORG_NOT_VERIFIED` / `POSTER_NOT_ELIGIBLE` / `CREDIT_BLACKLISTED`. */
export function createListing(body: CreateListingDto): Promise<PipelineListing> {
  return requestJson<PipelineListing>('/listings', { method: 'POST', body });
}

/** `PATCH /api/v1/listings/:id` — autosave of an editable listing; 409 `ILLEGAL_TRANSITION` otherwise. */
export function updateListing(id: string, body: ListingFormDto): Promise<PipelineListing> {
  return requestJson<PipelineListing>(listingPath(id), { method: 'PATCH', body });
}

/** `GET /api/v1/my/listings` — the listings of my organisation. */
export function getMyListings(signal?: AbortSignal): Promise<ListingSummaryDto[]> {
  return requestJson<ListingSummaryDto[]>('/my/listings', { signal });
}

/** `POST /api/v1/listings/:id/submit` — draft → submitted; 422 `FORM_INCOMPLETE` with the missing fields. */
export function submitListing(id: string, body: SubmitListingDto): Promise<PipelineListing> {
  return requestJson<PipelineListing>(listingPath(id, '/submit'), { method: 'POST', body });
}

/** `POST /api/v1/listings/:id/revise` (poster) — rejected → draft. */
export function reviseListing(id: string): Promise<PipelineListing> {
  return requestJson<PipelineListing>(listingPath(id, '/revise'), { method: 'POST' });
}

/** `POST /api/v1/listings/:id/withdraw` (poster). */
export function withdrawListing(id: string, body: ReasonDto): Promise<PipelineListing> {
  return requestJson<PipelineListing>(listingPath(id, '/withdraw'), { method: 'POST', body });
}

/** Statuses of the staff queue. */
export type QueueStatus =
  ListingStatus.Submitted | ListingStatus.Screening | ListingStatus.Passed | ListingStatus.Published;

/** `GET /api/v1/staff/listings?status=` (staff) — the screening queue. */
export function getStaffListings(status: QueueStatus, signal?: AbortSignal): Promise<ListingSummaryDto[]> {
  return requestJson<ListingSummaryDto[]>(`/staff/listings${toQueryString({ status })}`, { signal });
}

/** `POST /api/v1/listings/:id/screening` (staff) — submitted → screening (需求论证). */
export function startScreening(id: string): Promise<PipelineListing> {
  return requestJson<PipelineListing>(listingPath(id, '/screening'), { method: 'POST' });
}

/** An expert who may be invited. */
export interface ExpertDto {
  id: string;
  displayName: string;
  orgId: string | null;
  orgName: string | null;
}

/** `GET /api/v1/experts` (staff). */
export function getExperts(signal?: AbortSignal): Promise<ExpertDto[]> {
  return requestJson<ExpertDto[]>('/experts', { signal });
}

/** `POST /api/v1/listings/:id/experts` (staff) — invite an expert to the 需求论证. */
export function inviteListingExpert(id: string, body: AssignExpertDto): Promise<unknown> {
  return requestJson<unknown>(listingPath(id, '/experts'), { method: 'POST', body });
}

/** One expert's 论证意见. */
export interface ScreeningOpinion {
  expertName: string;
  recommendation: 'pass' | 'reject';
  opinion: string;
  at: string;
}

/** `GET /api/v1/listings/:id/opinions` (staff). */
export function getListingOpinions(id: string, signal?: AbortSignal): Promise<ScreeningOpinion[]> {
  return requestJson<ScreeningOpinion[]>(listingPath(id, '/opinions'), { signal });
}

/** `POST /api/v1/listings/:id/opinions` (invited expert). */
export function submitScreeningOpinion(id: string, body: ScreeningOpinionDto): Promise<unknown> {
  return requestJson<unknown>(listingPath(id, '/opinions'), { method: 'POST', body });
}

/** `POST /api/v1/listings/:id/pass` (staff) — 论证通过. */
export function passListing(id: string, body: Partial<ReasonDto>): Promise<PipelineListing> {
  return requestJson<PipelineListing>(listingPath(id, '/pass'), { method: 'POST', body });
}

/** `POST /api/v1/listings/:id/reject` (staff) — 论证未通过; the poster sees the reason. */
export function rejectListing(id: string, body: ReasonDto): Promise<PipelineListing> {
  return requestJson<PipelineListing>(listingPath(id, '/reject'), { method: 'POST', body });
}

/** `POST /api/v1/listings/:id/publish` (staff) — passed → published. */
export function publishListing(id: string): Promise<PipelineListing> {
  return requestJson<PipelineListing>(listingPath(id, '/publish'), { method: 'POST' });
}

/** `POST /api/v1/listings/:id/close` (staff). */
export function closeListing(id: string, body: CloseListingDto): Promise<PipelineListing> {
  return requestJson<PipelineListing>(listingPath(id, '/close'), { method: 'POST', body });
}

/** `GET /api/v1/listings/:id/history` (staff and the parties) — the audit trail. */
export function getListingHistory(id: string, signal?: AbortSignal): Promise<AuditEntryDto[]> {
  return requestJson<AuditEntryDto[]>(listingPath(id, '/history'), { signal });
}

/** What `GET /api/v1/expert/assignments` returns. */
export interface ExpertAssignments {
  listings: ListingSummaryDto[];
  applications: ApplicationDto[];
}

/** `GET /api/v1/expert/assignments` (expert). */
export function getExpertAssignments(signal?: AbortSignal): Promise<ExpertAssignments> {
  return requestJson<ExpertAssignments>('/expert/assignments', { signal });
}
