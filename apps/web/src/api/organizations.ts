/**
 * Organisation endpoints of the API client: registration, the staff list, verification, control edges,
 * credit records, matching and the eligibility check.
 */
import type {
  ControlEdgeDto,
  CreateControlEdgeDto,
  CreateCreditRecordDto,
  CreditRecordDto,
  EligibilityCheckDto,
  EligibilityResponse,
  EndControlEdgeDto,
  ListingMatchDto,
  MatchPage,
  OrganizationDto,
  OrgMatchDto,
  Page,
  RegisterOrganizationDto,
  VerifyOrganizationDto,
} from '@jiebang/contracts';
import { requestJson, toQueryString } from './core';

/** `POST /api/v1/organizations` — public self-registration; the organisation starts unverified. */
export function registerOrganization(body: RegisterOrganizationDto): Promise<OrganizationDto> {
  return requestJson<OrganizationDto>('/organizations', { method: 'POST', body, auth: 'none' });
}

/** Query of `GET /api/v1/organizations` (staff). */
export interface OrganizationListParams {
  q?: string;
  verified?: 'true' | 'false';
  page?: number;
  pageSize?: number;
}

/** `GET /api/v1/organizations` (staff) — paginated, searchable. */
export function listOrganizations(
  params: OrganizationListParams,
  signal?: AbortSignal,
): Promise<Page<OrganizationDto>> {
  return requestJson<Page<OrganizationDto>>(`/organizations${toQueryString(params)}`, { signal });
}

/** `GET /api/v1/organizations/:id`. */
export function getOrganization(id: string, signal?: AbortSignal): Promise<OrganizationDto> {
  return requestJson<OrganizationDto>(`/organizations/${encodeURIComponent(id)}`, { signal });
}

/** `POST /api/v1/organizations/:id/verify` (staff). */
export function verifyOrganization(id: string, body: VerifyOrganizationDto): Promise<OrganizationDto> {
  return requestJson<OrganizationDto>(`/organizations/${encodeURIComponent(id)}/verify`, { method: 'POST', body });
}

/** Direct control edges above (`controllers`) and below (`controlled`) an organisation. */
export interface OrganizationControls {
  controllers: ControlEdgeDto[];
  controlled: ControlEdgeDto[];
}

/** `GET /api/v1/organizations/:id/controls`. */
export function getOrganizationControls(id: string, signal?: AbortSignal): Promise<OrganizationControls> {
  return requestJson<OrganizationControls>(`/organizations/${encodeURIComponent(id)}/controls`, { signal });
}

/** `POST /api/v1/controls` (staff) — 409 `CONTROL_EDGE_EXISTS`, 422 `CONTROL_SELF_EDGE`. */
export function createControlEdge(body: CreateControlEdgeDto): Promise<ControlEdgeDto> {
  return requestJson<ControlEdgeDto>('/controls', { method: 'POST', body });
}

/**
 * `POST /api/v1/controls/:id/end` (staff): ends the edge (kept, with `validTo`; default yesterday) →
 * the ended edge. 409 `CONTROL_EDGE_ENDED`, 422 `VALIDITY_RANGE`.
 */
export function endControlEdge(id: string, body: EndControlEdgeDto = {}): Promise<ControlEdgeDto> {
  return requestJson<ControlEdgeDto>(`/controls/${encodeURIComponent(id)}/end`, { method: 'POST', body });
}

/** `GET /api/v1/organizations/:id/credit-records` (staff). */
export function getCreditRecords(orgId: string, signal?: AbortSignal): Promise<CreditRecordDto[]> {
  return requestJson<CreditRecordDto[]>(`/organizations/${encodeURIComponent(orgId)}/credit-records`, { signal });
}

/** `POST /api/v1/credit-records` (staff). */
export function createCreditRecord(body: CreateCreditRecordDto): Promise<CreditRecordDto> {
  return requestJson<CreditRecordDto>('/credit-records', { method: 'POST', body });
}

// ---- Matching and eligibility ----

/** Pagination of the `/matches` endpoints. */
export interface MatchParams {
  page?: number;
  pageSize?: number;
}

/** `GET /api/v1/organizations/:id/matches` (staff or the organisation's own users) — listings it may take. */
export function getOrganizationMatches(
  orgId: string,
  params: MatchParams,
  signal?: AbortSignal,
): Promise<MatchPage<ListingMatchDto>> {
  return requestJson<MatchPage<ListingMatchDto>>(
    `/organizations/${encodeURIComponent(orgId)}/matches${toQueryString(params)}`,
    { signal },
  );
}

/** `GET /api/v1/listings/:id/matches` (staff or the poster's users) — eligible candidates, ranked. */
export function getListingMatches(
  listingId: string,
  params: MatchParams,
  signal?: AbortSignal,
): Promise<MatchPage<OrgMatchDto>> {
  return requestJson<MatchPage<OrgMatchDto>>(
    `/listings/${encodeURIComponent(listingId)}/matches${toQueryString(params)}`,
    { signal },
  );
}

/** `POST /api/v1/eligibility/check` — may this organisation (or consortium) take this listing? */
export function checkEligibility(body: EligibilityCheckDto): Promise<EligibilityResponse> {
  return requestJson<EligibilityResponse>('/eligibility/check', { method: 'POST', body });
}
