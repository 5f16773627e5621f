/**
 * Server state of the web app: TanStack Query over the generated client (`openapi-react-query`), so a page asks
 * for `$api.useQuery('get', '/api/v1/deals/{id}', { params: { path: { id } } })` and gets typed data, caching,
 * retries and refetch on focus; a mutation is `$api.useMutation('post', …)` and invalidates what it changed
 * (`invalidate`). Query keys are `[method, path, init]`, so `invalidate('/api/v1/deals/{id}')` refreshes every
 * open deal and `invalidate('/api/v1/deals')` every deal list. Socket events invalidate queries the same way
 * (`useLiveInvalidation` in `./live`).
 */
import { QueryClient } from '@tanstack/react-query';
import createQueryClient from 'openapi-react-query';
import type { paths } from '../../generated/openapi-schema';
import { ApiError } from './errors';
import { api } from './http';

/** Statuses worth a retry (the server or the network may recover); a refusal (4xx) is final. */
function retriable(error: unknown): boolean {
  return !(error instanceof ApiError) || error.status === 0 || error.status >= 500;
}

/** The app's one query client: 30 s fresh, two retries of transient failures, no retry of mutations. */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      retry: (count, error) => count < 2 && retriable(error),
      refetchOnWindowFocus: true,
    },
    mutations: { retry: false },
  },
});

/** The generated client as hooks: `$api.useQuery`, `$api.useMutation`, `$api.queryOptions`. */
export const $api = createQueryClient(api);

/** A path of the contract (`/api/v1/...`). */
export type ApiPath = keyof paths;

/**
 * Marks every cached GET of each `path` stale and refetches the ones on screen (all parameter sets: the key is
 * `['get', path, init]`). Returns when the refetches are done.
 */
export function invalidate(...paths: ApiPath[]): Promise<void> {
  return Promise.all(paths.map((p) => queryClient.invalidateQueries({ queryKey: ['get', p] }))).then(() => undefined);
}

/** Forgets every cached answer (logout, a different user): nothing of one session is shown to the next. */
export function clearServerState(): void {
  queryClient.clear();
}
