/**
 * The write calls of the deal page: one TanStack mutation per action (`POST /api/v1/deals/{id}/…`), typed by the
 * contract, each marking stale what the action changed (the deal, its history, the deal lists, the notice board;
 * `dealChanged`). `mutateAsync` settles after those refetches, so the page shows the new state when it resolves.
 */
import type { paths } from '../../../../generated/openapi-schema';
import { $api } from '../../../api/query';
import { dealChanged } from '../lib/deals';

/** The deal actions of the contract: `POST /api/v1/deals/{id}/…` paths (uploads excepted). */
export type DealActionPath = {
  [P in keyof paths]: P extends `/api/v1/deals/{id}/${string}`
    ? paths[P] extends { post: object }
      ? P extends '/api/v1/deals/{id}/attachments'
        ? never
        : P
      : never
    : never;
}[keyof paths];

/** The mutation of one deal action; on success everything the action changed is refetched. */
export function useDealMutation<P extends DealActionPath>(path: P) {
  return $api.useMutation('post', path, { onSuccess: () => dealChanged() });
}
