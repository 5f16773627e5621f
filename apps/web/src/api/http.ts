/**
 * The typed API client generated from the contract: `openapi-fetch` over the `paths` that openapi-typescript
 * generates from `libs/contracts/openapi.json` (`apps/web/generated/openapi-schema.d.ts`, `npm run openapi`). Every
 * path, parameter, body and answer is typed from the document, so an API change that the web does not follow fails
 * `tsc`. Paths are the document's, with the `/api/v1` prefix:
 * `api.GET('/api/v1/listings/{id}', { params: { path: { id } } })`. Pages read through TanStack Query (`./query`).
 *
 * Every call goes through the same middleware:
 * - the stored access token is sent as `Authorization: Bearer …` (renewed first when only the refresh token is
 *   left); a 401 `TOKEN_EXPIRED` renews it once and retries;
 * - any other 401 on a call that carried a token forgets the token; the call is retried once without it (public
 *   reads answer anonymously) and, if it is refused again, the app is told to send the user to log in;
 * - an error status rejects with an `ApiError` (`./errors`) carrying the server's `ApiErrorBody`, and a network
 *   failure with `ApiError` `NETWORK_ERROR`: callers never look at `response.ok`.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from '../../generated/openapi-schema';
import { getRefreshToken, getToken } from '../auth/token';
import { errorOfResponse, isAbort, networkError, toApiError } from './errors';
import { noteUnauthorized, refreshSession } from './session';

/** A copy of each request as it left, with the token it carried, to retry it after a refresh. */
const sent = new WeakMap<Request, { retry: Request; token: string | null }>();

/** The `code` of an error response, read from a copy. */
async function codeOf(res: Response): Promise<unknown> {
  return res
    .clone()
    .json()
    .then((b: { code?: unknown }) => b.code)
    .catch(() => undefined);
}

/** Sends `request` again (with `token`, or anonymously when it is null). */
function resend(request: Request, token: string | null): Promise<Response> {
  if (token) request.headers.set('Authorization', `Bearer ${token}`);
  else request.headers.delete('Authorization');
  return fetch(request);
}

/** Adds the bearer token; on 401 renews the session once or retries anonymously (see the module comment). */
export const bearerAuth: Middleware = {
  async onRequest({ request }) {
    let token = getToken();
    if (!token && getRefreshToken()) token = await refreshSession();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    sent.set(request, { retry: request.clone(), token });
    return request;
  },
  async onResponse({ request, response }) {
    const before = sent.get(request);
    // A call without a token (login, a visitor) gets its 401 as an ordinary refusal.
    if (response.status !== 401 || !before?.token) return undefined;
    if ((await codeOf(response)) === 'TOKEN_EXPIRED' && getRefreshToken()) {
      const renewed = await refreshSession();
      if (renewed) {
        const again = await resend(before.retry.clone(), renewed);
        if (again.status !== 401) return again;
      }
    }
    // The session is over: forget the token, then try once as an anonymous visitor (public reads still answer).
    noteUnauthorized(before.token, false);
    const anonymous = await resend(before.retry, null);
    if (anonymous.status === 401) noteUnauthorized(null, true);
    return anonymous;
  },
};

/** Turns every error status into a rejected `ApiError` and every network failure into `NETWORK_ERROR`. */
export const throwApiErrors: Middleware = {
  async onResponse({ response }) {
    if (!response.ok) throw await errorOfResponse(response);
    return undefined;
  },
  onError({ error }) {
    if (isAbort(error)) return error as Error;
    return error instanceof TypeError ? networkError() : toApiError(error);
  },
};

/**
 * The API, typed by the OpenAPI contract; same origin (absolute, as `Request` needs outside a page), bearer token,
 * refresh and `ApiError`s for every call.
 */
export const api = createClient<paths>({
  baseUrl: globalThis.location?.origin ?? '',
  // Looked up per call (not captured once), so a page's polyfill or a test's stub of `fetch` is used.
  fetch: (request) => globalThis.fetch(request),
});
// Middleware runs onRequest in order and onResponse in reverse: auth sees the raw 401 before it becomes an error.
api.use(throwApiErrors, bearerAuth);

/**
 * The data of a call, for code outside queries and mutations: `await unwrap(api.POST(...))`. The middleware has
 * already turned every failure into a rejected `ApiError`, so a settled call always has its data (`undefined` only
 * for a 204 answer, whose type says so).
 */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown }>): Promise<T> {
  const { data } = await call;
  return data as T;
}
