/**
 * LEGACY transport of the hand-written endpoint functions, kept only until every page reads through the generated
 * client (`./http`, `./query`); errors, tokens and refresh come from `./errors` and `./session`.
 */
import { getRefreshToken, getToken } from '../auth/token';
import { ApiError, errorOfResponse } from './errors';
import { API_BASE, noteUnauthorized as noteSession, refreshSession } from './session';

export { API_BASE } from './session';
export { ApiError } from './errors';
export type { UnauthorizedEvent } from './session';
export { refreshSession, reportUnauthorized, setUnauthorizedHandler } from './session';

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

/** Parses a response: the JSON payload on success (`undefined` for 204), an `ApiError` otherwise. */
async function parse<T>(res: Response): Promise<T> {
  if (!res.ok) throw await errorOfResponse(res);
  let payload: unknown = undefined;
  const text = await res.text();
  if (text) {
    try {
      payload = JSON.parse(text);
    } catch {
      payload = undefined;
    }
  }
  if (res.status === 204) return undefined as T;
  if (payload === undefined) {
    throw new ApiError({ statusCode: res.status, code: 'BAD_RESPONSE', message: '服务器返回了无法解析的数据' });
  }
  return payload as T;
}

/** Reacts to a 401 of a call made with `token` under `auth`: forgets the token and tells the app. */
function noteUnauthorized(token: string | null, auth: AuthMode): void {
  if (auth === 'none') return;
  noteSession(token, auth === 'required');
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

/** `/listings/:id` + `suffix`, with the id encoded. */
export function listingPath(id: string, suffix = ''): string {
  return `/listings/${encodeURIComponent(id)}${suffix}`;
}

/** `/applications/:id` + `suffix`, with the id encoded. */
export function applicationPath(id: string, suffix = ''): string {
  return `/applications/${encodeURIComponent(id)}${suffix}`;
}

/** `/attachments/:id` + `suffix`, with the id encoded. */
export function attachmentPath(id: string, suffix = ''): string {
  return `/attachments/${encodeURIComponent(id)}${suffix}`;
}

/** `/negotiations/:id` + `suffix`, with the id encoded. */
export function negotiationPath(id: string, suffix = ''): string {
  return `/negotiations/${encodeURIComponent(id)}${suffix}`;
}

export { sendMultipartJson, type UploadAttachmentOptions } from './upload';
