/**
 * The typed API client generated from the contract: `openapi-fetch` over the `paths` that openapi-typescript
 * generates from `libs/contracts/openapi.json` (`./schema.d.ts`, `npm run openapi`). Every path, parameter, body and
 * answer is typed from the document, so an API change that the web does not follow fails `tsc`. Paths are the
 * document's, with the `/api/v1` prefix: `api.GET('/api/v1/listings/{id}', { params: { path: { id } } })`.
 *
 * Authentication reuses the transport of `./core` (one home for tokens): the stored access token is sent as
 * `Authorization: Bearer …` (renewed first when only the refresh token is left); a 401 `TOKEN_EXPIRED` renews it
 * once with `refreshSession` and retries the request; any other 401 on a call that carried a token forgets the
 * token and tells the app (`reportUnauthorized`). Not used by the pages yet (they move to it with TanStack Query).
 */
import createClient, { type Middleware } from 'openapi-fetch';
import { getRefreshToken, getToken } from '../auth/token';
import { refreshSession, reportUnauthorized } from './core';
import type { paths } from './schema';

/** A copy of each request as it left, with the token it carried, to retry it after a refresh. */
const sent = new WeakMap<Request, { retry: Request; token: string | null }>();

/** Adds the bearer token; on 401 `TOKEN_EXPIRED` refreshes the session once and retries. */
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
    if (response.status !== 401 || !before?.token) return undefined;
    const code = await response
      .clone()
      .json()
      .then((b: { code?: unknown }) => b.code)
      .catch(() => undefined);
    if (code === 'TOKEN_EXPIRED' && getRefreshToken()) {
      const renewed = await refreshSession();
      if (renewed) {
        before.retry.headers.set('Authorization', `Bearer ${renewed}`);
        const again = await fetch(before.retry);
        if (again.status !== 401) return again;
        reportUnauthorized(renewed);
        return again;
      }
    }
    reportUnauthorized(before.token);
    return undefined;
  },
};

/** The API, typed by the OpenAPI contract; same origin, bearer token and refresh as every other call. */
export const api = createClient<paths>({ baseUrl: '' });
api.use(bearerAuth);
