/**
 * The reads that show an application (揭榜申报): after any action on one (apply, consent, withdraw, review,
 * experts, scores, recommendation) they are marked stale, so every list and page on screen refetches.
 */
import { invalidate, type ApiPath } from '../../../api/query';

/** Every read that shows an application or its status. */
export const APPLICATION_READS: ApiPath[] = [
  '/api/v1/my/applications',
  '/api/v1/listings/{id}/applications',
  '/api/v1/applications/{id}',
  '/api/v1/applications/{id}/history',
  '/api/v1/expert/assignments',
  '/api/v1/my/negotiations',
];

/** Marks every read of an application stale (after an action changed one). */
export function invalidateApplicationReads(): Promise<void> {
  return invalidate(...APPLICATION_READS);
}
