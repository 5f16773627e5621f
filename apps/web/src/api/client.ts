/**
 * HTTP client of the public API (`/api/v1`, same origin). Every failure is turned into an `ApiError`
 * carrying the server's `ApiErrorBody` (or a synthesized one for network / parse failures).
 */
import type {
  AnnouncementDto,
  ApiErrorBody,
  Field,
  ListingDetail,
  ListingKind,
  ListingSearchResponse,
  OrgType,
} from '@jiebang/contracts';

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

/** GETs `path` (relative to `API_BASE`) and parses the JSON answer, throwing `ApiError` on failure. */
export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${API_BASE}${path}`, { headers: { Accept: 'application/json' }, signal });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError({ statusCode: 0, code: 'NETWORK_ERROR', message: '网络连接失败，请检查网络后重试' });
  }
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
      code: res.status === 404 ? 'NOT_FOUND' : 'HTTP_ERROR',
      message: messageOf(payload) ?? `服务暂时不可用(HTTP ${res.status})，请稍后重试`,
    });
  }
  if (payload === undefined) {
    throw new ApiError({ statusCode: res.status, code: 'BAD_RESPONSE', message: '服务器返回了无法解析的数据' });
  }
  return payload as T;
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
