/**
 * HTTP client of the API (`/api/v1`, same origin). Every failure is turned into an `ApiError` carrying the
 * server's `ApiErrorBody` (or a synthesized one for network / parse failures). Protected calls send the
 * stored access token as `Authorization: Bearer …`.
 */
import type {
  AnnouncementDto,
  ApiErrorBody,
  ControlEdgeDto,
  CreateControlEdgeDto,
  CreateCreditRecordDto,
  CreditRecordDto,
  CurrentUser,
  EligibilityCheckDto,
  EligibilityResponse,
  Field,
  ListingDetail,
  ListingKind,
  ListingMatchDto,
  ListingSearchResponse,
  LoginDto,
  LoginResponse,
  MatchPage,
  OrganizationDto,
  OrgMatchDto,
  OrgType,
  Page,
  RegisterOrganizationDto,
  VerifyOrganizationDto,
} from '@jiebang/contracts';
import { clearToken, getToken } from '../auth/token';

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
  /** JSON body. */
  body?: unknown;
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
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  try {
    return await fetch(`${API_BASE}${path}`, {
      method: opts.method ?? 'GET',
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
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
 * Calls `path` (relative to `API_BASE`) with the stored bearer token and parses the JSON answer, throwing
 * `ApiError` on failure. A 401 on a call that carried a token forgets the token and tells the app.
 */
export async function requestJson<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const auth = opts.auth ?? 'required';
  const token = auth === 'none' ? null : getToken();
  const res = await send(path, opts, token);
  if (res.status === 401 && auth !== 'none') {
    // Only forget the token this request used: a login may have replaced it meanwhile.
    if (token && getToken() === token) clearToken();
    // A protected call also reports when the token had already expired locally (and was not sent).
    if (token || auth === 'required') unauthorizedHandler?.({ required: auth === 'required' });
    if (token && auth === 'optional') return requestJson<T>(path, { ...opts, auth: 'none' });
  }
  return parse<T>(res);
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

/** `POST /api/v1/auth/login` — 401 `INVALID_CREDENTIALS`, 423 `ACCOUNT_LOCKED`. */
export function login(body: LoginDto): Promise<LoginResponse> {
  return requestJson<LoginResponse>('/auth/login', { method: 'POST', body, auth: 'none' });
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

/** `DELETE /api/v1/controls/:id` (staff). */
export function deleteControlEdge(id: string): Promise<void> {
  return requestJson<void>(`/controls/${encodeURIComponent(id)}`, { method: 'DELETE' });
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
