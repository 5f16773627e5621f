/**
 * Uploads with progress: a multipart POST through `XMLHttpRequest`, because `fetch` (and so the generated client)
 * cannot report upload progress. The one call of the web that does not go through `./http`; it uses the same
 * token, the same session renewal (`refreshSession`: before the call when only the refresh token is left, and once
 * on a 401 `TOKEN_EXPIRED`, then the upload is sent again), the same 401 handling and the same `ApiError`s.
 */
import { getRefreshToken, getToken } from '../auth/token';
import { ApiError, errorOfResponse, networkError } from './errors';
import { API_BASE, noteUnauthorized, refreshSession } from './session';

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
      reject(networkError());
    };
    xhr.onabort = () => {
      done();
      reject(aborted());
    };
    xhr.send(body);
  });
}

/** The `code` of an error response, read from a copy (undefined when the body is not JSON). */
async function codeOf(res: Response): Promise<unknown> {
  return res
    .clone()
    .json()
    .then((b: { code?: unknown }) => b?.code)
    .catch(() => undefined);
}

/**
 * POSTs a multipart `body` to `path` (relative to `API_BASE`) with the stored bearer token, reporting upload
 * progress, and parses the JSON answer. As the fetch client (`./http`) does: with only a refresh token left the
 * session is renewed first; a 401 `TOKEN_EXPIRED` renews it once and sends the upload again (progress restarts);
 * any other 401, or one after the renewal, forgets the token and tells the app (as every protected call does).
 * Throws `ApiError` on failure; aborts are rethrown.
 */
export async function sendMultipartJson<T>(path: string, body: FormData, opts: UploadAttachmentOptions): Promise<T> {
  let token = getToken();
  if (!token && getRefreshToken()) token = await refreshSession();
  let res = await sendMultipart(path, body, token, opts);
  if (res.status === 401 && token && getRefreshToken() && (await codeOf(res)) === 'TOKEN_EXPIRED') {
    const renewed = await refreshSession();
    if (renewed) {
      token = renewed;
      res = await sendMultipart(path, body, token, opts);
    }
  }
  if (res.status === 401) noteUnauthorized(token, true);
  if (!res.ok) throw await errorOfResponse(res);
  const text = await res.text();
  if (!text) return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError({ statusCode: res.status, code: 'BAD_RESPONSE', message: '服务器返回了无法解析的数据' });
  }
}
