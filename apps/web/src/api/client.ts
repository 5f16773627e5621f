/**
 * HTTP client of the API (`/api/v1`, same origin). Every failure is turned into an `ApiError` carrying the
 * server's `ApiErrorBody` (or a synthesized one for network / parse failures). Protected calls send the
 * stored access token as `Authorization: Bearer …`.
 */
import type {
  AnnouncementDto,
  ApiErrorBody,
  ApplicationDto,
  AssignExpertDto,
  AttachmentDto,
  AttachmentKind,
  AuditEntryDto,
  ChallengeDemandDto,
  CloseListingDto,
  ControlEdgeDto,
  CreateApplicationDto,
  CreateControlEdgeDto,
  CreateCreditRecordDto,
  CreateListingDto,
  CreditRecordDto,
  ChangePasswordDto,
  CurrentUser,
  DeclineDto,
  EligibilityCheckDto,
  EligibilityResponse,
  EndControlEdgeDto,
  Field,
  ListingDetail,
  ListingFormDto,
  ListingKind,
  ListingMatchDto,
  ListingSearchResponse,
  ListingSummaryDto,
  ListingStatus,
  LoginDto,
  LoginResponse,
  MatchPage,
  MessageDto,
  NegotiationDto,
  NotificationDto,
  OrganizationDto,
  OrgMatchDto,
  OrgType,
  Page,
  ReasonDto,
  RegisterOrganizationDto,
  ScoreDto,
  ScreeningOpinionDto,
  SubmitListingDto,
  TotpConfirmDto,
  TotpConfirmed,
  TotpEnrolDto,
  TotpEnrolment,
  VerifyOrganizationDto,
} from '@jiebang/contracts';
import { clearToken, getRefreshToken, getToken, setToken } from '../auth/token';

/** Base path of the versioned public API. */
export const API_BASE = '/api/v1';

/** An API call that failed; `body` is the server's error body (or a synthesized one). */
export class ApiError extends Error {
  /** HTTP status (0 when the request never got a response). */
  readonly status: number;
  /** Machine-readable error code, e.g. `NOT_FOUND`, `VALIDATION_FAILED`, `NETWORK_ERROR`. */
  readonly code: string;
  /** The full error body. */
  readonly body: ApiErrorBody;

  constructor(body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.status = body.statusCode;
    this.code = body.code;
    this.body = body;
  }
}

/** True when `value` looks like an `ApiErrorBody`. */
function isApiErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.statusCode === 'number' && typeof v.code === 'string' && typeof v.message === 'string';
}

/** Nest's default error shape uses `message: string | string[]`; normalise it to one string. */
function messageOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const m = (value as Record<string, unknown>).message;
  if (typeof m === 'string') return m;
  if (Array.isArray(m)) return m.map(String).join('；');
  return undefined;
}

/**
 * How a request uses the access token: `required` (protected route; a 401 ends the session), `optional`
 * (public route; sent when present, and retried without it if the server rejects it) or `none`.
 */
export type AuthMode = 'required' | 'optional' | 'none';

/** Options of `requestJson`. */
export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** JSON body, or a `FormData` sent as `multipart/form-data`. */
  body?: unknown;
  /** `Accept` header; defaults to `application/json`. */
  accept?: string;
  signal?: AbortSignal;
  /** Defaults to `required`. */
  auth?: AuthMode;
}

/** What the client tells the app when the server rejected the access token. */
export interface UnauthorizedEvent {
  /** True when the rejected call needed a session (so the user should log in again). */
  required: boolean;
}

let unauthorizedHandler: ((event: UnauthorizedEvent) => void) | undefined;

/** Registers the app's reaction to a rejected token (at most one handler); returns an unregister function. */
export function setUnauthorizedHandler(handler: (event: UnauthorizedEvent) => void): () => void {
  unauthorizedHandler = handler;
  return () => {
    if (unauthorizedHandler === handler) unauthorizedHandler = undefined;
  };
}

/** Sends one request; network failures become `ApiError`s, aborts are rethrown. */
async function send(path: string, opts: RequestOptions, token: string | null): Promise<Response> {
  const headers: Record<string, string> = { Accept: opts.accept ?? 'application/json' };
  const multipart = opts.body instanceof FormData;
  // A multipart body gets its Content-Type (with the boundary) from the browser.
  if (opts.body !== undefined && !multipart) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  try {
    return await fetch(`${API_BASE}${path}`, {
      method: opts.method ?? 'GET',
      headers,
      body: opts.body === undefined ? undefined : multipart ? (opts.body as FormData) : JSON.stringify(opts.body),
      signal: opts.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError({ statusCode: 0, code: 'NETWORK_ERROR', message: '网络连接失败，请检查网络后重试' });
  }
}

/** Error codes synthesised for statuses whose body is not an `ApiErrorBody`. */
const STATUS_CODES: Record<number, string> = { 401: 'UNAUTHORIZED', 403: 'FORBIDDEN', 404: 'NOT_FOUND' };

/** Fallback message of an error status whose body is not an `ApiErrorBody`. */
function statusMessage(status: number): string {
  if (status === 401) return '登录已过期或尚未登录，请重新登录';
  if (status === 403) return '无权访问';
  return `服务暂时不可用(HTTP ${status})，请稍后重试`;
}

/** Parses a response: the JSON payload on success (`undefined` for 204), an `ApiError` otherwise. */
async function parse<T>(res: Response): Promise<T> {
  let payload: unknown = undefined;
  const text = await res.text();
  if (text) {
    try {
      payload = JSON.parse(text);
    } catch {
      payload = undefined;
    }
  }
  if (!res.ok) {
    if (isApiErrorBody(payload)) throw new ApiError(payload);
    throw new ApiError({
      statusCode: res.status,
      code: STATUS_CODES[res.status] ?? 'HTTP_ERROR',
      message: messageOf(payload) ?? statusMessage(res.status),
    });
  }
  if (res.status === 204) return undefined as T;
  if (payload === undefined) {
    throw new ApiError({ statusCode: res.status, code: 'BAD_RESPONSE', message: '服务器返回了无法解析的数据' });
  }
  return payload as T;
}

/**
 * Tells the app that the server refused `token` on a protected channel other than HTTP (the negotiation
 * socket's `connect_error` `UNAUTHORIZED`): the token is forgotten and the user is sent to log in again.
 */
export function reportUnauthorized(token: string | null): void {
  noteUnauthorized(token, 'required');
}

/** Reacts to a 401 of a call made with `token` under `auth`: forgets the token and tells the app. */
function noteUnauthorized(token: string | null, auth: AuthMode): void {
  if (auth === 'none') return;
  // Only forget the token this request used: a login may have replaced it meanwhile.
  if (token && getToken() === token) clearToken();
  // A protected call also reports when the token had already expired locally (and was not sent).
  if (token || auth === 'required') unauthorizedHandler?.({ required: auth === 'required' });
}

/**
 * Sends `path` (relative to `API_BASE`) with the stored bearer token and returns the raw response. A 401 on a
 * call that carried a token forgets the token and tells the app; an `optional` call is then retried without it.
 */
async function authorizedFetch(path: string, opts: RequestOptions): Promise<Response> {
  const auth = opts.auth ?? 'required';
  let token = auth === 'none' ? null : getToken();
  // The access token lives 15 minutes: renew it with the refresh token before a call, or after a 401 TOKEN_EXPIRED.
  if (auth !== 'none' && !token && getRefreshToken()) token = await refreshSession();
  let res = await send(path, opts, token);
  if (res.status === 401 && token && getRefreshToken() && (await errorCode(res)) === 'TOKEN_EXPIRED') {
    const renewed = await refreshSession();
    if (renewed) {
      token = renewed;
      res = await send(path, opts, token);
    }
  }
  if (res.status === 401 && auth !== 'none') {
    noteUnauthorized(token, auth);
    if (token && auth === 'optional') return authorizedFetch(path, { ...opts, auth: 'none' });
  }
  return res;
}

/** The `code` of an error response, read from a copy (the response stays readable). */
async function errorCode(res: Response): Promise<string | undefined> {
  try {
    const body = (await res.clone().json()) as { code?: unknown };
    return typeof body.code === 'string' ? body.code : undefined;
  } catch {
    return undefined;
  }
}

let refreshing: Promise<string | null> | undefined;

/** One refresh (`POST /auth/refresh`); stores and returns the new access token, or null (both tokens forgotten). */
async function refreshOnce(): Promise<string | null> {
  const before = getRefreshToken();
  if (!before) return null;
  const work = async (): Promise<string | null> => {
    // Another tab may have rotated the refresh token while this one waited for the lock: use its result.
    const current = getRefreshToken();
    if (!current) return null;
    if (current !== before) return getToken();
    const res = await send('/auth/refresh', { method: 'POST', body: { refreshToken: current } }, null);
    if (!res.ok) {
      if (res.status === 401) clearToken();
      return null;
    }
    const tokens = await parse<LoginResponse>(res);
    setToken(tokens.accessToken, tokens.refreshToken);
    return tokens.accessToken;
  };
  // A refresh token is used once (the server revokes the session if it sees one twice): tabs take turns.
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  return locks ? locks.request('jiebang.refresh', work) : work();
}

/**
 * Renews the access token with the stored refresh token (one request at a time, shared by concurrent callers).
 * @returns the new access token, or null when the session is over (the user must log in again).
 */
export function refreshSession(): Promise<string | null> {
  if (!refreshing) {
    refreshing = refreshOnce()
      .catch(() => null)
      .finally(() => {
        refreshing = undefined;
      });
  }
  return refreshing;
}

/**
 * Calls `path` (relative to `API_BASE`) with the stored bearer token and parses the JSON answer, throwing
 * `ApiError` on failure. A 401 on a call that carried a token forgets the token and tells the app.
 */
export async function requestJson<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  return parse<T>(await authorizedFetch(path, opts));
}

/**
 * Fetches `path` (relative to `API_BASE`) with the stored bearer token as a binary `Blob` (a file download),
 * throwing `ApiError` on failure (the error body is JSON as for every other call).
 */
export async function requestBlob(path: string, opts: RequestOptions = {}): Promise<Blob> {
  const res = await authorizedFetch(path, { ...opts, accept: '*/*' });
  // `parse` always throws for an error status.
  if (!res.ok) return parse<Blob>(res);
  try {
    return await res.blob();
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError({ statusCode: 0, code: 'NETWORK_ERROR', message: '下载中断，请检查网络后重试' });
  }
}

/** GETs a public `path` (relative to `API_BASE`) and parses the JSON answer, throwing `ApiError` on failure. */
export function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  return requestJson<T>(path, { signal, auth: 'optional' });
}

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

/** Serialises search params, leaving out empty values. */
export function toQueryString(params: object): string {
  const sp = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    const s = String(value).trim();
    if (s !== '') sp.set(key, s);
  }
  const qs = sp.toString();
  return qs ? `?${qs}` : '';
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

// ---- Identity ----

/**
 * `POST /api/v1/auth/login` — 401 `INVALID_CREDENTIALS`, 429 `LOGIN_THROTTLED`, 401 `TOTP_REQUIRED` /
 * `TOTP_INVALID`, 403 `TOTP_ENROLMENT_REQUIRED` (`details.enrolmentToken`).
 */
export function login(body: LoginDto): Promise<LoginResponse> {
  return requestJson<LoginResponse>('/auth/login', { method: 'POST', body, auth: 'none' });
}

/** `POST /api/v1/auth/logout` — revokes the current session on the server (204). */
export function logoutRequest(): Promise<void> {
  return requestJson<void>('/auth/logout', { method: 'POST' });
}

/**
 * `POST /api/v1/auth/change-password` — every session is revoked; the answer carries this device's new tokens.
 * 400 `CURRENT_PASSWORD_INVALID`, `PASSWORD_TOO_SHORT`, `PASSWORD_BLOCKED`, …
 */
export function changePassword(body: ChangePasswordDto): Promise<LoginResponse> {
  return requestJson<LoginResponse>('/auth/change-password', { method: 'POST', body });
}

/** `POST /api/v1/auth/totp/enrol` — the secret and its `otpauth://` URI (shown once). */
export function enrolTotp(body: TotpEnrolDto): Promise<TotpEnrolment> {
  return requestJson<TotpEnrolment>('/auth/totp/enrol', { method: 'POST', body, auth: 'optional' });
}

/** `POST /api/v1/auth/totp/confirm` — turns the factor on; with an enrolment token, completes the login. */
export function confirmTotp(body: TotpConfirmDto): Promise<TotpConfirmed> {
  return requestJson<TotpConfirmed>('/auth/totp/confirm', { method: 'POST', body, auth: 'optional' });
}

/** `GET /api/v1/auth/me` — the signed-in user. */
export function getMe(signal?: AbortSignal): Promise<CurrentUser> {
  return requestJson<CurrentUser>('/auth/me', { signal });
}

// ---- Organisations ----

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

// ---- Listing workflow (需求征集 → 需求论证 → 发布榜单) ----

/** `/listings/:id` + `suffix`, with the id encoded. */
function listingPath(id: string, suffix = ''): string {
  return `/listings/${encodeURIComponent(id)}${suffix}`;
}

/** `/applications/:id` + `suffix`, with the id encoded. */
function applicationPath(id: string, suffix = ''): string {
  return `/applications/${encodeURIComponent(id)}${suffix}`;
}

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

// ---- Applications (揭榜申报) and review (评审推荐) ----

/** `POST /api/v1/applications` — 422 `INELIGIBLE` (blocks with paths), 409 `APPLICATION_EXISTS`. */
export function createApplication(body: CreateApplicationDto): Promise<ApplicationDto> {
  return requestJson<ApplicationDto>('/applications', { method: 'POST', body });
}

/** `GET /api/v1/my/applications`. */
export function getMyApplications(signal?: AbortSignal): Promise<ApplicationDto[]> {
  return requestJson<ApplicationDto[]>('/my/applications', { signal });
}

/** `GET /api/v1/applications/:id`. */
export function getApplication(id: string, signal?: AbortSignal): Promise<ApplicationDto> {
  return requestJson<ApplicationDto>(applicationPath(id), { signal });
}

/** `POST /api/v1/applications/:id/consent` (a user of a consortium member). */
export function consentApplication(id: string): Promise<ApplicationDto> {
  return requestJson<ApplicationDto>(applicationPath(id, '/consent'), { method: 'POST' });
}

/** `POST /api/v1/applications/:id/withdraw` (the lead applicant). */
export function withdrawApplication(id: string, body: ReasonDto): Promise<ApplicationDto> {
  return requestJson<ApplicationDto>(applicationPath(id, '/withdraw'), { method: 'POST', body });
}

/** `GET /api/v1/listings/:id/applications` (staff, and the poster). */
export function getListingApplications(id: string, signal?: AbortSignal): Promise<ApplicationDto[]> {
  return requestJson<ApplicationDto[]>(listingPath(id, '/applications'), { signal });
}

/** `POST /api/v1/applications/:id/review` (staff) — submitted → under_review. */
export function startReview(id: string): Promise<ApplicationDto> {
  return requestJson<ApplicationDto>(applicationPath(id, '/review'), { method: 'POST' });
}

/** `POST /api/v1/applications/:id/experts` (staff) — 422 `EXPERT_CONFLICT` with `details.path`. */
export function assignApplicationExpert(id: string, body: AssignExpertDto): Promise<unknown> {
  return requestJson<unknown>(applicationPath(id, '/experts'), { method: 'POST', body });
}

/** `POST /api/v1/applications/:id/scores` (assigned expert). */
export function submitScores(id: string, body: ScoreDto): Promise<unknown> {
  return requestJson<unknown>(applicationPath(id, '/scores'), { method: 'POST', body });
}

/** `POST /api/v1/applications/:id/recommend` (staff). */
export function recommendApplication(id: string, body: ReasonDto): Promise<ApplicationDto> {
  return requestJson<ApplicationDto>(applicationPath(id, '/recommend'), { method: 'POST', body });
}

/** `POST /api/v1/applications/:id/decline` (staff) — structured code + reason. */
export function declineApplication(id: string, body: DeclineDto): Promise<ApplicationDto> {
  return requestJson<ApplicationDto>(applicationPath(id, '/decline'), { method: 'POST', body });
}

/** `GET /api/v1/applications/:id/history` (staff and the parties). */
export function getApplicationHistory(id: string, signal?: AbortSignal): Promise<AuditEntryDto[]> {
  return requestJson<AuditEntryDto[]>(applicationPath(id, '/history'), { signal });
}

// ---- Notifications ----

/** `GET /api/v1/notifications` — newest first. */
export function getNotifications(signal?: AbortSignal): Promise<NotificationDto[]> {
  return requestJson<NotificationDto[]>('/notifications', { signal });
}

/** `POST /api/v1/notifications/:id/read`. */
export function markNotificationRead(id: string): Promise<unknown> {
  return requestJson<unknown>(`/notifications/${encodeURIComponent(id)}/read`, { method: 'POST' });
}

// ---- Attachments (知识产权证明, 支撑材料) ----

/** `/attachments/:id` + `suffix`, with the id encoded. */
function attachmentPath(id: string, suffix = ''): string {
  return `/attachments/${encodeURIComponent(id)}${suffix}`;
}

/** Options of `uploadAttachment`. */
export interface UploadAttachmentOptions {
  signal?: AbortSignal;
  /** Upload progress in percent (0-100), when the browser can tell. */
  onProgress?: (percent: number) => void;
}

/** Statuses whose responses never carry a body (the `Response` constructor refuses one). */
const NULL_BODY_STATUSES = new Set([204, 205, 304]);

/**
 * POSTs a multipart body with the stored bearer token via `XMLHttpRequest` (fetch cannot report upload
 * progress) and returns the answer as a `Response`; network failures become `ApiError`s, aborts are rethrown.
 */
function sendMultipart(path: string, body: FormData, token: string | null, opts: UploadAttachmentOptions) {
  return new Promise<Response>((resolve, reject) => {
    const aborted = () => new DOMException('上传已取消', 'AbortError');
    if (opts.signal?.aborted) {
      reject(aborted());
      return;
    }
    const xhr = new XMLHttpRequest();
    const onAbort = () => xhr.abort();
    const done = () => opts.signal?.removeEventListener('abort', onAbort);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    xhr.open('POST', `${API_BASE}${path}`);
    xhr.setRequestHeader('Accept', 'application/json');
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) opts.onProgress?.(Math.min(100, Math.round((e.loaded / e.total) * 100)));
    };
    xhr.onload = () => {
      done();
      const status = xhr.status >= 200 && xhr.status <= 599 ? xhr.status : 502;
      resolve(new Response(NULL_BODY_STATUSES.has(status) ? null : xhr.responseText, { status }));
    };
    xhr.onerror = xhr.ontimeout = () => {
      done();
      reject(new ApiError({ statusCode: 0, code: 'NETWORK_ERROR', message: '网络连接失败，请检查网络后重试' }));
    };
    xhr.onabort = () => {
      done();
      reject(aborted());
    };
    xhr.send(body);
  });
}

/**
 * `POST /api/v1/listings/:id/attachments` (the poster's users, while the listing is editable) — multipart with
 * `kind` and `file`; 400 `ATTACHMENT_TYPE_NOT_ALLOWED` / `ATTACHMENT_EMPTY`, 413 `ATTACHMENT_TOO_LARGE`,
 * 409 `ILLEGAL_TRANSITION`.
 */
export async function uploadAttachment(
  listingId: string,
  kind: AttachmentKind,
  file: File,
  opts: UploadAttachmentOptions = {},
): Promise<AttachmentDto> {
  const body = new FormData();
  // `kind` goes first so that a streaming multipart parser knows it before the file arrives.
  body.append('kind', kind);
  body.append('file', file, file.name);
  const token = getToken();
  const res = await sendMultipart(listingPath(listingId, '/attachments'), body, token, opts);
  if (res.status === 401) noteUnauthorized(token, 'required');
  return parse<AttachmentDto>(res);
}

/** `GET /api/v1/listings/:id/attachments` — the attachments the caller may see (public ones without a session). */
export function getListingAttachments(listingId: string, signal?: AbortSignal): Promise<AttachmentDto[]> {
  return requestJson<AttachmentDto[]>(listingPath(listingId, '/attachments'), { signal, auth: 'optional' });
}

/** `GET /api/v1/attachments/:id/download` — the file's content (saved by the caller, never shown inline). */
export function downloadAttachment(id: string, signal?: AbortSignal): Promise<Blob> {
  return requestBlob(attachmentPath(id, '/download'), { signal, auth: 'optional' });
}

/** `DELETE /api/v1/attachments/:id` (the poster's users, while the listing is editable) — 204. */
export function deleteAttachment(id: string): Promise<void> {
  return requestJson<void>(attachmentPath(id), { method: 'DELETE' });
}

// ---- Negotiation (组织对接洽谈) ----

/** One of my negotiations with its count of unread messages. */
export type MyNegotiation = NegotiationDto & { unread: number };

/** `GET /api/v1/my/negotiations` — the negotiations I take part in (or broker), with unread counts. */
export function getMyNegotiations(signal?: AbortSignal): Promise<MyNegotiation[]> {
  return requestJson<MyNegotiation[]>('/my/negotiations', { signal });
}

/** `GET /api/v1/applications/:id/negotiation` — the negotiation room of a recommended application. */
export function getApplicationNegotiation(applicationId: string, signal?: AbortSignal): Promise<NegotiationDto> {
  return requestJson<NegotiationDto>(applicationPath(applicationId, '/negotiation'), { signal });
}

/** The file attached to a negotiation message (declared here until the contracts' `MessageDto` carries it). */
export interface MessageAttachment {
  id: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
}

/** A negotiation message with its attachment, if any. */
export type RoomMessage = MessageDto & { attachment?: MessageAttachment | null };

/** `/negotiations/:id` + `suffix`, with the id encoded. */
function negotiationPath(id: string, suffix = ''): string {
  return `/negotiations/${encodeURIComponent(id)}${suffix}`;
}

/**
 * `POST /api/v1/negotiations/:id/attachments` (room members, room open) — multipart with `file`; the new message
 * (also broadcast to the room). 400 `ATTACHMENT_TYPE_NOT_ALLOWED` / `ATTACHMENT_EMPTY`, 413
 * `ATTACHMENT_TOO_LARGE`, 409 `NEGOTIATION_NOT_OPEN`, 403 `NOT_A_MEMBER`.
 */
export async function uploadNegotiationAttachment(
  negotiationId: string,
  file: File,
  opts: UploadAttachmentOptions = {},
): Promise<{ message: RoomMessage }> {
  const body = new FormData();
  body.append('file', file, file.name);
  const token = getToken();
  const res = await sendMultipart(negotiationPath(negotiationId, '/attachments'), body, token, opts);
  if (res.status === 401) noteUnauthorized(token, 'required');
  return parse<{ message: RoomMessage }>(res);
}

/** `GET /api/v1/negotiations/:id/attachments/:attachmentId/download` (members) — the file's content. */
export function downloadNegotiationAttachment(
  negotiationId: string,
  attachmentId: string,
  signal?: AbortSignal,
): Promise<Blob> {
  return requestBlob(negotiationPath(negotiationId, `/attachments/${encodeURIComponent(attachmentId)}/download`), {
    signal,
  });
}

/** Staff actions on a negotiation room. */
export type NegotiationStaffAction = 'pause' | 'resume' | 'close';

/** `POST /api/v1/negotiations/:id/pause|resume|close` (staff brokers) — with a required reason. */
export function negotiationStaffAction(
  id: string,
  action: NegotiationStaffAction,
  body: ReasonDto,
): Promise<NegotiationDto> {
  return requestJson<NegotiationDto>(`/negotiations/${encodeURIComponent(id)}/${action}`, { method: 'POST', body });
}
