/**
 * What an organisation change makes stale: the cached queries each mutation of this feature invalidates (every
 * parameter set of each path, so every open organisation and list refetches).
 */
import { invalidate } from '../../../api/query';

/** After a control edge or a credit record changed: the relations, and the matches that depend on them. */
export function invalidateOrgRelations(): Promise<void> {
  return invalidate(
    '/api/v1/organizations/{id}/controls',
    '/api/v1/organizations/{id}/credit-records',
    '/api/v1/organizations/{id}/matches',
    '/api/v1/listings/{id}/matches',
  );
}

/** After an organisation was verified: the organisation, the lists and the matches. */
export function invalidateOrganizations(): Promise<void> {
  return invalidate(
    '/api/v1/organizations/{id}',
    '/api/v1/organizations',
    '/api/v1/organizations/{id}/matches',
    '/api/v1/listings/{id}/matches',
  );
}
